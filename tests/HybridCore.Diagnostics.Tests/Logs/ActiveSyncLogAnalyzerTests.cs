using System.IO.Compression;
using System.Text;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

public class ActiveSyncLogAnalyzerTests
{
    internal static LogAnalysisReport Analyze(string text, LogAnalysisOptions? options = null)
    {
        var analyzer = new ActiveSyncLogAnalyzer(options);
        using var reader = new W3CLogReader();
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.log", analyzer);
        return analyzer.BuildReport(reader.Statistics);
    }

    internal static string SeedLog() =>
        "#Software: Microsoft Internet Information Services 7.5\r\n"
        + SeedLines.FieldsWithReferer + "\r\n" + SeedLines.Exchange2010 + "\r\n"
        + SeedLines.FieldsWithoutReferer + "\r\n" + SeedLines.Exchange2013Repaired + "\r\n";

    [Fact]
    public void Analyze_SeedLines_ReportTheStuckAndTheRedirectedDevice()
    {
        LogAnalysisReport report = Analyze(SeedLog());

        Assert.Equal(2, report.Devices.Count);
        DeviceActivity stuck = report.Devices[0];
        Assert.Equal("CONTOSO\\Mig8", stuck.User); // no User= in the proxied query: cs-username
        Assert.Equal("AC94832BCFD9DCD19D299AD36D2CA8C5", stuck.DeviceId);
        Assert.Equal("WP8", stuck.DeviceType);
        Assert.Equal(ActiveSyncOutcome.UserHasNoMailbox, stuck.LastOutcome);
        Assert.Equal(ActiveSyncOutcome.UserHasNoMailbox, stuck.WorstOutcome);
        Assert.Equal("UserHasNoMailbox", stuck.LastError);
        Assert.Equal("14.1", stuck.ProtocolVersion);
        Assert.True(stuck.CanFollow451);
        Assert.False(stuck.MeetsCloudProtocolFloor);
        Assert.Equal(new DateTime(2015, 1, 26, 23, 7, 39, DateTimeKind.Utc), stuck.LastSeen); // the article prints M/d/yyyy

        DeviceActivity redirected = report.Devices[1];
        Assert.Equal("user12@batre.msftonlinerepro.com", redirected.User);
        Assert.Equal("RSUA4U03JH48LAS6T7BD2TENV0", redirected.DeviceId);
        Assert.Equal("iPad", redirected.DeviceType);
        Assert.Equal(ActiveSyncOutcome.Redirected, redirected.LastOutcome);
        Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", redirected.RedirectTarget);
        Assert.Equal(new DateTime(2015, 1, 22, 13, 37, 53, DateTimeKind.Utc), redirected.FirstSeen);

        Assert.Equal(new OutcomeCounts(0, 1, 0, 0, 1), report.Totals.Requests);
        Assert.Equal(1, report.Totals.DevicesStuck);
        Assert.Equal(1, report.Totals.RedirectedBelowCloudFloor);
    }

    [Fact]
    public void Analyze_SeedLinesAsPrinted_CountsTheArtifactLineAsBroken()
    {
        string text = SeedLines.FieldsWithReferer + "\n" + SeedLines.Exchange2010 + "\n" + SeedLines.FieldsWithoutReferer + "\n" + SeedLines.Exchange2013 + "\n";

        LogAnalysisReport report = Analyze(text);

        Assert.Single(report.Devices);
        Assert.Equal(1, report.Totals.BrokenLines);
        Assert.Equal(1, report.BrokenLinesByReason[W3CBrokenLineReason.FieldCountMismatch]);
        BrokenLineSample sample = Assert.Single(report.BrokenLines);
        Assert.Equal(4, sample.LineNumber);
        Assert.StartsWith("2015-01-22 13:37:53 192.168.1.61 POST", sample.Excerpt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, "", false, ActiveSyncOutcome.Served)]
    [InlineData(449, "", false, ActiveSyncOutcome.Served)]
    [InlineData(451, "", false, ActiveSyncOutcome.Redirected)]
    [InlineData(401, "", false, ActiveSyncOutcome.AuthFailure)]
    [InlineData(403, "UserHasNoMailbox", false, ActiveSyncOutcome.UserHasNoMailbox)]
    [InlineData(200, "UserHasNoMailbox", true, ActiveSyncOutcome.UserHasNoMailbox)]
    [InlineData(403, "", true, ActiveSyncOutcome.UserHasNoMailbox)]
    [InlineData(200, "SyncStateNotFound", false, ActiveSyncOutcome.OtherError)]
    [InlineData(500, "", false, ActiveSyncOutcome.OtherError)]
    [InlineData(503, "ServerUnavailable", false, ActiveSyncOutcome.OtherError)]
    public void Classify_StatusAndError_GiveTheOutcome(int status, string error, bool status123, ActiveSyncOutcome expected)
    {
        Assert.Equal(expected, ActiveSyncLogAnalyzer.Classify(status, Encoding.ASCII.GetBytes(error), status123));
    }

