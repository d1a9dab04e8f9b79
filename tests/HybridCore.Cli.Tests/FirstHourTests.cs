namespace HybridCore.Cli.Tests;

/// <summary>What a new user trips over first: plain messages instead of misleading output.</summary>
public sealed class FirstHourTests
{
    [Fact]
    public async Task LogsAnalyze_AFileThatIsNotAnIisLog_SaysSoAndFails()
    {
        string file = CliRunner.TempFile(string.Join('\n', Enumerable.Range(0, 81).Select(i => $"line {i} of a README, not a log")) + "\n", ".log");
        try
        {
            var (exit, output, error) = await CliRunner.RunAsync(["logs", "analyze", file]);
            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Contains("not an IIS (W3C extended) log", error, StringComparison.Ordinal);
            Assert.Contains("81 lines read", error, StringComparison.Ordinal);
            Assert.Equal(string.Empty, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task WbxmlDecode_AnXmlFile_SuggestsEncode()
    {
        string file = CliRunner.TempFile("\uFEFF  <?xml version=\"1.0\"?>\n<FolderSync xmlns=\"FolderHierarchy\"><SyncKey>0</SyncKey></FolderSync>\n", ".xml");
        try
        {
            var (exit, _, error) = await CliRunner.RunAsync(["wbxml", "decode", file]);
            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Contains("looks like XML", error, StringComparison.Ordinal);
            Assert.Contains("hybridcore wbxml encode", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Summaries_UseTheSingular_ForOne()
    {
        string log = Path.Combine(AppContext.BaseDirectory, "documented", "examples", "logs", "onboarding", "u_ex150126.log");
        var (exit, output, _) = await CliRunner.RunAsync(["logs", "analyze", log]);
        Assert.Equal(0, exit);
        Assert.Contains("1 user, 1 device, 1 ActiveSync request:", output, StringComparison.Ordinal);
        Assert.Contains("Read 1 file,", output, StringComparison.Ordinal);
        Assert.DoesNotContain("1 devices", output, StringComparison.Ordinal);
        Assert.DoesNotContain("1 files", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_OfLogsAndReadiness_WritesTextAsItIs()
    {
        // JSON for people and scripts: '&', '<', quotes-in-HTML and non-ASCII are not \u-escaped (control characters still are).
        string log = Path.Combine(AppContext.BaseDirectory, "documented", "examples", "logs", "onboarding", "u_ex150122.log");
        var (exit, json, _) = await CliRunner.RunAsync(["logs", "analyze", log, "--json"]);
        Assert.Equal(0, exit);
        Assert.Contains("\"redirectTarget\": \"https://outlook.office365.com/Microsoft-Server-ActiveSync\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0026", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", json, StringComparison.Ordinal);

        var (_, readiness, _) = await CliRunner.RunAsync(["readiness", "--json"]);
        Assert.Contains("'", readiness, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", readiness, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0026", readiness, StringComparison.Ordinal);
    }
}
