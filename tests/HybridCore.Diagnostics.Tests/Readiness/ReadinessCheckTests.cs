using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridCore.Diagnostics.Logs;
using HybridCore.Diagnostics.Readiness;
using HybridCore.Diagnostics.Tests.Logs;

namespace HybridCore.Diagnostics.Tests.Readiness;

public class ReadinessCheckTests
{
    private static IReadOnlyList<ReadinessFinding> Check(string csv, ServerCheckOptions? options = null) =>
        ReadinessChecks.CheckServers(ServerInventory.Parse(new StringReader(csv)), options: options);

    private static ReadinessFinding Single(IReadOnlyList<ReadinessFinding> findings, ReadinessCode code) => Assert.Single(findings, f => f.Code == code);

    [Fact]
    public void ServerInventory_ExportCsv_IsRead()
    {
        string csv = "#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.ExchangeServer\r\n"
            + "\"Name\",\"AdminDisplayVersion\",\"ServerRole\"\r\n"
            + "\"EX01\",\"Version 15.1 (Build 2507.6)\",\"Mailbox\"\r\n"
            + "\"EX02\",\"Version 14.3 (Build 123.4)\",\"Mailbox, ClientAccess\"\r\n"
            + "\"EX03\",\"garbage\",\"Mailbox\"\r\n"
            + "\"EX04\r\n";

        ServerInventory inv = ServerInventory.Parse(new StringReader(csv));

        Assert.Equal([("EX01", "15.1.2507.6", "Mailbox"), ("EX02", "14.3.123.4", "Mailbox, ClientAccess")], inv.Servers.Select(s => (s.Name, s.Build.ToString(), s.Roles)).ToArray());
        Assert.Equal([(5, InventoryProblemReason.UnreadableBuild), (6, InventoryProblemReason.UnclosedQuote)], inv.Problems.Select(p => (p.Line, p.Reason)).ToArray());
    }

    [Fact]
    public void ServerInventory_WithoutVersionColumn_IsOneProblem()
    {
        ServerInventory inv = ServerInventory.Parse(new StringReader("Name,Site\nEX01,A\n"));

        Assert.Empty(inv.Servers);
        Assert.Equal(InventoryProblemReason.MissingColumns, Assert.Single(inv.Problems).Reason);
        Assert.Equal(ReadinessSeverity.Warning, Single(ReadinessChecks.CheckServers(inv), ReadinessCode.UnknownServerBuild).Severity);
    }

    [Fact]
    public void CheckServers_CurrentServers_AreReady()
    {
        // On the last day of 2016/2019 support nothing else is reported.
        IReadOnlyList<ReadinessFinding> f = Check("Name,Version\nEX19,15.2.1748.10\nSE1,15.2.2562.17\nEX16,15.1.2507.6\n", new ServerCheckOptions { Today = new DateOnly(2025, 10, 14) });

        ReadinessFinding ready = Assert.Single(f);
        Assert.Equal((ReadinessSeverity.Info, ReadinessCode.ServersReady), (ready.Severity, ready.Code));
        Assert.Equal(["EX19 (Exchange Server 2019 CU15, 15.2.1748.10)", "SE1 (Exchange Server SE RTM, 15.2.2562.17)", "EX16 (Exchange Server 2016 CU23, 15.1.2507.6)"], ready.Objects);
        Assert.Equal(0, new ReadinessReport(f).ExitCode);
    }