    [Theory]
    [InlineData(1, 3, 0.01, 0)]
    [InlineData(7, 2, 0.02, 0)]
    [InlineData(42, 1, 0, 0)]
    [InlineData(11, 2, 0.01, 0.5)]
    [InlineData(12, 1, 0, 1)]
    public void Analyze_GeneratedLog_MatchesTheGeneratorsTruth(int seed, int maxDevices, double brokenRate, double base64Share)
    {
        var ms = new MemoryStream();
        GeneratedLogTruth truth = IisLogGenerator.Generate(ms, new IisLogGeneratorOptions
        {
            Seed = seed, Users = 60, MaxDevicesPerUser = maxDevices, TargetBytes = 1 << 20, BrokenLineRate = brokenRate, FieldChangeEvery = seed * 97,
            Base64QueryShare = base64Share,
        });

        LogAnalysisReport report = Analyze(Encoding.UTF8.GetString(ms.ToArray()));

        // Every generated request line is valid: the library's parser reads all of them, in both forms.
        Assert.Equal(0, report.Totals.InvalidQueries);
        Assert.Empty(report.Totals.InvalidQueriesByReason);
        Assert.Equal(base64Share > 0, report.Totals.Base64Queries > 0);
        Assert.Equal(base64Share < 1, report.Totals.Base64Queries < report.Totals.ActiveSyncLines);

        Assert.Equal(truth.Lines, report.Totals.Lines);
        Assert.Equal(truth.DataLines, report.Totals.DataLines);
        Assert.Equal(truth.ActiveSyncLines, report.Totals.ActiveSyncLines);
        Assert.Equal(truth.BrokenLines, report.Totals.BrokenLines);
        Assert.Equal(truth.Bytes, report.Totals.Bytes);
        Assert.Equal(truth.Devices.Count, report.Devices.Count);
        var byKey = report.Devices.ToDictionary(d => (d.User, d.DeviceId));
        foreach (GeneratedDevice expected in truth.Devices)
        {
            DeviceActivity actual = byKey[(expected.User, expected.DeviceId)];
            Assert.Equal(expected.Counts, actual.Counts);
            Assert.Equal(expected.Counts.Total, actual.Requests);
            Assert.Equal(expected.LastOutcome, actual.LastOutcome);
            Assert.Equal(expected.WorstOutcome, actual.WorstOutcome);
            Assert.Equal(expected.DeviceType, actual.DeviceType);
            Assert.Equal(expected.RedirectTarget, actual.RedirectTarget);
            Assert.Equal(expected.FirstSeen, actual.FirstSeen);
            Assert.Equal(expected.LastSeen, actual.LastSeen);
            if (expected.Counts.AuthFailure < expected.Counts.Total)
            {
                Assert.Equal(expected.ProtocolVersion, actual.ProtocolVersion);
                Assert.Equal(expected.ProtocolVersion != "12.1", actual.CanFollow451);
            }
        }

        // Every outcome occurs, so the comparison above covered all of them.
        foreach (ActiveSyncOutcome o in Enum.GetValues<ActiveSyncOutcome>())
        {
            Assert.True(report.Totals.Requests[o] > 0, o.ToString());
        }

        Assert.Equal(truth.LinesContainingUserHasNoMailbox, report.Totals.Requests.UserHasNoMailbox);
    }

