using System.Diagnostics;
using HybridCore.Diagnostics;

namespace HybridCore.Cli.Tests;

/// <summary>
/// Ctrl+C during <c>logs analyze</c> and <c>readiness --logs</c>: the analysis stops, the progress bar is erased, a message
/// says so on standard error, nothing is written to standard output, no log file stays open, and the exit code is
/// <see cref="ExitCodes.Interrupted"/> (130). In-process the action's token is cancelled through the token
/// <see cref="CliApp.RunAsync"/> links into it; <see cref="LogsAnalyze_SigInt_Exits130WithAMessage"/> sends a real SIGINT
/// to a child process.
/// </summary>
public sealed class InterruptTests(GeneratedLogs logs) : IClassFixture<GeneratedLogs>
{
    private const string Message = "error: interrupted: 'hybridcore logs analyze' stopped before it finished; no report was written.";

    [Theory]
    [InlineData("--json")]
    [InlineData("--csv")]
    [InlineData("--top")]
    public async Task LogsAnalyze_CancelledBeforeStart_Exits130WithoutAReport(string format)
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = format == "--top" ? ["logs", "analyze", logs.Root, "--top", "3"] : ["logs", "analyze", logs.Root, format];

        int exit = await CliRunner.RunAsync(args, CliConsole.ForTest(output, error), cts.Token);

        Assert.Equal(ExitCodes.Interrupted, exit);
        Assert.Equal(130, exit);
        Assert.Equal(string.Empty, output.ToString());
        Assert.Equal(Message + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task LogsAnalyze_CancelledWhileTheProgressBarIsShown_ErasesItExits130AndClosesTheFiles()
    {
        using var cts = new CancellationTokenSource();
        var output = new StringWriter();
        var error = new CancelOnProgressWriter(cts);
        var console = new CliConsole(output, error, () => Stream.Null, outputIsTerminal: false, colors: false) { ErrorIsTerminal = true, ProgressThresholdBytes = 1 };

        int exit = await CliRunner.RunAsync(["logs", "analyze", logs.Root], console, cts.Token);

        Assert.Equal(ExitCodes.Interrupted, exit);
        Assert.Equal(string.Empty, output.ToString());
        string err = error.ToString();
        Assert.True(error.Draws > 0, "the progress bar was drawn, so the analysis was under way");
        Assert.DoesNotContain("100%", err, StringComparison.Ordinal);
        // The bar's line is blanked before the message, so the message starts on a clean line.
        string erase = "\r" + new string(' ', 79) + "\r";
        Assert.EndsWith(erase + Message + Environment.NewLine, err, StringComparison.Ordinal);
        AssertNotOpen(logs.PlainPath);
        AssertNotOpen(logs.GzipPath);

        // The same run without cancelling completes: the test above stopped a run that would have finished.
        var (fullExit, full, _) = await CliRunner.RunAsync(["logs", "analyze", logs.Root, "--json"]);
        Assert.Equal(ExitCodes.Ok, fullExit);
        Assert.Contains("\"totals\"", full, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_CancelledWhileReadingLogs_Exits130WithoutFindings()
    {
        using var cts = new CancellationTokenSource();
        var output = new StringWriter();
        var error = new CancelOnProgressWriter(cts);
        var console = new CliConsole(output, error, () => Stream.Null, outputIsTerminal: false, colors: false) { ErrorIsTerminal = true, ProgressThresholdBytes = 1 };

        int exit = await CliRunner.RunAsync(["readiness", "--logs", logs.Root, "--json"], console, cts.Token);

        Assert.Equal(ExitCodes.Interrupted, exit);
        Assert.Equal(string.Empty, output.ToString());
        Assert.EndsWith("error: interrupted: 'hybridcore readiness' stopped before it finished; no report was written." + Environment.NewLine, error.ToString(), StringComparison.Ordinal);
        AssertNotOpen(logs.PlainPath);
        AssertNotOpen(logs.GzipPath);
    }

    [LinuxFact]
    public async Task LogsAnalyze_SigInt_Exits130WithAMessage()
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

            string links = System.IO.Directory.CreateDirectory(Path.Combine(dir, "links")).FullName;
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
            while (!HasOpen(child.Id, log))
            {
                if (child.HasExited)
                {
                    Assert.Fail($"the child ended ({child.ExitCode}) before it opened the log: {await stderr}");
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the child did not open the log within 60 s");
                await Task.Delay(5);
            }

            using (Process kill = Process.Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync();
                Assert.Equal(0, kill.ExitCode);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await child.WaitForExitAsync(timeout.Token);
            string err = await stderr;
            Assert.Equal(ExitCodes.Interrupted, child.ExitCode);
            Assert.Contains(Message, err, StringComparison.Ordinal);    // the command's own ending, not a killed process
            Assert.Equal(string.Empty, await stdout);
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    private static bool HasOpen(int pid, string path)
    {
        try
        {
            foreach (string fd in System.IO.Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (string.Equals(new FileInfo(fd).LinkTarget, path, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process is starting or ending, or a descriptor closed while we looked.
        }

        return false;
    }

    /// <summary>No handle of this process is open on the file (Linux: no /proc/self/fd entry points at it; everywhere:
    /// an exclusive open succeeds, which .NET refuses while a shared handle is open).</summary>
    private static void AssertNotOpen(string path)
    {
        string full = Path.GetFullPath(path);
        if (System.IO.Directory.Exists("/proc/self/fd"))
        {
            Assert.False(HasOpen(Environment.ProcessId, full), $"{full} is still open");
        }

        using var exclusive = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    /// <summary>Standard error that cancels the run the first time the progress bar is drawn (a carriage return).</summary>
    private sealed class CancelOnProgressWriter(CancellationTokenSource cts) : StringWriter
    {
        public int Draws { get; private set; }

        public override void Write(string? value)
        {
            base.Write(value);
            if (value is not null && value.StartsWith('\r') && value.Trim().Length > 0)
            {
                Draws++;
                cts.Cancel();
            }
        }
    }
}

/// <summary>A fact that needs Linux: it signals a child with <c>kill -INT</c> and watches its descriptors in /proc.
/// The build and CI run on Linux, so it runs there; elsewhere it is reported as skipped with this reason.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs Linux: kill -INT and /proc/<pid>/fd.";
        }
    }
}