    [Fact]
    public void CheckServers_AfterEndOfSupport_WarnsWithTheDate_SubscriptionEditionNever()
    {
        const string csv = "Name,Version\nEX19,15.2.1748.10\nSE1,15.2.2562.17\nEX16,15.1.2507.6\nEX13,15.0.1497.2\nCAS10,14.3.513.0\n";
        IReadOnlyList<ReadinessFinding> f = Check(csv, new ServerCheckOptions { Today = new DateOnly(2025, 10, 15) });

        ReadinessFinding unsupported = Single(f, ReadinessCode.ServerOutOfSupport);
        Assert.Equal(ReadinessSeverity.Warning, unsupported.Severity);
        Assert.Equal(
            [
                "EX19 (Exchange Server 2019 CU15, 15.2.1748.10): support ended 2025-10-14",
                "EX16 (Exchange Server 2016 CU23, 15.1.2507.6): support ended 2025-10-14",
                "EX13 (Exchange Server 2013 CU23, 15.0.1497.2): support ended 2023-04-11",
                "CAS10 (Exchange Server 2010 SP3 RU32, 14.3.513.0): support ended 2020-10-13",
            ],
            unsupported.Objects);
        Assert.Null(ExchangeBuildCatalog.GetEndOfSupport(ExchangeProduct.ExchangeSE));
        Assert.Equal(new DateOnly(2017, 4, 11), ExchangeBuildCatalog.GetEndOfSupport(ExchangeProduct.Exchange2007));
    }

    [Theory]
    [InlineData("14.3.224.2", true)]   // 2010 SP3 RU8v2: the server of the article's failing IIS line
    [InlineData("14.3.235.1", false)]  // 2010 SP3 RU9
    [InlineData("15.0.1044.25", true)] // 2013 CU7
    [InlineData("15.0.1076.9", false)] // 2013 CU8
    [InlineData("15.1.225.42", false)] // 2016 RTM redirects
    public void CheckServers_EasRedirectMinimum(string build, bool flagged)
    {
        IReadOnlyList<ReadinessFinding> f = Check("Name,Build\nEX," + build + "\n");

        Assert.Equal(flagged, f.Any(x => x.Code == ReadinessCode.EasRedirectUnsupportedBuild && x.Severity == ReadinessSeverity.Error));
        Assert.Equal(flagged ? 1 : 0, new ReadinessReport(f).ExitCode);
    }

    [Fact]
    public void CheckServers_Exchange2007_IsAnErrorAndBlocksHybridModernAuth()
    {
        IReadOnlyList<ReadinessFinding> f = Check("Name,Build\nOLD,8.3.517.0\nNEW,15.1.2507.6\n");

        ReadinessFinding e = Single(f, ReadinessCode.Exchange2007InPath);
        Assert.Equal(ReadinessSeverity.Error, e.Severity);
        Assert.Equal(["OLD (Exchange Server 2007 SP3 RU23, 8.3.517.0)"], e.Objects);
        Assert.Equal(ReadinessSeverity.Warning, Single(f, ReadinessCode.HybridModernAuthLegacyServer).Severity);
        Assert.DoesNotContain(f, x => x.Code == ReadinessCode.ServersReady);
    }

    [Theory]
    [InlineData("15.0.1347.2", true)]  // 2013 CU18
    [InlineData("15.0.1365.1", false)] // 2013 CU19
    [InlineData("15.1.1261.35", true)] // 2016 CU7
    [InlineData("15.1.1415.2", false)] // 2016 CU8
    [InlineData("15.2.221.12", true)]  // 2019 RTM
    [InlineData("15.2.330.5", false)]  // 2019 CU1
    public void CheckServers_HybridModernAuthMinimum_ErrorWhenPlanned(string build, bool flagged)
    {
        IReadOnlyList<ReadinessFinding> warn = Check("Name,Build\nEX," + build + "\n");
        IReadOnlyList<ReadinessFinding> err = Check("Name,Build\nEX," + build + "\n", new ServerCheckOptions { HybridModernAuthForOutlookMobile = true });

        Assert.Equal(flagged, warn.Any(x => x.Code == ReadinessCode.HybridModernAuthUnsupportedBuild && x.Severity == ReadinessSeverity.Warning));
        Assert.Equal(flagged, err.Any(x => x.Code == ReadinessCode.HybridModernAuthUnsupportedBuild && x.Severity == ReadinessSeverity.Error));
    }

    [Fact]
    public void CheckServers_Exchange2010WithHybridModernAuthPlanned_IsAnError()
    {
        IReadOnlyList<ReadinessFinding> f = Check("Name,Build\nEX10,14.3.513.0\n", new ServerCheckOptions { HybridModernAuthForOutlookMobile = true });

        Assert.Equal(ReadinessSeverity.Error, Single(f, ReadinessCode.HybridModernAuthLegacyServer).Severity);
        Assert.DoesNotContain(f, x => x.Code == ReadinessCode.EasRedirectUnsupportedBuild);
    }

