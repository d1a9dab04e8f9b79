using System.Diagnostics;
using HybridCore.Cli.Tests.Logs;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Cli.Tests;

/// <summary>
/// Ctrl+C during <c>logs analyze</c> and <c>readiness --logs</c>: the analysis stops, the progress bar is erased, a message
/// says so on standard error, nothing is written to standard output, no log file stays open, and the exit code is
/// <see cref="ExitCodes.Interrupted"/> (130). In-process the action's token is cancelled through the token
/// <see cref="CliApp.RunAsync"/> links into it; InterruptSignalTests (Linux) sends a real SIGINT
/// to a child process.
/// </summary>
public sealed class InterruptTests(GeneratedLogs logs) : IClassFixture<GeneratedLogs>
{
    internal const string Message = "error: interrupted: 'hybridcore logs analyze' stopped before it finished; no report was written.";

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

    /// <summary>No handle of this process is open on the file (Linux: no /proc/self/fd entry points at it; everywhere:
    /// an exclusive open succeeds, which .NET refuses while a shared handle is open).</summary>
    private static void AssertNotOpen(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists("/proc/self/fd"))
        {
            Assert.False(ProcFd.HasOpen(Environment.ProcessId, full), $"{full} is still open");
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
