using System.Globalization;
using System.Text.RegularExpressions;
using HybridCore.Diagnostics.Logs;
using HybridCore.Diagnostics.Readiness;
using HybridCore.Reports;

namespace HybridCore.Cli.Tests;

/// <summary>The HTML reports without a browser: escaping, the size bound, the script hash, the CLI option.</summary>
public sealed class HtmlReportTests
{
    [Theory]
    [InlineData("plain user@contoso.com", "plain user@contoso.com")]
    [InlineData("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")]
    [InlineData("a&b \"q\"", "a&amp;b &quot;q&quot;")]
    [InlineData("bell\u0007tab\tnul\0", "bell\u2407tab\u2409nul\u2400")]
    [InlineData("del\u007F c1\u0085", "del\u2421 c1\uFFFD")]
    [InlineData("rlo\u202Egnp.exe iso\u2067x", "rlo\uFFFDgnp.exe iso\uFFFDx")]
    public void Escape_UntrustedText_IsInertAndVisible(string input, string expected) =>
        Assert.Equal(expected, HtmlText.Escape(input));

    [Fact]
    public void LogReport_StuckTable_ShowsTheDecodedException()
    {
        // The on-boarding article's Mig8 line: UserHasNoMailbox with the gzip'ed stack Exchange logged (ExStk).
        string log = Path.Combine(AppContext.BaseDirectory, "documented", "examples", "logs", "onboarding", "u_ex150126.log");
        LogAnalysisReport report = ActiveSyncLogAnalyzer.AnalyzePaths([log]);
        Assert.NotNull(report.Devices.Single().LastException);

        var page = new StringWriter();
        HtmlReportWriter.WriteLogReport(report, page);
        string html = page.ToString();
        int table = html.IndexOf("id=\"stuck-table\"", StringComparison.Ordinal);
        Assert.True(table > 0, "the stuck table is there");
        int end = html.IndexOf("</table>", table, StringComparison.Ordinal);
        string stuck = html[table..end];
        Assert.Contains("Exception Exchange logged (decoded)", stuck, StringComparison.Ordinal);
        Assert.Contains(report.Devices.Single().LastException!.Type, stuck, StringComparison.Ordinal);
        Assert.Contains("AirSyncPermanentException", stuck, StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_LoneSurrogates_BecomeReplacementCharacters()
    {
        // Built at run time: attribute metadata cannot carry a lone surrogate.
        string input = "lone" + (char)0xD800 + " pair\uD83D\uDE00 low" + (char)0xDC00 + (char)0xD800;
        Assert.Equal("lone\uFFFD pair\uD83D\uDE00 low\uFFFD\uFFFD", HtmlText.Escape(input));
    }

    [Fact]
    public void Escape_LongText_IsCutWithAnEllipsis()
    {
        string escaped = HtmlText.Escape(new string('a', 1000));
        Assert.Equal(HtmlText.MaxCellLength + 1, escaped.Length);
        Assert.EndsWith("…", escaped, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_HashInThePolicy_IsTheHashOfTheScriptInThePage()
    {
        string page = Write(Report(devices: 3));
        Match script = Regex.Match(page, "<script>(.*)</script>", RegexOptions.Singleline);
        Assert.True(script.Success);
        string hash = "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script.Groups[1].Value)));
        Assert.Contains($"script-src '{hash}'", page, StringComparison.Ordinal);
    }

    [Fact]
    public void LogReport_ManyDevices_StaysBounded()
    {
        // 100,000 stuck devices of 100,000 types over 8,000 hours (a third of a year): the page keeps 500 rows, 15 types, and days.
        LogAnalysisReport report = Report(devices: 100_000);
        string page = Write(report);

        Assert.True(page.Length < 1_500_000, page.Length.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(500, Regex.Matches(Section(page, "stuck"), "<tr>").Count - 1);
        Assert.Contains("100000 devices stuck on UserHasNoMailbox; the first 500 shown", page, StringComparison.Ordinal);
        Assert.Equal(16, Regex.Matches(Section(page, "device-types"), "<tr>").Count - 1);
        Assert.Contains("Other types (99985)", page, StringComparison.Ordinal);
        Assert.Contains("requests per day", page, StringComparison.Ordinal);
        Assert.Equal(8000, report.Timeline.Hours.Count);
    }

    [Fact]
    public void ReadinessReport_FindingWithManyObjects_ListsTheFirstRowsAndSaysHowManyMore()
    {
        var objects = Enumerable.Range(0, 2000).Select(i => $"user{i}@contoso.com").ToArray();
        var readiness = new ReadinessReport([new ReadinessFinding(ReadinessSeverity.Error, ReadinessCode.RoutingDomainNotCovered, objects, "m <b>", "r & r")]);
        var w = new StringWriter();
        HtmlReportWriter.WriteReadinessReport(readiness, w, new HtmlReportOptions { MaxRows = 100 });
        string page = w.ToString();

        Assert.Equal(100, Regex.Matches(page, "<li>user").Count);
        Assert.Contains("… and 1900 more", page, StringComparison.Ordinal);
        Assert.Contains("<p>m &lt;b&gt;</p>", page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"remedy\">r &amp; r</p>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsAnalyze_HtmlToAMissingFolder_IsAUserErrorAndLeavesNoFile()
    {
        string root = CliRunner.TempDirectory();
        try
        {
            string log = Path.Combine(root, "a.log");
            using (FileStream f = File.Create(log))
            {
                IisLogGenerator.Generate(f, new IisLogGeneratorOptions { Users = 3, TargetBytes = 20_000 });
            }

            string page = Path.Combine(root, "no-such-folder", "report.html");
            var (exit, _, err) = await CliRunner.RunAsync(["logs", "analyze", log, "--html", page]);

            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Contains("Cannot write the HTML report", err, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.GetDirectoryName(page)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Docs_ShowTheScreenshotAndTheCommandThatRegeneratesIt()
    {
        string root = Browser.HtmlReportBrowserTests.RepositoryRoot();
        foreach (string image in new[] { "log-report.png", "readiness-report.png" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(root, "docs", "images", image));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        }

        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string diagnostics = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));
        Assert.Contains("](docs/images/log-report.png)", readme, StringComparison.Ordinal);
        Assert.Contains("](images/log-report.png)", diagnostics, StringComparison.Ordinal);
        // The documented command runs the tests that write the screenshots (HtmlReportBrowserTests,
        // HtmlReportHostileAndReadinessTests), with the switch they obey.
        Assert.Contains("HYBRIDCORE_UPDATE_SCREENSHOTS=1 dotnet test tests/HybridCore.Cli.Tests -c Release --filter \"FullyQualifiedName~HtmlReport\"", diagnostics, StringComparison.Ordinal);
    }

    private static string Write(LogAnalysisReport report)
    {
        var w = new StringWriter();
        HtmlReportWriter.WriteLogReport(report, w);
        return w.ToString();
    }

    private static string Section(string page, string id)
    {
        int start = page.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal);
        int end = page.IndexOf("</section>", start, StringComparison.Ordinal);
        return page[start..end];
    }

    /// <summary>A report made through the analyser itself: one stuck request per device, each of its own type, an hour apart.</summary>
    private static LogAnalysisReport Report(int devices)
    {
        var analyzer = new ActiveSyncLogAnalyzer();
        using var reader = new W3CLogReader();
        var text = new System.Text.StringBuilder("#Fields: date time cs-uri-stem cs-uri-query cs-username sc-status\r\n");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < devices; i++)
        {
            DateTime t = start.AddHours(i % 8000);
            text.Append(CultureInfo.InvariantCulture, $"{t:yyyy-MM-dd HH:mm:ss} /Microsoft-Server-ActiveSync User=u{i}%40contoso.com&DeviceId=D{i}&DeviceType=T{i}&Cmd=Sync&Log=V141_S123_Error:UserHasNoMailbox_ - 200\r\n");
        }

        reader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.ToString())), "synthetic.log", analyzer);
        return analyzer.BuildReport(reader.Statistics);
    }
}