    [Theory]
    [InlineData("15.1.2375.7", false, false)] // 2016 CU22: one before the latest
    [InlineData("15.1.2308.8", true, false)]  // 2016 CU21
    [InlineData("15.2.1544.4", false, false)] // 2019 CU14
    [InlineData("15.2.1258.12", true, false)] // 2019 CU13
    [InlineData("15.2.1258.12", false, true)] // not hybrid: not checked
    public void CheckServers_HybridNeedsLatestOrPreviousCu(string build, bool flagged, bool notHybrid)
    {
        IReadOnlyList<ReadinessFinding> f = Check("Name,Build\nEX," + build + "\n", new ServerCheckOptions { Hybrid = !notHybrid });

        Assert.Equal(flagged, f.Any(x => x.Code == ReadinessCode.HybridCumulativeUpdateNotCurrent));
    }

    [Theory]
    [InlineData("16.0.1.1")]
    [InlineData("15.3.100.1")]
    [InlineData("15.0.100.1")] // older than 2013 RTM
    public void CheckServers_BuildNotInTable_IsUnknown(string build)
    {
        IReadOnlyList<ReadinessFinding> f = Check("Name,Build\nEX," + build + "\n");

        Assert.Equal("EX (" + build + ")", Assert.Single(Single(f, ReadinessCode.UnknownServerBuild).Objects));
    }

    [Fact]
    public void CheckLogReport_SeedLines_FlagStuckAndBelowFloorDevices()
    {
        LogAnalysisReport report = ActiveSyncLogAnalyzerTests.Analyze(ActiveSyncLogAnalyzerTests.SeedLog());

        IReadOnlyList<ReadinessFinding> f = ReadinessChecks.CheckLogReport(report);

        Assert.Equal(["CONTOSO\\Mig8 / AC94832BCFD9DCD19D299AD36D2CA8C5 (WP8, EAS 14.1)"], Single(f, ReadinessCode.DevicesStuckWithUserHasNoMailbox).Objects);
        Assert.Equal(["user12@batre.msftonlinerepro.com / RSUA4U03JH48LAS6T7BD2TENV0 (iPad, EAS 14.1)"], Single(f, ReadinessCode.RedirectedDevicesBelowCloudProtocolFloor).Objects);
        Assert.DoesNotContain(f, x => x.Code == ReadinessCode.DevicesCannotFollowRedirect);
    }

    [Fact]
    public void CheckLogReport_OldDevice_CannotFollowRedirect()
    {
        string log = "#Fields: cs-uri-stem cs-uri-query sc-status\n/Microsoft-Server-ActiveSync User=a&DeviceId=1&DeviceType=Old&Log=V121_Error:UserHasNoMailbox_ 200\n";

        IReadOnlyList<ReadinessFinding> f = ReadinessChecks.CheckLogReport(ActiveSyncLogAnalyzerTests.Analyze(log));

        Assert.Equal(ReadinessSeverity.Warning, Single(f, ReadinessCode.DevicesCannotFollowRedirect).Severity);
        Assert.Equal(ReadinessSeverity.Error, Single(f, ReadinessCode.DevicesStuckWithUserHasNoMailbox).Severity);
    }

