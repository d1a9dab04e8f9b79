using HybridCore.Diagnostics.Logs;

namespace HybridCore.Cli.Tests.Logs;

/// <summary><c>logs analyze --threads</c> and <c>logs export --parquet</c> end to end through the CLI.</summary>
public sealed class LogsExportAndThreadsTests(GeneratedLogs logs) : IClassFixture<GeneratedLogs>
{
    [Fact]
    public async Task Analyze_OneThreadAndFour_SameJson()
    {
        var (exit1, one, err1) = await CliRunner.RunAsync(["logs", "analyze", logs.Root, "--json", "--threads", "1"]);
        var (exit4, four, err4) = await CliRunner.RunAsync(["logs", "analyze", logs.Root, "--json", "--threads", "4"]);

        Assert.True(exit1 == ExitCodes.Ok, err1);
        Assert.True(exit4 == ExitCodes.Ok, err4);
        Assert.Equal(one, four);
    }

    [Fact]
    public async Task Analyze_ThreadsZero_UsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["logs", "analyze", logs.Root, "--threads", "0"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--threads must be 1 or more", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Parquet_WritesEveryActiveSyncRequest()
    {
        string output = Path.Combine(CliRunner.TempDirectory(), "requests.parquet");
        try
        {
            var (exit, text, error) = await CliRunner.RunAsync(["logs", "export", logs.Root, "--parquet", output, "--row-group-rows", "500"]);

            Assert.True(exit == ExitCodes.Ok, error);
            long expected = logs.Plain.ActiveSyncLines + logs.Gzip.ActiveSyncLines;
            Assert.StartsWith($"{expected} ActiveSync requests", text, StringComparison.Ordinal);
            Assert.True(new FileInfo(output).Length > 0);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    [Fact]
    public async Task Export_MissingInput_ClearError()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["logs", "export", "/nonexistent/logs", "--parquet", "/tmp/x.parquet"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("No such log file or directory", error, StringComparison.Ordinal);
    }
}
