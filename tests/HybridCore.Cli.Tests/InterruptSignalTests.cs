using System.Diagnostics;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Cli.Tests;

/// <summary>
/// A real Ctrl+C: SIGINT (<c>kill -INT</c>) to a child <c>hybridcore logs analyze</c>, watched through /proc. It needs
/// Linux, so the test project compiles this file only on Linux (see the .csproj): where it exists it runs, it is never
/// skipped. The in-process interrupt tests (<see cref="InterruptTests"/>) run everywhere.
/// </summary>
public sealed class InterruptSignalTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task LogsAnalyze_SigIntOrSigTerm_Exits130WithAMessage(string signal)
    {
        // A real Ctrl+C: SIGINT to a child 'hybridcore logs analyze' while it reads. System.CommandLine turns the signal
        // into the action's token; the message proves the command ended itself rather than being killed. 16 MiB of log
        // behind 96 links is 1.5 GiB to read — seconds even at the analyser's ~400 MB/s — far longer than it takes to see
        // the child open it and signal it.
        string dir = CliRunner.TempDirectory();
        try
        {
            string log = Path.Combine(dir, "big.log");
            using (FileStream f = File.Create(log))
            {
                IisLogGenerator.Generate(f, new IisLogGeneratorOptions { Seed = 5, Users = 50, TargetBytes = 16 << 20 });
            }

            string links = Directory.CreateDirectory(Path.Combine(dir, "links")).FullName;
            for (int i = 0; i < 96; i++)
            {
                File.CreateSymbolicLink(Path.Combine(links, $"u_ex26{i:0000}.log"), log);
            }

            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "HybridCore.Cli.dll"), "logs", "analyze", links, "--json" })
            {
                start.ArgumentList.Add(a);
            }

            using Process child = Process.Start(start)!;
            Task<string> stdout = child.StandardOutput.ReadToEndAsync();
            Task<string> stderr = child.StandardError.ReadToEndAsync();

            // Wait until the child has the log open: the analysis is under way.
            var clock = Stopwatch.StartNew();
            while (!ProcFd.HasOpen(child.Id, log))
            {
                if (child.HasExited)
                {
                    Assert.Fail($"the child ended ({child.ExitCode}) before it opened the log: {await stderr}");
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the child did not open the log within 60 s");
                await Task.Delay(5);
            }

            using (Process kill = Process.Start("kill", ["-" + signal, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync();
                Assert.Equal(0, kill.ExitCode);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await child.WaitForExitAsync(timeout.Token);
            string err = await stderr;
            Assert.Equal(ExitCodes.Interrupted, child.ExitCode);
            Assert.Contains(InterruptTests.Message, err, StringComparison.Ordinal);    // the command's own ending, not a killed process
            Assert.Equal(string.Empty, await stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
}
