using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using HybridCore.ActiveSync;
using HybridCore.Diagnostics.Logs;
using HybridCore.Reports;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace HybridCore.Cli.Tests.Browser;

/// <summary>Two generated IIS logs (two days) with their known truth, the page <c>hybridcore logs analyze --html</c>
/// writes for them, and one headless Chromium for the tests that look at it.</summary>
public sealed class HtmlReportFixture : IAsyncLifetime
{
    private HeadlessChromium? _browser;

    public string Root { get; } = CliRunner.TempDirectory();

    public GeneratedLogTruth[] Truths { get; private set; } = [];

    public string PagePath => Path.Combine(Root, "report.html");

    public string Stderr { get; private set; } = string.Empty;

    internal HeadlessChromium Browser => _browser ??= HeadlessChromium.Start();

    public async Task InitializeAsync()
    {
        string logs = Path.Combine(Root, "logs");
        Directory.CreateDirectory(logs);
        var truths = new List<GeneratedLogTruth>();
        (int Seed, DateTime Start, string Domain)[] days =
        [
            (21, new DateTime(2026, 3, 9, 7, 0, 0, DateTimeKind.Utc), "contoso.com"),
            (22, new DateTime(2026, 3, 10, 6, 30, 0, DateTimeKind.Utc), "fabrikam.com"),
        ];
        foreach ((int seed, DateTime start, string domain) in days)
        {
            using FileStream f = File.Create(Path.Combine(logs, $"u_ex{start:yyMMdd}.log"));
            truths.Add(IisLogGenerator.Generate(f, new IisLogGeneratorOptions
            {
                Seed = seed, Users = 120, MaxDevicesPerUser = 2, TargetBytes = 1_500_000, BrokenLineRate = 0.002, Start = start, Domain = domain,
            }));
        }

        Truths = truths.ToArray();
        var (exit, _, err) = await CliRunner.RunAsync(["logs", "analyze", logs, "--html", PagePath, "--json"]);
        Assert.True(exit == ExitCodes.Ok, err);
        Stderr = err;
    }

