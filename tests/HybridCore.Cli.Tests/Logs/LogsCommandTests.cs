using System.Text.Json;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Cli.Tests.Logs;

public sealed class LogsCommandTests(GeneratedLogs logs) : IClassFixture<GeneratedLogs>
{
    private static readonly Dictionary<ActiveSyncOutcome, string> OutcomeNames = new()
    {
        [ActiveSyncOutcome.Served] = "served",
        [ActiveSyncOutcome.Redirected] = "redirected",
        [ActiveSyncOutcome.OtherError] = "otherError",
        [ActiveSyncOutcome.AuthFailure] = "authFailure",
        [ActiveSyncOutcome.UserHasNoMailbox] = "userHasNoMailbox",
    };

    private static async Task<JsonElement> JsonAsync(params string[] args)
    {
        var (exit, output, error) = await CliRunner.RunAsync(["logs", "analyze", .. args, "--json"]);
        Assert.True(exit == ExitCodes.Ok, error);
        return JsonDocument.Parse(output).RootElement;
    }

    private static void AssertMatchesTruth(JsonElement report, params GeneratedLogTruth[] truths)
    {
        JsonElement totals = report.GetProperty("totals");
        Assert.Equal(truths.Length, totals.GetProperty("inputs").GetInt32());
        Assert.Equal(truths.Sum(t => t.Lines), totals.GetProperty("lines").GetInt64());
        Assert.Equal(truths.Sum(t => t.DataLines), totals.GetProperty("dataLines").GetInt64());
        Assert.Equal(truths.Sum(t => t.ActiveSyncLines), totals.GetProperty("activeSyncLines").GetInt64());
        Assert.Equal(truths.Sum(t => t.BrokenLines), totals.GetProperty("brokenLines").GetInt64());
        Assert.Equal(truths.Sum(t => t.Bytes), totals.GetProperty("bytes").GetInt64());
        Assert.Equal(truths.Sum(t => t.LinesContainingUserHasNoMailbox), totals.GetProperty("requests").GetProperty("userHasNoMailbox").GetInt64());

        GeneratedDevice[] expected = [.. truths.SelectMany(t => t.Devices)];
        Assert.Equal(expected.Length, totals.GetProperty("devices").GetInt32());
        Assert.Equal(expected.Select(d => d.User).Distinct(StringComparer.OrdinalIgnoreCase).Count(), totals.GetProperty("users").GetInt32());
        Assert.Equal(expected.Count(d => d.LastOutcome == ActiveSyncOutcome.UserHasNoMailbox), totals.GetProperty("devicesStuck").GetInt32());

        var rows = report.GetProperty("devices").EnumerateArray().ToDictionary(d => (d.GetProperty("user").GetString()!, d.GetProperty("deviceId").GetString()!));
        Assert.Equal(expected.Length, rows.Count);
        foreach (GeneratedDevice d in expected)
        {
            JsonElement row = rows[(d.User, d.DeviceId)];
            JsonElement counts = row.GetProperty("counts");
            Assert.Equal(d.Counts.Total, row.GetProperty("requests").GetInt64());
            Assert.Equal(d.Counts.Served, counts.GetProperty("served").GetInt64());
            Assert.Equal(d.Counts.Redirected, counts.GetProperty("redirected").GetInt64());
            Assert.Equal(d.Counts.UserHasNoMailbox, counts.GetProperty("userHasNoMailbox").GetInt64());
            Assert.Equal(d.Counts.AuthFailure, counts.GetProperty("authFailure").GetInt64());
            Assert.Equal(d.Counts.OtherError, counts.GetProperty("otherError").GetInt64());
            Assert.Equal(OutcomeNames[d.LastOutcome], row.GetProperty("lastOutcome").GetString());
            Assert.Equal(OutcomeNames[d.WorstOutcome], row.GetProperty("worstOutcome").GetString());
            Assert.Equal(d.DeviceType, row.GetProperty("deviceType").GetString());
            Assert.Equal(d.RedirectTarget, row.GetProperty("redirectTarget").GetString());
            Assert.Equal(d.FirstSeen.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("firstSeen").GetString());
            Assert.Equal(d.LastSeen.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("lastSeen").GetString());
        }
    }

