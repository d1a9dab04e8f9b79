using System.Globalization;
using System.Text.Json;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

public class LogReportWriterTests
{
    [Fact]
    public void WriteJson_SeedReport_RoundTripsTheNumbers()
    {
        LogAnalysisReport report = ActiveSyncLogAnalyzerTests.Analyze(ActiveSyncLogAnalyzerTests.SeedLog());
        var ms = new MemoryStream();

        LogReportWriter.WriteJson(report, ms);

        using JsonDocument doc = JsonDocument.Parse(ms.ToArray());
        JsonElement root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("totals").GetProperty("requests").GetProperty("total").GetInt64());
        JsonElement first = root.GetProperty("devices")[0];
        Assert.Equal("CONTOSO\\Mig8", first.GetProperty("user").GetString());
        Assert.Equal("userHasNoMailbox", first.GetProperty("lastOutcome").GetString());
        Assert.Equal("2015-01-26T23:07:39Z", first.GetProperty("lastSeen").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("redirectTarget").ValueKind);
        Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", root.GetProperty("devices")[1].GetProperty("redirectTarget").GetString());
    }

    [Fact]
    public void WriteCsv_FieldsWithCommasAndQuotes_AreQuoted()
    {
        var device = new DeviceActivity("a,\"b\"", "D1", "iPhone", 3, new OutcomeCounts(3, 0, 0, 0, 0), ActiveSyncOutcome.Served, ActiveSyncOutcome.Served, null, "x\ny", "16.1", true, true, null, null);
        var report = new LogAnalysisReport(new LogAnalysisTotals(), [device], [], new Dictionary<W3CBrokenLineReason, long>());
        var sw = new StringWriter(CultureInfo.InvariantCulture);

        LogReportWriter.WriteCsv(report, sw);

        string[] rows = sw.ToString().Split("\r\n");
        Assert.StartsWith("user,deviceId,deviceType,requests,lastOutcome,worstOutcome,", rows[0], StringComparison.Ordinal);
        // Commas and quotes are quoted (RFC 4180); a line break from a log value is escaped (DisplayText.CsvCell), so a
        // row stays one line whatever a device sent.
        Assert.Equal("\"a,\"\"b\"\"\",D1,iPhone,3,served,served,3,0,0,0,0,,x\\x0Ay,16.1,true,true,,,,,", rows[1]);
    }

    [Fact]
    public void WriteTable_SeedReport_ShowsOneRowPerDeviceAndTheTotals()
    {
        LogAnalysisReport report = ActiveSyncLogAnalyzerTests.Analyze(ActiveSyncLogAnalyzerTests.SeedLog());
        var sw = new StringWriter(CultureInfo.InvariantCulture);

        LogReportWriter.WriteTable(report, sw);

        string[] lines = sw.ToString().Split(Environment.NewLine);
        Assert.StartsWith("USER", lines[0], StringComparison.Ordinal);
        Assert.Contains("CONTOSO\\Mig8", lines[1], StringComparison.Ordinal);
        Assert.Contains("userHasNoMailbox", lines[1], StringComparison.Ordinal);
        Assert.Contains("https://outlook.office365.com/Microsoft-Server-ActiveSync", lines[2], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("2 users, 2 devices, 2 ActiveSync requests: 0 served, 1 redirected (451), 1 UserHasNoMailbox", StringComparison.Ordinal));
    }
}