    public Task DisposeAsync()
    {
        _browser?.Dispose();
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class HtmlReportBrowserTests(HtmlReportFixture fixture, ITestOutputHelper output) : IClassFixture<HtmlReportFixture>
{
    private IReadOnlyList<GeneratedDevice> Devices => fixture.Truths.SelectMany(t => t.Devices).ToArray();

    private OutcomeCounts TruthRequests => Devices.Aggregate(default(OutcomeCounts), (s, d) => s + d.Counts);

    private HeadlessChromium OpenPage()
    {
        HeadlessChromium browser = fixture.Browser;
        browser.Open(fixture.PagePath);
        return browser;
    }

    private static string Text(HeadlessChromium b, string id) => b.Driver.FindElement(By.Id(id)).Text;

    private static long Number(HeadlessChromium b, string id) => long.Parse(Text(b, id), CultureInfo.InvariantCulture);

    private static List<string[]> Rows(HeadlessChromium b, string tableId)
    {
        var rows = b.Script<ReadOnlyCollection<object>>(
            "return Array.from(document.querySelectorAll('#' + arguments[0] + ' tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent));", tableId);
        return rows.Select(r => ((ReadOnlyCollection<object>)r).Select(c => (string)c).ToArray()).ToList();
    }

    private static bool BelowCloudFloor(GeneratedDevice d) =>
        EasProtocolVersion.TryParse(d.ProtocolVersion, out EasProtocolVersion v) && v < CloudProtocolFloors.ExchangeOnline;

    [Fact]
    public void LogReport_OpensInChromium_WithoutConsoleErrors_AndKeepsAScreenshot()
    {
        HeadlessChromium b = OpenPage();

        Assert.Empty(b.ConsoleErrors());
        Assert.Equal("ActiveSync on-boarding: IIS log analysis", b.Driver.Title);
        Assert.Contains("HTML report: " + fixture.PagePath, fixture.Stderr, StringComparison.Ordinal);

        // The screenshot is kept for CI's artefacts; HYBRIDCORE_UPDATE_SCREENSHOTS=1 also refreshes the one in docs/.
        string shot = Path.Combine(AppContext.BaseDirectory, "artifacts", "html-report", "log-report.png");
        b.Screenshot(shot);
        output.WriteLine("screenshot: " + shot);
        Assert.True(new FileInfo(shot).Length > 10_000, "the screenshot is nearly empty");
        if (Environment.GetEnvironmentVariable("HYBRIDCORE_UPDATE_SCREENSHOTS") == "1")
        {
            string docs = Path.Combine(RepositoryRoot(), "docs", "images", "log-report.png");
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            File.Copy(shot, docs, overwrite: true);
            output.WriteLine("updated: " + docs);
        }
    }

    [Fact]
    public void LogReport_FetchesNothing_AndRunsOnlyItsOwnScript()
    {
        HeadlessChromium b = OpenPage();

        // Nothing was requested besides the page itself, and no element points anywhere but inside the page.
        Assert.Equal(0L, b.Script<long>("return performance.getEntriesByType('resource').length;"));
        Assert.Equal(0L, b.Script<long>("return document.querySelectorAll('[src], link[href], object, embed, iframe').length;"));
        Assert.Equal(0L, b.Script<long>("return Array.from(document.querySelectorAll('a[href]')).filter(a => !a.getAttribute('href').startsWith('#')).length;"));
        Assert.Equal(1L, b.Script<long>("return document.scripts.length;"));
        string csp = b.Script<string>("return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content;");
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public void LogReport_Totals_EqualTheGeneratorsTruth()
    {
        HeadlessChromium b = OpenPage();
        OutcomeCounts r = TruthRequests;

        Assert.Equal(r.Total, Number(b, "total-requests"));
        Assert.Equal(r.Served, Number(b, "total-served"));
        Assert.Equal(r.Redirected, Number(b, "total-redirected"));
        Assert.Equal(r.UserHasNoMailbox, Number(b, "total-userhasnomailbox"));
        Assert.Equal(r.AuthFailure, Number(b, "total-authfailure"));
        Assert.Equal(r.OtherError, Number(b, "total-othererror"));
        Assert.Equal(Devices.Count, Number(b, "total-devices"));
        Assert.Equal(Devices.Select(d => d.User).Distinct(StringComparer.OrdinalIgnoreCase).Count(), Number(b, "total-users"));
        Assert.Equal(Devices.Count(d => d.LastOutcome == ActiveSyncOutcome.UserHasNoMailbox), Number(b, "total-stuck"));
        Assert.Equal(Devices.Count(d => d.ProtocolVersion == "12.1"), Number(b, "total-cannot-follow-451"));
        Assert.Equal(Devices.Count(d => d.Counts.Redirected > 0 && BelowCloudFloor(d)), Number(b, "total-below-cloud-floor"));

        Assert.Equal(2, Number(b, "read-files"));
        Assert.Equal(fixture.Truths.Sum(t => t.Lines), Number(b, "read-lines"));
        Assert.Equal(fixture.Truths.Sum(t => t.DataLines), Number(b, "read-data-lines"));
        Assert.Equal(fixture.Truths.Sum(t => t.ActiveSyncLines), Number(b, "read-activesync-lines"));
        Assert.Equal(fixture.Truths.Sum(t => t.BrokenLines), Number(b, "read-broken-lines"));
        Assert.Equal(fixture.Truths.Sum(t => t.Bytes), Number(b, "read-bytes"));
        Assert.Equal(2L, b.Script<long>("return document.querySelectorAll('#input-files li').length;"));
    }

    [Fact]
    public void LogReport_Timeline_EqualsTheTruthHourByHour()
    {
        HeadlessChromium b = OpenPage();
        var truth = fixture.Truths.SelectMany(t => t.RequestsPerHour).OrderBy(kv => kv.Key).ToArray();

        List<string[]> rows = Rows(b, "timeline-table");

        // Two mornings a day apart: about 50 hours from first to last, so one bar per hour.
        Assert.Contains("per hour", b.Script<string>("return document.querySelector('#chart-timeline figcaption').textContent;"), StringComparison.Ordinal);
        Assert.Equal(truth.Length, rows.Count);
        for (int i = 0; i < truth.Length; i++)
        {
            (DateTime hour, OutcomeCounts c) = (truth[i].Key, truth[i].Value);
            string[] expected =
            [
                hour.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                .. ReportCharts.Outcomes.Select(o => c[o.Outcome].ToString(CultureInfo.InvariantCulture)),
                c.Total.ToString(CultureInfo.InvariantCulture),
            ];
            Assert.Equal(expected, rows[i]);
        }
    }

    [Theory]
    [InlineData("chart-timeline")]
    [InlineData("chart-device-types")]
    [InlineData("chart-versions")]
    public void LogReport_EachChart_HasOneSeriesPerOutcomeThatOccurs(string chartId)
    {
        HeadlessChromium b = OpenPage();
        // Timeline: requests by outcome; breakdowns: devices by their latest outcome.
        var present = chartId == "chart-timeline"
            ? ReportCharts.Outcomes.Where(o => TruthRequests[o.Outcome] > 0).ToArray()
            : ReportCharts.Outcomes.Where(o => Devices.Any(d => d.LastOutcome == o.Outcome)).ToArray();
        Assert.True(present.Length >= 3, "the generated logs should show several outcomes");

        // The bars ScottPlot drew inside the plot area, by fill colour: one colour per series.
        var fills = b.Script<ReadOnlyCollection<object>>(
            """
            const svg = document.querySelector('#' + arguments[0] + ' svg');
            const fills = new Set();
            svg.querySelectorAll('g[clip-path] rect').forEach(r => {
              const f = (r.getAttribute('fill') || '').toUpperCase();
              if (f && f !== 'NONE' && f !== 'WHITE' && f !== '#FFFFFF') { fills.add(f); }
            });
            return Array.from(fills);
            """,
            chartId).Select(o => (string)o).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.Equal(present.Select(o => o.Color.ToUpperInvariant()).OrderBy(s => s, StringComparer.Ordinal).ToArray(), fills);

        // The legend names each series in words (colour is never the only key), and the SVG is an image with a name.
        string svgText = b.Script<string>("return document.querySelector('#' + arguments[0] + ' svg').textContent;", chartId);
        foreach (var o in present)
        {
            Assert.Contains(o.Name, svgText, StringComparison.Ordinal);
        }

        Assert.Equal("img", b.Script<string>("return document.querySelector('#' + arguments[0] + ' svg').getAttribute('role');", chartId));
        Assert.Equal(present.Length.ToString(CultureInfo.InvariantCulture), b.Script<string>("return document.getElementById(arguments[0]).dataset.series;", chartId));
        if (chartId == "chart-versions")
        {
            Assert.Contains("451 floor (14.0)", svgText, StringComparison.Ordinal);
            Assert.Contains("Exchange Online floor (16.1)", svgText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LogReport_Breakdowns_EqualTheTruthPerDeviceTypeAndVersion()
    {
        HeadlessChromium b = OpenPage();

        var types = Rows(b, "device-types-table").ToDictionary(r => r[0], r => long.Parse(r[1], CultureInfo.InvariantCulture));
        var truthTypes = Devices.GroupBy(d => d.DeviceType).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(truthTypes.OrderBy(kv => kv.Key), types.OrderBy(kv => kv.Key));

        List<string[]> versions = Rows(b, "versions-table");
        var truthVersions = Devices.GroupBy(d => d.ProtocolVersion).ToDictionary(g => g.Key, g => g.ToArray());
        Assert.Equal(truthVersions.Keys.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)), versions.Select(r => r[0]));
        foreach (string[] row in versions)
        {
            GeneratedDevice[] group = truthVersions[row[0]];
            Assert.Equal(group.Length.ToString(CultureInfo.InvariantCulture), row[1]);
            Assert.Equal(group.Count(d => d.LastOutcome == ActiveSyncOutcome.UserHasNoMailbox).ToString(CultureInfo.InvariantCulture), row[4]);
            // Columns after the per-outcome ones: below 14.0, below the cloud floor, can follow 451, accepted by the cloud.
            bool old = row[0] == "12.1";
            Assert.Equal(old ? group.Length.ToString(CultureInfo.InvariantCulture) : "0", row[^4]);
            Assert.Equal(old ? "no" : "yes", row[^2]);
            Assert.Equal(row[0] == "16.1" ? "yes" : "no", row[^1]);
        }
    }

    [Fact]
    public void LogReport_StuckAndBelowFloorTables_ListTheTruthsDevices()
    {
        HeadlessChromium b = OpenPage();

        List<string[]> stuck = Rows(b, "stuck-table");
        var truthStuck = Devices.Where(d => d.LastOutcome == ActiveSyncOutcome.UserHasNoMailbox).ToArray();
        Assert.InRange(truthStuck.Length, 1, new HtmlReportOptions().MaxRows);
        Assert.Equal(truthStuck.Select(d => d.DeviceId).Order(StringComparer.Ordinal), stuck.Select(r => r[1]).Order(StringComparer.Ordinal));
        foreach (string[] row in stuck)
        {
            GeneratedDevice d = truthStuck.Single(t => t.DeviceId == row[1]);
            string[] expected =
            [
                d.User, d.DeviceId, d.DeviceType, d.ProtocolVersion, d.Counts.UserHasNoMailbox.ToString(CultureInfo.InvariantCulture), d.Counts.Total.ToString(CultureInfo.InvariantCulture),
                d.FirstSeen.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), d.LastSeen.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), "UserHasNoMailbox",
                "-", // the generator logs no ExStk; HtmlReportTests covers a decoded exception
            ];
            Assert.Equal(expected, row);
        }

        List<string[]> below = Rows(b, "below-floor-table");
        var truthBelow = Devices.Where(d => d.Counts.Redirected > 0 && BelowCloudFloor(d)).ToArray();
        Assert.NotEmpty(truthBelow);
        Assert.Equal(truthBelow.Select(d => d.DeviceId).Order(StringComparer.Ordinal), below.Select(r => r[1]).Order(StringComparer.Ordinal));
        Assert.All(below, r => Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", r[7]));
    }

    [Fact]
    public void LogReport_ColumnHeaderButton_SortsTheTable()
    {
        HeadlessChromium b = OpenPage();
        IWebElement header = b.Driver.FindElements(By.CssSelector("#stuck-table thead th"))[4];
        long[] Column() => Rows(b, "stuck-table").Select(r => long.Parse(r[4], CultureInfo.InvariantCulture)).ToArray();

        header.FindElement(By.TagName("button")).Click();
        long[] ascending = Column();
        Assert.Equal("ascending", header.GetAttribute("aria-sort"));
        Assert.Equal(ascending.Order(), ascending);

        header.FindElement(By.TagName("button")).Click();
        long[] descending = Column();
        Assert.Equal("descending", header.GetAttribute("aria-sort"));
        Assert.Equal(ascending.OrderDescending(), descending);
        Assert.NotEqual(ascending, descending);
        Assert.Empty(b.ConsoleErrors());
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HybridCore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HybridCore.sln not found above " + AppContext.BaseDirectory);
    }
}
