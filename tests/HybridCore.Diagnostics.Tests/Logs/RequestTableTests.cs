using System.Text;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

/// <summary>The analyser's table of request lines already parsed only saves work: a table that forgets everything
/// every few lines (and so parses nearly every line again) gives the same report byte for byte, whatever the lines
/// look like — base64 and plain queries, lines longer than a slot holds inline, devices that change type.</summary>
public class RequestTableTests
{
    private static string Json(byte[] log, int tableLimit, LogAnalysisOptions? options = null)
    {
        var analyzer = new ActiveSyncLogAnalyzer(options) { RequestTableLimit = tableLimit };
        using var reader = new W3CLogReader();
        reader.Read(new MemoryStream(log, writable: false), "a.log", analyzer);
        using var ms = new MemoryStream();
        LogReportWriter.WriteJson(analyzer.BuildReport(reader.Statistics), ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.4)]
    public void Report_TableThatStartsOverEveryFewLines_IsTheSame(double base64Share)
    {
        var ms = new MemoryStream();
        GeneratedLogTruth truth = IisLogGenerator.Generate(ms, new IisLogGeneratorOptions { Users = 400, TargetBytes = 2 << 20, BrokenLineRate = 0.01, Base64QueryShare = base64Share, Seed = 7 });
        byte[] log = ms.ToArray();

        string remembered = Json(log, int.MaxValue);

        Assert.True(truth.Devices.Count > 300, truth.Devices.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("\"devices\"", remembered, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(remembered, Json(log, 1));
        Assert.Equal(remembered, Json(log, 5));
        Assert.Equal(remembered, Json(log, 4096));
    }

    [Fact]
    public void Report_LongRequestLinesAndDevicesThatChangeType_IsTheSameAsParsingEveryLine()
    {
        // Request lines of 60 to 5,000 bytes (each kept whole in its record; past 4,096 a line is parsed every time), and a
        // device whose request lines name two device types in turn: the type reported is the latest line's.
        var text = new StringBuilder(SeedLines.FieldsWithoutReferer + "\n");
        string[] commands = ["Sync", "Ping", "FolderSync", "Sync&Extra=" + new string('x', 200), "Ping&Extra=" + new string('y', 5000)];
        for (int i = 0; i < 400; i++)
        {
            string user = "user" + (i % 7) + new string('n', i % 5 * 20) + "%40contoso.com";
            string type = (i / 3) % 2 == 0 ? "iPhone" : "iPad";
            string query = $"User={user}&DeviceId=DEV{i % 7}&DeviceType={type}&Cmd={commands[i % commands.Length]}&Log=V141_Sst2_{(i % 4 == 0 ? "Error:UserHasNoMailbox_S123_" : "")}";
            text.Append(Invariant($"2026-01-05 10:{i / 60:00}:{i % 60:00} 10.0.0.1 POST /Microsoft-Server-ActiveSync/default.eas {query} 443 - 203.0.113.9 Apple-iPhone {(i % 4 == 0 ? 200 : 451)} 0 0 15\n"));
        }

        byte[] log = Encoding.UTF8.GetBytes(text.ToString());
        string remembered = Json(log, int.MaxValue);

        Assert.Equal(Json(log, 1), remembered);
        LogAnalysisReport report = ActiveSyncLogAnalyzerTests.Analyze(text.ToString());
        Assert.Equal(7 * 5, report.Devices.Count); // user spelt five ways (name lengths) x seven devices
        Assert.Equal(400, report.Totals.ActiveSyncLines);
        Assert.Equal(0, report.Totals.InvalidQueries);
        // Line 399 (the last) is i = 399: (399 / 3) % 2 = 1, iPad; its device is DEV0 of user0 + 80 n's.
        DeviceActivity last = report.Devices.Single(d => d.DeviceId == "DEV0" && d.User.StartsWith("user0nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn@", StringComparison.Ordinal));
        Assert.Equal("iPad", last.DeviceType);
    }

    private static string Invariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