    [Fact]
    public void ReadinessReport_Writers_ListFindingsMostSevereFirst()
    {
        var report = new ReadinessReport(Check("Name,Build\nOLD,8.3.83.6\nEX13,15.0.1044.25\n"));
        var sw = new StringWriter(CultureInfo.InvariantCulture);
        var ms = new MemoryStream();

        report.WriteTable(sw);
        report.WriteJson(ms);

        Assert.Equal(1, report.ExitCode);
        Assert.StartsWith("ERROR   ", sw.ToString(), StringComparison.Ordinal);
        Assert.Contains("objects: EX13 (Exchange Server 2013 CU7, 15.0.1044.25)", sw.ToString(), StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(ms.ToArray());
        Assert.Equal(2, doc.RootElement.GetProperty("errors").GetInt32());
        JsonElement first = doc.RootElement.GetProperty("findings")[0];
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal(nameof(ReadinessCode.EasRedirectUnsupportedBuild), first.GetProperty("code").GetString());
        Assert.Equal(Encoding.UTF8.GetString(ms.ToArray()).Count(c => c == '{'), 1 + report.Findings.Count);
    }
    [Fact]
    public void ReadinessReport_WithInputs_JsonListsKindSourcesFilesAndCountsBeforeTheFindings()
    {
        var document = new HybridCore.DirectoryModel.DirectoryDocument
        {
            Relationships = [new() { Name = "O365", DomainNames = ["contoso.mail.onmicrosoft.com"] }],
            Recipients = [new() { Kind = "LocalMailbox", Identity = "a" }, new() { Kind = "LocalMailbox", Identity = "b" }, new() { Kind = "LocalMailbox", Identity = "c" }],
        };
        ServerInventory inventory = ServerInventory.Parse(new StringReader("Name,Build\nEX13,15.0.1044.25\nBAD,not a build\nEX19,15.2.1544.4\n"));
        LogAnalysisReport logs = ActiveSyncLogAnalyzerTests.Analyze(ActiveSyncLogAnalyzerTests.SeedLog());
        ReadinessInput[] inputs =
        [
            ReadinessInput.ForDirectory(document, "/lab/directory.json", "/lab/directory.json"),
            ReadinessInput.ForServers(inventory, "/lab/servers.csv"),
            ReadinessInput.ForLogs(logs, ["/lab/logs"], ["/lab/logs/u_ex150126.log"]),
        ];
        var report = new ReadinessReport(Check("Name,Build\nEX13,15.0.1044.25\n"), inputs);
        var ms = new MemoryStream();

        report.WriteJson(ms);

        using JsonDocument doc = JsonDocument.Parse(ms.ToArray());
        Assert.Equal(["errors", "warnings", "inputs", "findings"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        JsonElement[] written = [.. doc.RootElement.GetProperty("inputs").EnumerateArray()];
        Assert.Equal(["directory", "servers", "logs"], written.Select(i => i.GetProperty("kind").GetString()));
        Assert.All(written, i => Assert.True(i.GetProperty("checked").GetBoolean()));
        Assert.Equal(["/lab/directory.json"], written[0].GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("""{"relationships":1,"recipients":3}""", Compact(written[0].GetProperty("counts")));
        Assert.Equal("""{"servers":2,"unreadableLines":1}""", Compact(written[1].GetProperty("counts")));
        Assert.Equal(["/lab/logs"], written[2].GetProperty("sources").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["/lab/logs/u_ex150126.log"], written[2].GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        LogAnalysisTotals t = logs.Totals;
        Assert.Equal(
            $$"""{"files":1,"bytes":{{t.Bytes}},"lines":{{t.Lines}},"activeSyncRequests":2,"devices":2,"brokenLines":0}""",
            Compact(written[2].GetProperty("counts")));
        Assert.Equal(t.Bytes, inputs[2].GetCount("bytes"));
        Assert.Throws<KeyNotFoundException>(() => inputs[0].GetCount("servers"));
    }

    [Fact]
    public void ReadinessReport_InputNotChecked_IsListedAsSuch_AndNoInputsIsAnEmptyList()
    {
        var ms = new MemoryStream();
        new ReadinessReport([], [ReadinessInput.NotChecked(ReadinessInputKind.Logs)]).WriteJson(ms);
        using JsonDocument doc = JsonDocument.Parse(ms.ToArray());
        Assert.Equal(
            """{"kind":"logs","checked":false,"sources":[],"files":[],"counts":{}}""",
            Compact(Assert.Single(doc.RootElement.GetProperty("inputs").EnumerateArray())));

        var none = new MemoryStream();
        new ReadinessReport([]).WriteJson(none);
        using JsonDocument empty = JsonDocument.Parse(none.ToArray());
        Assert.Equal(0, empty.RootElement.GetProperty("inputs").GetArrayLength());
    }

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);
}