    [Fact]
    public void AnalyzePaths_DirectoryWithPlainAndGzipFiles_ReadsAllAndReportsProgress()
    {
        string dir = Directory.CreateTempSubdirectory("hc-logs-").FullName;
        try
        {
            string sub = Directory.CreateDirectory(Path.Combine(dir, "W3SVC1")).FullName;
            GeneratedLogTruth a, b;
            using (FileStream f = File.Create(Path.Combine(sub, "u_ex260105.log")))
            {
                a = IisLogGenerator.Generate(f, new IisLogGeneratorOptions { Seed = 3, Users = 20, TargetBytes = 200_000 });
            }

            using (var gz = new GZipStream(File.Create(Path.Combine(sub, "u_ex260106.log.gz")), CompressionLevel.Fastest))
            {
                b = IisLogGenerator.Generate(gz, new IisLogGeneratorOptions { Seed = 3, Users = 20, TargetBytes = 200_000, Start = new DateTime(2026, 1, 6, 0, 0, 0, DateTimeKind.Utc) });
            }

            File.WriteAllText(Path.Combine(sub, "readme.txt"), "not a log");
            var seen = new List<LogAnalysisProgress>();

            LogAnalysisReport report = ActiveSyncLogAnalyzer.AnalyzePaths([dir], progress: new SyncProgress(seen.Add));

            Assert.Equal(2, report.Totals.Inputs);
            Assert.Equal(a.ActiveSyncLines + b.ActiveSyncLines, report.Totals.ActiveSyncLines);
            Assert.Equal(a.Bytes + b.Bytes, report.Totals.Bytes);
            Assert.NotEmpty(seen);
            Assert.Equal(seen[^1].BytesTotal, seen[^1].BytesDone);
            // Same seed, same devices: the second day adds to the first.
            Assert.Equal(a.Devices.Select(d => (d.User, d.DeviceId)).Union(b.Devices.Select(d => (d.User, d.DeviceId))).Count(), report.Devices.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AnalyzePaths_MissingPath_Throws()
    {
        Assert.Throws<FileNotFoundException>(() => ActiveSyncLogAnalyzer.AnalyzePaths(["/no/such/dir/for/hybridcore"]));
    }

    [Fact]
    public void Analyze_UserAndDeviceFilters_KeepMatchingRowsOnly()
    {
        Assert.Equal(["user12@batre.msftonlinerepro.com"], Analyze(SeedLog(), new LogAnalysisOptions { UserFilter = "USER12" }).Devices.Select(d => d.User).ToArray());
        Assert.Equal(["CONTOSO\\Mig8"], Analyze(SeedLog(), new LogAnalysisOptions { DeviceFilter = "wp8" }).Devices.Select(d => d.User).ToArray());
        LogAnalysisReport none = Analyze(SeedLog(), new LogAnalysisOptions { DeviceFilter = "nothing" });
        Assert.Empty(none.Devices);
        Assert.Equal(2, none.Totals.ActiveSyncLines);
    }

    [Fact]
    public void Analyze_UserCaseAndEscaping_AreTheSameUser()
    {
        string text = "#Fields: date time cs-uri-stem cs-uri-query sc-status\n"
            + "2026-01-05 10:00:00 /Microsoft-Server-ActiveSync/default.eas User=Ann%40Contoso.com&DeviceId=D1&DeviceType=iPhone&Cmd=Sync 200\n"
            + "2026-01-05 10:00:01 /microsoft-server-activesync/default.eas User=ann@contoso.com&DeviceId=d1&DeviceType=iPhone&Cmd=Ping 401\n"
            + "2026-01-05 10:00:02 /owa/ User=ann@contoso.com&DeviceId=d1 200\n";

        LogAnalysisReport report = Analyze(text);

        DeviceActivity d = Assert.Single(report.Devices);
        Assert.Equal(("Ann@Contoso.com", "D1", 2L), (d.User, d.DeviceId, d.Requests));
        Assert.Equal(ActiveSyncOutcome.AuthFailure, d.LastOutcome);
        Assert.Null(d.CanFollow451);
    }

    [Fact]
    public void Analyze_NonAsciiUser_AsciiLettersAfterItStillCompareCaseInsensitively()
    {
        string text = "#Fields: cs-uri-stem cs-uri-query sc-status\n"
            + "/Microsoft-Server-ActiveSync User=J%C3%B6rg.ANN@contoso.com&DeviceId=AbC 200\n"
            + "/Microsoft-Server-ActiveSync User=J\u00f6rg.ann@CONTOSO.com&DeviceId=abc 200\n";

        DeviceActivity d = Assert.Single(Analyze(text).Devices);

        Assert.Equal(("J\u00f6rg.ANN@contoso.com", 2L), (d.User, d.Requests));
    }

    [Fact]
    public void Analyze_DaysChangeAndReturn_TimesStayExact()
    {
        string text = "#Fields: date time cs-uri-stem cs-uri-query sc-status\n"
            + "2026-01-05 23:59:59 /Microsoft-Server-ActiveSync User=a&DeviceId=1 200\n"
            + "2026-01-06 00:00:01 /Microsoft-Server-ActiveSync User=a&DeviceId=1 451\n"
            + "2026-01-04 12:00:00 /Microsoft-Server-ActiveSync User=a&DeviceId=1 401\n"
            + "2026-01-06 00:00:00 /Microsoft-Server-ActiveSync User=a&DeviceId=1 200\n";

        DeviceActivity d = Assert.Single(Analyze(text).Devices);

        Assert.Equal(new DateTime(2026, 1, 4, 12, 0, 0, DateTimeKind.Utc), d.FirstSeen);
        Assert.Equal(new DateTime(2026, 1, 6, 0, 0, 1, DateTimeKind.Utc), d.LastSeen);
        Assert.Equal(ActiveSyncOutcome.Redirected, d.LastOutcome);
    }

    [Fact]
    public void Analyze_LinesOutOfTimeOrder_LastOutcomeIsTheLatestByTime()
    {
        string text = "#Fields: date time cs-uri-stem cs-uri-query sc-status\n"
            + "2026-01-05 10:00:05 /Microsoft-Server-ActiveSync User=a&DeviceId=1&Log=V161_ 451\n"
            + "2026-01-05 09:00:00 /Microsoft-Server-ActiveSync User=a&DeviceId=1&Log=V121_Error:UserHasNoMailbox_ 200\n";

        DeviceActivity d = Assert.Single(Analyze(text).Devices);

        Assert.Equal(ActiveSyncOutcome.Redirected, d.LastOutcome);
        Assert.Equal(ActiveSyncOutcome.UserHasNoMailbox, d.WorstOutcome);
        Assert.Equal("16.1", d.ProtocolVersion);
        Assert.True(d.MeetsCloudProtocolFloor);
        Assert.Equal(new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc), d.FirstSeen);
    }

    [Fact]
    public void Analyze_Base64QueryWithoutUser_ReadsTheDeviceAndTakesTheLoggedUser()
    {
        // [MS-ASHTTP] 2.2.1.1.1.1's example blob (Sync, 14.0, device "v140Device", type "SmartPhone", no User
        // parameter) with Exchange's &Log= after it: the device comes from the blob, the user from cs-username.
        string text = "#Fields: cs-uri-stem cs-uri-query cs-username sc-status\n"
            + "/Microsoft-Server-ActiveSync/default.eas jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l&Log=V140_ CONTOSO\\bob 200\n";

        LogAnalysisReport report = Analyze(text);

        DeviceActivity d = Assert.Single(report.Devices);
        Assert.Equal(("CONTOSO\\bob", "v140Device", "SmartPhone", "14.0"), (d.User, d.DeviceId, d.DeviceType, d.ProtocolVersion));
        Assert.Equal(1, report.Totals.Base64Queries);
        Assert.Equal(0, report.Totals.InvalidQueries);
    }

    [Fact]
    public void Analyze_CanFollow451_IsTheResolversProtocolRule()
    {
        // One device per EAS version; "can follow 451" must be the resolver's own rule
        // (RedirectPolicy.MinimumRedirectVersion), not a second copy of the number.
        string[] digits = ["25", "120", "121", "140", "141", "160", "161"];
        string text = "#Fields: cs-uri-stem cs-uri-query sc-status\n"
            + string.Concat(digits.Select(v => $"/Microsoft-Server-ActiveSync User=u{v}&DeviceId=D{v}&Log=V{v}_ 200\n"));
        var resolver = new HybridCore.Redirect.RedirectResolver(new HybridCore.DirectoryModel.RelationshipIndex([
            new HybridCore.DirectoryModel.OrganizationRelationship("O365", [HybridCore.Addressing.DomainName.Parse("contoso.mail.onmicrosoft.com")], new Uri("https://outlook.com/owa/contoso.com")),
        ]));
        var moved = HybridCore.DirectoryModel.RecipientLookupResult.From(new HybridCore.DirectoryModel.RemoteMailbox(
            "ann", HybridCore.Addressing.ProxyAddress.Parse("SMTP:ann@contoso.mail.onmicrosoft.com"), HybridCore.Addressing.SmtpAddress.Parse("ann@contoso.com"), HybridCore.Addressing.SmtpAddress.Parse("ann@contoso.com")));

        LogAnalysisReport report = Analyze(text);

        Assert.Equal(digits.Length, report.Devices.Count);
        foreach (DeviceActivity d in report.Devices)
        {
            Assert.True(HybridCore.ActiveSync.EasProtocolVersion.TryParse(d.ProtocolVersion, out HybridCore.ActiveSync.EasProtocolVersion version), d.ProtocolVersion);
            bool redirected = resolver.ResolveEas(false, version, moved).Action == HybridCore.Redirect.EasRedirectAction.Redirect;
            Assert.True(redirected == d.CanFollow451, $"{d.ProtocolVersion}: resolver {redirected}, analyzer {d.CanFollow451}");
        }

        Assert.Equal(3, report.Totals.DevicesUnableToFollow451); // 2.5, 12.0, 12.1
    }

    [Theory]
    [InlineData("2026-01-05", "10:11:12", 2026, 1, 5, 10, 11, 12)]
    [InlineData("1/26/2015", "23:07:39", 2015, 1, 26, 23, 7, 39)]
    [InlineData("12/31/2015", "00:00:00.123", 2015, 12, 31, 0, 0, 0)]
    public void ParseTimestamp_IisAndSeedFormats(string date, string time, int y, int mo, int d, int h, int mi, int s)
    {
        long ticks = ActiveSyncLogAnalyzer.ParseTimestamp(Encoding.ASCII.GetBytes(date), Encoding.ASCII.GetBytes(time));

        Assert.Equal(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc).Ticks, ticks);
    }

    [Theory]
    [InlineData("2026-02-30", "10:00:00")]
    [InlineData("2026-13-01", "10:00:00")]
    [InlineData("x", "10:00:00")]
    [InlineData("2026-01-05", "25:00:00")]
    [InlineData("2026-01-05", "")]
    [InlineData("", "")]
    public void ParseTimestamp_Malformed_IsZero(string date, string time)
    {
        Assert.Equal(0, ActiveSyncLogAnalyzer.ParseTimestamp(Encoding.ASCII.GetBytes(date), Encoding.ASCII.GetBytes(time)));
    }

    private sealed class SyncProgress(Action<LogAnalysisProgress> report) : IProgress<LogAnalysisProgress>
    {
        public void Report(LogAnalysisProgress value) => report(value);
    }
}
