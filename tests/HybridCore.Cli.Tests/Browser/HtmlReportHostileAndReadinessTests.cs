using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridCore.Diagnostics.Logs;
using OpenQA.Selenium;

namespace HybridCore.Cli.Tests.Browser;

/// <summary>Pages made from input an attacker controls, and the readiness page, opened in headless Chromium.</summary>
public sealed class HtmlReportHostileAndReadinessTests : IDisposable
{
    private const string Fields = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken";

    private readonly string _root = CliRunner.TempDirectory();
    private HeadlessChromium? _browser;

    private HeadlessChromium Browser => _browser ??= HeadlessChromium.Start(1280, 1600);

    public void Dispose()
    {
        _browser?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static string Line(string time, string query, string userName, string status) =>
        $"2026-03-09 {time} 10.0.0.21 POST /Microsoft-Server-ActiveSync/default.eas {query} 443 {userName} 203.0.113.9 Hostile/1.0 {status} 0 0 15";

    [Fact]
    public async Task LogReport_HostileLog_ShowsScriptsUrlsAndControlCharactersAsInertText()
    {
        // User names, device ids and types are whatever the client sent (percent-decoded by the analyser).
        const string UserScript = "%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E";
        const string TypeImage = "%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D2%22%3E";
        const string UserControl = "ctl%01%1B%5B31m%E2%80%AEnimda%7F";
        string log = string.Join("\r\n",
            "#Software: Microsoft Internet Information Services 10.0",
            Fields,
            Line("10:00:01", $"User={UserScript}&DeviceId=javascript:alert(1)&DeviceType={TypeImage}&Cmd=Sync&Log=V141_S123_Error:UserHasNoMailbox_", "-", "200"),
            Line("10:00:02", $"User={UserControl}&DeviceId=%22%3E%3Csvg%20onload%3Dalert(3)%3E&DeviceType=%3C%2Ftitle%3E%3C%2Fsvg%3E%3Cscript%3Ewindow.__pwned%3D4%3C%2Fscript%3E&Cmd=Sync&Log=V141_S123_Error:UserHasNoMailbox_", "-", "200"),
            Line("10:00:03", "User=x%40contoso.com&DeviceId=ABC&DeviceType=%3Ca%20href%3D%22javascript:window.__pwned%3D5%22%3Eclick%3C%2Fa%3E&Cmd=Sync&Log=RdirTo:TryToFigureOutEasEndpoint%3bjavascript%3aalert(6)_V141_", "x%40contoso.com", "451"),
            "<script>window.__pwned=7</script> a broken line",
            string.Empty);
        string logPath = Path.Combine(_root, "hostile.log");
        await File.WriteAllTextAsync(logPath, log, new UTF8Encoding(false));
        string page = Path.Combine(_root, "hostile.html");

        var (exit, _, err) = await CliRunner.RunAsync(["logs", "analyze", logPath, "--html", page]);
        Assert.True(exit == ExitCodes.Ok, err);

        HeadlessChromium b = Browser;
        b.Open(page);
        Assert.Empty(b.ConsoleErrors());
        Assert.True(b.Script<bool>("return typeof window.__pwned === 'undefined';"), "a script from the log ran");
        Assert.Equal(1L, b.Script<long>("return document.scripts.length;"));
        Assert.Equal(0L, b.Script<long>("return document.querySelectorAll('img, iframe, object, embed, a[href^=\"javascript\" i]').length;"));
        Assert.Equal(0L, b.Script<long>("return Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length;"));
        // One <svg> per chart, no more: the device type's </svg><script> did not break out of a chart.
        Assert.Equal(b.Script<long>("return document.querySelectorAll('figure.chart').length;"), b.Script<long>("return document.querySelectorAll('svg').length;"));

        // The hostile values are there, as text.
        var stuck = b.Script<ReadOnlyCollection<object>>("return Array.from(document.querySelectorAll('#stuck-table tbody tr')).map(r => r.cells[0].textContent + '|' + r.cells[1].textContent + '|' + r.cells[2].textContent);")
            .Select(o => (string)o).ToArray();
        Assert.Contains("<script>window.__pwned=1</script>|javascript:alert(1)|<img src=x onerror=\"window.__pwned=2\">", stuck);
        // Control characters are shown as control pictures (U+2401, U+241B, U+2421), the right-to-left override as U+FFFD.
        Assert.Contains(stuck, s => s.StartsWith("ctl\u2401\u241B[31m\uFFFDnimda\u2421|\"><svg onload=alert(3)>|</title></svg><script>", StringComparison.Ordinal));
        string body = b.Script<string>("return document.body.textContent;");
        Assert.Contains("<script>window.__pwned=7</script> a broken line", body, StringComparison.Ordinal);
        string chartText = b.Script<string>("return document.querySelector('#chart-device-types svg').textContent;");
        Assert.Contains("<img src=x", chartText, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0001', body);
        Assert.DoesNotContain('\u202E', body);
    }

    [Fact]
    public async Task ReadinessReport_InChromium_GroupsFindingsBySeverityWithWhatToDo_AndListsTheInputs()
    {
        string logs = Path.Combine(_root, "logs");
        Directory.CreateDirectory(logs);
        using (FileStream f = File.Create(Path.Combine(logs, "u_ex260309.log")))
        {
            IisLogGenerator.Generate(f, new IisLogGeneratorOptions { Seed = 5, Users = 20, TargetBytes = 200_000 });
        }

        string servers = Path.Combine(_root, "servers.csv");
        await File.WriteAllTextAsync(servers, "\"Name\",\"AdminDisplayVersion\",\"ServerRole\"\n\"EX2010\",\"Version 14.3 (Build 123.4)\",\"Mailbox, ClientAccess\"\n\"EX2019\",\"Version 15.2 (Build 1544.4)\",\"Mailbox\"\n");
        string page = Path.Combine(_root, "readiness.html");

        var (exit, json, err) = await CliRunner.RunAsync(["readiness", "--servers", servers, "--logs", logs, "--json", "--html", page]);
        Assert.True(exit is 0 or 1, err);
        JsonElement expected = JsonDocument.Parse(json).RootElement;
        JsonElement[] findings = expected.GetProperty("findings").EnumerateArray().ToArray();
        Assert.NotEmpty(findings);

        HeadlessChromium b = Browser;
        b.Open(page);
        Assert.Empty(b.ConsoleErrors());
        Assert.Equal("Hybrid ActiveSync redirect readiness", b.Driver.Title);
        foreach (string severity in new[] { "error", "warning", "info" })
        {
            int count = findings.Count(f => f.GetProperty("severity").GetString() == severity);
            Assert.Equal(count.ToString(CultureInfo.InvariantCulture), b.Driver.FindElement(By.Id("count-" + severity)).Text);
            Assert.Equal((long)count, b.Script<long>("return document.querySelectorAll('#severity-' + arguments[0] + ' article.finding').length;", severity));
        }

        // Each finding, in the JSON's order (most severe first), with its message, what to do, and its objects.
        var articles = b.Script<ReadOnlyCollection<object>>(
            "return Array.from(document.querySelectorAll('article.finding')).map(a => [a.dataset.code, a.querySelector('.severity').textContent, a.querySelectorAll('p')[0].textContent, a.querySelector('p.remedy').textContent, a.querySelectorAll('li').length]);")
            .Select(o => (ReadOnlyCollection<object>)o).ToArray();
        Assert.Equal(findings.Length, articles.Length);
        for (int i = 0; i < findings.Length; i++)
        {
            Assert.Equal(findings[i].GetProperty("code").GetString(), (string)articles[i][0]);
            Assert.Equal(findings[i].GetProperty("severity").GetString(), (string)articles[i][1]);
            Assert.Equal(findings[i].GetProperty("message").GetString(), (string)articles[i][2]);
            Assert.Equal(findings[i].GetProperty("remedy").GetString(), (string)articles[i][3]);
            Assert.Equal((long)Math.Min(findings[i].GetProperty("objects").GetArrayLength(), 500), (long)articles[i][4]);
        }

        // The inputs checked: directory, servers, logs.
        var inputs = b.Script<ReadOnlyCollection<object>>("return Array.from(document.querySelectorAll('#inputs-table tbody tr')).map(r => r.cells[0].textContent + ':' + r.cells[1].textContent);")
            .Select(o => (string)o).ToArray();
        Assert.Equal(["Directory:yes", "Servers:yes", "Logs:yes"], inputs);

        // One series per severity present in the findings chart, and the log sections follow.
        int severities = findings.Select(f => f.GetProperty("severity").GetString()).Distinct().Count();
        Assert.Equal(severities.ToString(CultureInfo.InvariantCulture), b.Script<string>("return document.getElementById('chart-findings').dataset.series;"));
        long fills = b.Script<long>(
            "const s = new Set(); document.querySelectorAll('#chart-findings svg g[clip-path] rect').forEach(r => { const f = (r.getAttribute('fill') || '').toUpperCase(); if (f && f !== 'NONE' && f !== 'WHITE' && f !== '#FFFFFF') s.add(f); }); return s.size;");
        Assert.Equal(severities, (int)fills);
        Assert.True(b.Script<bool>("return document.getElementById('chart-timeline') !== null && document.getElementById('stuck') !== null;"));

        string shot = Path.Combine(AppContext.BaseDirectory, "artifacts", "html-report", "readiness-report.png");
        b.Screenshot(shot);
        if (Environment.GetEnvironmentVariable("HYBRIDCORE_UPDATE_SCREENSHOTS") == "1")
        {
            string docs = Path.Combine(HtmlReportBrowserTests.RepositoryRoot(), "docs", "images");
            Directory.CreateDirectory(docs);
            File.Copy(shot, Path.Combine(docs, "readiness-report.png"), overwrite: true);
        }
    }
}