    [Fact]
    public async Task Analyze_PlainFile_JsonMatchesTheGeneratorsTruth()
    {
        JsonElement report = await JsonAsync(logs.PlainPath);

        AssertMatchesTruth(report, logs.Plain);
        Assert.True(logs.Plain.BrokenLines > 0, "the generated log has broken lines");
        Assert.Equal(logs.Plain.BrokenLines, report.GetProperty("totals").GetProperty("brokenLinesByReason").EnumerateObject().Sum(p => p.Value.GetInt64()));
        Assert.NotEmpty(report.GetProperty("brokenLines").EnumerateArray());
    }

    [Fact]
    public async Task Analyze_GzipFile_JsonMatchesTheGeneratorsTruth()
    {
        JsonElement report = await JsonAsync(logs.GzipPath);

        AssertMatchesTruth(report, logs.Gzip);
    }

    [Fact]
    public async Task Analyze_Directory_ReadsThePlainAndTheGzipFile()
    {
        JsonElement report = await JsonAsync(logs.Root);

        AssertMatchesTruth(report, logs.Plain, logs.Gzip);
    }

    [Fact]
    public async Task Analyze_GzipUnderAnotherName_IsRecognisedByItsMagicBytes()
    {
        string copy = Path.Combine(CliRunner.TempDirectory(), "compressed.log");
        File.Copy(logs.GzipPath, copy);
        try
        {
            AssertMatchesTruth(await JsonAsync(copy), logs.Gzip);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }

    [Fact]
    public async Task Analyze_UserFilter_KeepsOnlyThatUsersDevices()
    {
        GeneratedDevice[] expected = [.. logs.Plain.Devices.Where(d => d.User.Contains("user1@", StringComparison.OrdinalIgnoreCase))];

        JsonElement report = await JsonAsync(logs.PlainPath, "--user", "USER1@");

        JsonElement[] rows = [.. report.GetProperty("devices").EnumerateArray()];
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Length, rows.Length);
        Assert.All(rows, r => Assert.Equal(expected[0].User, r.GetProperty("user").GetString()));
        Assert.Equal(expected.Sum(d => d.Counts.Total), report.GetProperty("totals").GetProperty("requests").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Analyze_DeviceFilter_MatchesTheDeviceType()
    {
        int expected = logs.Plain.Devices.Count(d => d.DeviceType.Contains("ipad", StringComparison.OrdinalIgnoreCase));

        JsonElement report = await JsonAsync(logs.PlainPath, "--device", "ipad");

        Assert.True(expected > 0);
        Assert.Equal(expected, report.GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public async Task Analyze_Top_KeepsTheWorstRowsAndAllTotals()
    {
        JsonElement all = await JsonAsync(logs.PlainPath);
        JsonElement top = await JsonAsync(logs.PlainPath, "--top", "3");

        Assert.Equal(3, top.GetProperty("devices").GetArrayLength());
        Assert.Equal(
            all.GetProperty("devices").EnumerateArray().Take(3).Select(d => d.GetProperty("deviceId").GetString()),
            top.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()));
        Assert.Equal(all.GetProperty("totals").GetRawText(), top.GetProperty("totals").GetRawText());
    }

    [Fact]
    public async Task Analyze_Table_ShowsRowsTotalsAndBrokenLinesWithoutColour()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["logs", "analyze", logs.PlainPath, "--top", "2"]);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(string.Empty, error);
        string[] lines = output.Split('\n');
        Assert.StartsWith("USER ", lines[0], StringComparison.Ordinal);
        Assert.Contains($"{logs.Plain.Devices.Count} devices", output, StringComparison.Ordinal);
        Assert.Contains($"{logs.Plain.BrokenLines} broken)", output, StringComparison.Ordinal);
        Assert.Contains("broken (FieldCountMismatch)", output, StringComparison.Ordinal);
        Assert.Contains($"Showing the first 2 of {logs.Plain.Devices.Count} devices", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[3].TrimEnd());   // header, two rows, then the blank line before the totals
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public async Task Analyze_TableOnATerminal_ColoursStuckRowsRed()
    {
        var (exit, output, _) = await CliRunner.RunAsync(
            ["logs", "analyze", logs.PlainPath],
            (o, e) => new CliConsole(o, e, () => Stream.Null, outputIsTerminal: true, colors: true));

        Assert.Equal(ExitCodes.Ok, exit);
        string stuck = logs.Plain.Devices.First(d => d.LastOutcome == ActiveSyncOutcome.UserHasNoMailbox).DeviceId;
        string row = output.Split('\n').Single(l => l.Contains(stuck, StringComparison.Ordinal));
        Assert.StartsWith("\u001b[31m", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_Csv_OneRowPerDeviceAndBrokenLinesNotedOnStderr()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["logs", "analyze", logs.PlainPath, "--csv"]);

        Assert.Equal(ExitCodes.Ok, exit);
        string[] rows = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("user,deviceId,deviceType,requests,lastOutcome,worstOutcome,", rows[0], StringComparison.Ordinal);
        Assert.Equal(logs.Plain.Devices.Count, rows.Length - 1);
        Assert.Contains($"{logs.Plain.BrokenLines} broken lines skipped", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_LargeInputOnATerminal_DrawsProgressOnStderrOnly()
    {
        var (exit, output, error) = await CliRunner.RunAsync(
            ["logs", "analyze", logs.Root, "--json"],
            (o, e) => new CliConsole(o, e, () => Stream.Null, outputIsTerminal: false, colors: false) { ErrorIsTerminal = true, ProgressThresholdBytes = 1 });

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("100%", error, StringComparison.Ordinal);
        Assert.Contains('\r', error);
        Assert.EndsWith("\r", error, StringComparison.Ordinal);   // the bar is erased before the report
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("totals").GetProperty("inputs").GetInt32());
    }

    [Theory]
    [InlineData(false, 1)]             // not a terminal: never
    [InlineData(true, long.MaxValue)]  // a terminal, small input: no
    public async Task Analyze_NoTerminalOrSmallInput_DrawsNoProgress(bool terminal, long threshold)
    {
        var (exit, _, error) = await CliRunner.RunAsync(
            ["logs", "analyze", logs.Root, "--json"],
            (o, e) => new CliConsole(o, e, () => Stream.Null, outputIsTerminal: false, colors: false) { ErrorIsTerminal = terminal, ProgressThresholdBytes = threshold });

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void ProgressBar_Format_ShowsFractionSizesAndFile()
    {
        string text = ProgressBar.Format(new LogAnalysisProgress("/logs/W3SVC1/u_ex260105.log", 256L << 20, 1024L << 20));

        Assert.Equal("[########----------------------]  25%  256/1024 MiB  u_ex260105.log", text);
    }

    [Fact]
    public async Task Analyze_MissingFile_ExitsOneNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".log");

        var (exit, output, error) = await CliRunner.RunAsync(["logs", "analyze", logs.PlainPath, missing]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"No such log file or directory: '{missing}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_DirectoryWithoutLogs_ExitsOne()
    {
        string empty = CliRunner.TempDirectory();
        try
        {
            var (exit, _, error) = await CliRunner.RunAsync(["logs", "analyze", empty]);

            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Contains("No log files (*.log, *.gz)", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task Analyze_NoActiveSyncLines_SaysSo()
    {
        string path = CliRunner.TempFile("#Fields: date time cs-method cs-uri-stem cs-uri-query sc-status\r\n2026-01-05 10:00:00 GET /owa/ - 200\r\n", ".log");
        try
        {
            var (exit, output, _) = await CliRunner.RunAsync(["logs", "analyze", path]);

            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Contains("No ActiveSync requests", output, StringComparison.Ordinal);
            Assert.Contains("0 users, 0 devices", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("logs")]                                     // no subcommand
    [InlineData("logs", "analyze")]                          // no path
    [InlineData("logs", "analyze", "x.log", "--json", "--csv")]
    [InlineData("logs", "analyze", "x.log", "--top", "0")]
    [InlineData("logs", "analyze", "x.log", "--top", "many")]
    [InlineData("logs", "analyze", "x.log", "--bogus")]     // not read as a path
    [InlineData("logs", "analyze", "--jsn", "x.log")]
    public async Task Analyze_BadCommandLine_ExitsTwo(params string[] args)
    {
        var (exit, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }
}
