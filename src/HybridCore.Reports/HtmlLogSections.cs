using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using HybridCore.ActiveSync;
using HybridCore.Diagnostics.Logs;
using HybridCore.Redirect;
using static HybridCore.Reports.HtmlPage;

namespace HybridCore.Reports;

/// <summary>The sections of the log analysis page, each written from the <see cref="LogAnalysisReport"/> alone (the
/// logs are read once, by the analysis; nothing here reads them again). Every table is bounded by
/// <see cref="HtmlReportOptions.MaxRows"/>, every chart by a fixed number of bars.</summary>
internal static class HtmlLogSections
{
    private const int ChartWidth = 1000;

    public static readonly (string Id, string Title)[] Sections =
    [
        ("totals", "Totals"),
        ("timeline", "Timeline"),
        ("device-types", "Device types"),
        ("versions", "EAS versions"),
        ("stuck", "Stuck devices"),
        ("below-floor", "Redirected below the cloud floor"),
        ("inputs", "What was read"),
    ];

    public static void WriteAll(TextWriter w, LogAnalysisReport report, HtmlReportOptions options)
    {
        Totals(w, report);
        Timeline(w, report.Timeline);
        DeviceTypes(w, report, options);
        Versions(w, report);
        Stuck(w, report, options);
        BelowFloor(w, report, options);
        Inputs(w, report, options);
    }

    private static string Floor451 => RedirectPolicy.MinimumRedirectVersion.ToString();

    private static void Totals(TextWriter w, LogAnalysisReport report)
    {
        LogAnalysisTotals t = report.Totals;
        OutcomeCounts r = t.Requests;
        BeginSection(w, "totals", "Totals");
        Paragraph(w, string.Create(CultureInfo.InvariantCulture,
            $"{t.Users} users, {t.Devices} devices, {r.Total} ActiveSync requests. {t.DevicesStuck} devices are stuck on UserHasNoMailbox; {t.DevicesUnableToFollow451} devices speak an EAS version below {Floor451} and cannot follow a 451; {t.RedirectedBelowCloudFloor} redirected devices speak a version below {t.CloudProtocolFloor}{CloudFloorNote(t)}."));
        w.Write("<dl class=\"totals\">\n");
        Term(w, "total-users", "Users", t.Users);
        Term(w, "total-devices", "Devices", t.Devices);
        Term(w, "total-requests", "ActiveSync requests", r.Total);
        foreach ((ActiveSyncOutcome outcome, string name, _) in ReportCharts.Outcomes)
        {
            Term(w, "total-" + OutcomeId(outcome), "… " + name, r[outcome]);
        }

        Term(w, "total-stuck", "Devices stuck on UserHasNoMailbox", t.DevicesStuck);
        Term(w, "total-cannot-follow-451", "Devices below EAS " + Floor451 + " (cannot follow 451)", t.DevicesUnableToFollow451);
        Term(w, "total-below-cloud-floor", "Redirected devices below EAS " + t.CloudProtocolFloor, t.RedirectedBelowCloudFloor);
        w.Write("</dl>\n");
        if (report.Devices.Count < t.Devices)
        {
            Paragraph(w, string.Create(CultureInfo.InvariantCulture,
                $"The report handed to this page lists {report.Devices.Count} of the {t.Devices} devices: the totals above cover them all, the breakdowns and tables below only those listed."), "note");
        }

        EndSection(w);
    }

    private static string CloudFloorNote(LogAnalysisTotals t) =>
        t.CloudProtocolFloor == CloudProtocolFloors.ExchangeOnline ? " (refused by Exchange Online since 2026-03-01)" : string.Empty;

    internal static string OutcomeId(ActiveSyncOutcome outcome) => outcome switch
    {
        ActiveSyncOutcome.Served => "served",
        ActiveSyncOutcome.Redirected => "redirected",
        ActiveSyncOutcome.UserHasNoMailbox => "userhasnomailbox",
        ActiveSyncOutcome.AuthFailure => "authfailure",
        _ => "othererror",
    };

    private static void Term(TextWriter w, string id, string label, long value)
    {
        w.Write("<dt>");
        HtmlText.WriteEscaped(w, label);
        w.Write("</dt><dd id=\"");
        w.Write(id);
        w.Write("\">");
        w.Write(HtmlText.Number(value));
        w.Write("</dd>\n");
    }

    private static void Timeline(TextWriter w, RequestTimeline timeline)
    {
        BeginSection(w, "timeline", "Timeline of requests by outcome");
        TimelineGranularity g = timeline.ChooseGranularity();
        IReadOnlyList<TimelineBucket> buckets = timeline.View(g);
        string unit = g switch { TimelineGranularity.Hour => "hour", TimelineGranularity.Day => "day", _ => "week" };
        if (buckets.Count == 0)
        {
            Paragraph(w, "No ActiveSync request had a readable date and time: there is no timeline to draw.", "note");
        }
        else
        {
            OutcomeCounts sum = timeline.Timed;
            var present = ReportCharts.Outcomes.Where(o => sum[o.Outcome] > 0).ToArray();
            string description = string.Create(CultureInfo.InvariantCulture,
                $"ActiveSync requests per {unit} (UTC) from {HtmlText.Time(buckets[0].Start)} to {HtmlText.Time(buckets[^1].Start)}, stacked by outcome: ") +
                string.Join(", ", ReportCharts.Outcomes.Select(o => HtmlText.Number(sum[o.Outcome]) + " " + o.Name)) + ".";
            string svg = ReportCharts.TimelineSvg(buckets, g, ChartWidth, 380);
            Figure(w, "chart-timeline", "Requests per " + unit + " by outcome", description, svg, present.Length, tw =>
            {
                var columns = new List<Column> { new("Start (UTC)") };
                columns.AddRange(ReportCharts.Outcomes.Select(o => new Column(o.Name, true)));
                columns.Add(new Column("Total", true));
                BeginTable(tw, "timeline-table", "Requests per " + unit + " (only " + unit + "s with requests)", columns, sortable: false);
                foreach (TimelineBucket b in buckets)
                {
                    BeginRow(tw);
                    tw.Write("<td>");
                    tw.Write(HtmlText.Time(b.Start));
                    tw.Write("</td>");
                    foreach ((ActiveSyncOutcome outcome, _, _) in ReportCharts.Outcomes)
                    {
                        Cell(tw, b.Counts[outcome]);
                    }

                    Cell(tw, b.Counts.Total);
                    EndRow(tw);
                }

                EndTable(tw);
            });
        }

        if (timeline.Untimed > 0 || timeline.BeyondLimit > 0)
        {
            Paragraph(w, string.Create(CultureInfo.InvariantCulture,
                $"Not on the timeline: {timeline.Untimed} requests without a readable date and time, {timeline.BeyondLimit} requests beyond {RequestTimeline.MaxHours} distinct hours. They are in the totals."), "note");
        }

        EndSection(w);
    }

    /// <summary>Devices per category, counted by their latest outcome.</summary>
    private sealed class Group(string name)
    {
        public string Name { get; } = name;

        public long[] ByLast { get; } = new long[5];

        public long Devices { get; set; }

        public long CannotFollow451 { get; set; }

        public long BelowCloudFloor { get; set; }

        public void Add(DeviceActivity d)
        {
            Devices++;
            ByLast[(int)d.LastOutcome]++;
            CannotFollow451 += d.CanFollow451 == false ? 1 : 0;
            BelowCloudFloor += d.MeetsCloudProtocolFloor == false ? 1 : 0;
        }

        public void Add(Group other)
        {
            Devices += other.Devices;
            CannotFollow451 += other.CannotFollow451;
            BelowCloudFloor += other.BelowCloudFloor;
            for (int i = 0; i < ByLast.Length; i++)
            {
                ByLast[i] += other.ByLast[i];
            }
        }
    }

    private static List<ChartSeries> SeriesOf(IReadOnlyList<Group> groups) =>
        ReportCharts.Outcomes
            .Select(o => new ChartSeries(o.Name, o.Color, groups.Select(g => (double)g.ByLast[(int)o.Outcome]).ToArray()))
            .Where(s => s.Values.Any(v => v > 0))
            .ToList();

    private static void GroupTable(TextWriter w, string id, string caption, string firstColumn, IReadOnlyList<Group> groups, Action<TextWriter, Group>? extra, IReadOnlyList<Column>? extraColumns)
    {
        var columns = new List<Column> { new(firstColumn), new("Devices", true) };
        columns.AddRange(ReportCharts.Outcomes.Select(o => new Column("Latest: " + o.Name, true)));
        columns.Add(new Column("Below EAS " + Floor451 + " (cannot follow 451)", true));
        columns.Add(new Column("Below the cloud floor", true));
        if (extraColumns is not null)
        {
            columns.AddRange(extraColumns);
        }

        BeginTable(w, id, caption, columns, sortable: true);
        foreach (Group g in groups)
        {
            BeginRow(w);
            Cell(w, g.Name, header: true);
            Cell(w, g.Devices);
            foreach ((ActiveSyncOutcome outcome, _, _) in ReportCharts.Outcomes)
            {
                Cell(w, g.ByLast[(int)outcome]);
            }

            Cell(w, g.CannotFollow451);
            Cell(w, g.BelowCloudFloor);
            extra?.Invoke(w, g);
            EndRow(w);
        }

        EndTable(w);
    }

    private static void DeviceTypes(TextWriter w, LogAnalysisReport report, HtmlReportOptions options)
    {
        BeginSection(w, "device-types", "Devices by device type");
        var byType = new Dictionary<string, Group>(StringComparer.Ordinal);
        foreach (DeviceActivity d in report.Devices)
        {
            string type = string.IsNullOrEmpty(d.DeviceType) ? "(none)" : d.DeviceType;
            if (!byType.TryGetValue(type, out Group? g))
            {
                byType[type] = g = new Group(type);
            }

            g.Add(d);
        }

        if (byType.Count == 0)
        {
            Paragraph(w, "No devices.", "note");
            EndSection(w);
            return;
        }

        List<Group> ordered = byType.Values.OrderByDescending(g => g.Devices).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        int shown = Math.Max(1, options.MaxDeviceTypes);
        var groups = ordered.Take(shown).ToList();
        if (ordered.Count > shown)
        {
            var rest = new Group(string.Create(CultureInfo.InvariantCulture, $"Other types ({ordered.Count - shown})"));
            foreach (Group g in ordered.Skip(shown))
            {
                rest.Add(g);
            }

            groups.Add(rest);
        }

        List<ChartSeries> series = SeriesOf(groups);
        string description = string.Create(CultureInfo.InvariantCulture,
            $"Devices per device type ({byType.Count} types, the {Math.Min(shown, ordered.Count)} most common shown one by one), stacked by the outcome of each device's latest request.");
        string svg = ReportCharts.CategorySvg(groups.Select(g => g.Name).ToArray(), series, "Devices", "Device type", horizontal: true, [], ChartWidth, 120 + (28 * groups.Count));
        Figure(w, "chart-device-types", "Devices by device type and latest outcome", description, svg, series.Count, tw =>
            GroupTable(tw, "device-types-table", "Devices per device type", "Device type", groups, null, null));
        EndSection(w);
    }

    private static void Versions(TextWriter w, LogAnalysisReport report)
    {
        BeginSection(w, "versions", "Devices by EAS protocol version");
        EasProtocolVersion cloud = report.Totals.CloudProtocolFloor;
        Paragraph(w, $"A device must speak EAS {Floor451} or later to follow a 451 redirect (older devices get UserHasNoMailbox and need their account re-created); Exchange Online refuses versions below {CloudProtocolFloors.ExchangeOnline} since 2026-03-01. This report's cloud floor: {cloud}.");
        var byVersion = new Dictionary<string, Group>(StringComparer.Ordinal);
        foreach (DeviceActivity d in report.Devices)
        {
            string v = ReportCharts.VersionLabel(d.ProtocolVersion);
            if (!byVersion.TryGetValue(v, out Group? g))
            {
                byVersion[v] = g = new Group(v);
            }

            g.Add(d);
        }

        if (byVersion.Count == 0)
        {
            Paragraph(w, "No devices.", "note");
            EndSection(w);
            return;
        }

        List<Group> groups = byVersion.Values.OrderBy(g => ReportCharts.VersionKey(g.Name)).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        var markers = new List<ChartMarker>
        {
            new(FloorPosition(groups, RedirectPolicy.MinimumRedirectVersion), "451 floor (" + Floor451 + ")"),
            new(FloorPosition(groups, cloud), (cloud == CloudProtocolFloors.ExchangeOnline ? "Exchange Online floor (" : "Cloud floor (") + cloud + ")"),
        };
        List<ChartSeries> series = SeriesOf(groups);
        string description = string.Create(CultureInfo.InvariantCulture,
            $"Devices per EAS protocol version, stacked by the outcome of each device's latest request. Dashed lines: left of the 451 floor ({Floor451}) a device cannot follow a redirect; left of the cloud floor ({cloud}) the target refuses it.");
        string svg = ReportCharts.CategorySvg(groups.Select(g => g.Name).ToArray(), series, "Devices", "EAS protocol version", horizontal: false, markers, ChartWidth, 400);
        Figure(w, "chart-versions", "Devices by EAS protocol version and latest outcome", description, svg, series.Count, tw =>
            GroupTable(tw, "versions-table", "Devices per EAS protocol version", "EAS version", groups, (cw, g) =>
            {
                bool known = EasProtocolVersion.TryParse(g.Name, out EasProtocolVersion v);
                Cell(cw, !known ? "unknown" : v >= RedirectPolicy.MinimumRedirectVersion ? "yes" : "no");
                Cell(cw, !known ? "unknown" : v >= cloud ? "yes" : "no");
            }, [new Column("Can follow 451"), new Column("Accepted by the cloud")]));
        EndSection(w);
    }

    /// <summary>Where a floor's line goes: just before the first known version at or above it.</summary>
    private static double FloorPosition(IReadOnlyList<Group> groups, EasProtocolVersion floor)
    {
        int known = 0;
        for (int i = 0; i < groups.Count; i++)
        {
            if (!EasProtocolVersion.TryParse(groups[i].Name, out EasProtocolVersion v))
            {
                continue;
            }

            known = i + 1;
            if (v >= floor)
            {
                return i - 0.5;
            }
        }

        return known - 0.5;
    }

    private static void Stuck(TextWriter w, LogAnalysisReport report, HtmlReportOptions options)
    {
        BeginSection(w, "stuck", "Devices stuck on UserHasNoMailbox");
        List<DeviceActivity> stuck = report.Devices
            .Where(d => d.LastOutcome == ActiveSyncOutcome.UserHasNoMailbox)
            .OrderByDescending(d => d.Counts.UserHasNoMailbox).ThenByDescending(d => d.LastSeen).ThenBy(d => d.User, StringComparer.OrdinalIgnoreCase)
            .ToList();
        Paragraph(w, "Their latest request got UserHasNoMailbox: the server found no mailbox and did not redirect. Check the user's RemoteRoutingAddress and the organization relationship of its domain (hybridcore resolve, hybridcore readiness), and that the device speaks EAS " + Floor451 + " or later.");
        DeviceTable(w, "stuck-table", "devices stuck on UserHasNoMailbox", stuck, options, [new("UserHasNoMailbox requests", true), new("Requests", true), new("First seen (UTC)"), new("Last seen (UTC)"), new("Last error"), new("Exception Exchange logged (decoded)")], (tw, d) =>
        {
            Cell(tw, d.Counts.UserHasNoMailbox);
            Cell(tw, d.Requests);
            Cell(tw, d.FirstSeen);
            Cell(tw, d.LastSeen);
            Cell(tw, d.LastError);
            Cell(tw, d.LastException?.Summary);
        });
        EndSection(w);
    }

    private static void BelowFloor(TextWriter w, LogAnalysisReport report, HtmlReportOptions options)
    {
        EasProtocolVersion cloud = report.Totals.CloudProtocolFloor;
        BeginSection(w, "below-floor", "Redirected devices below the cloud floor");
        List<DeviceActivity> below = report.Devices
            .Where(d => d.Counts.Redirected > 0 && d.MeetsCloudProtocolFloor == false)
            .OrderByDescending(d => d.LastSeen).ThenBy(d => d.User, StringComparer.OrdinalIgnoreCase)
            .ToList();
        Paragraph(w, $"Redirected at least once, but they speak an EAS version below {cloud}{(cloud == CloudProtocolFloors.ExchangeOnline ? ", which Exchange Online refuses since 2026-03-01" : string.Empty)}: the redirect works, the sync at the target will not. Update the device's mail app or move the user to Outlook for iOS and Android.");
        DeviceTable(w, "below-floor-table", "redirected devices below EAS " + cloud, below, options, [new("Redirects", true), new("Requests", true), new("Latest outcome"), new("Redirect target"), new("Last seen (UTC)")], (tw, d) =>
        {
            Cell(tw, d.Counts.Redirected);
            Cell(tw, d.Requests);
            Cell(tw, ReportCharts.Outcomes.First(o => o.Outcome == d.LastOutcome).Name);
            Cell(tw, d.RedirectTarget);
            Cell(tw, d.LastSeen);
        });
        EndSection(w);
    }

    private static void DeviceTable(TextWriter w, string id, string what, List<DeviceActivity> devices, HtmlReportOptions options, IReadOnlyList<Column> more, Action<TextWriter, DeviceActivity> cells)
    {
        if (devices.Count == 0)
        {
            w.Write("<p class=\"note\" id=\"");
            w.Write(id);
            w.Write("-none\">None.</p>\n");
            return;
        }

        int shown = Math.Min(devices.Count, Math.Max(0, options.MaxRows));
        string caption = shown < devices.Count
            ? string.Create(CultureInfo.InvariantCulture, $"{devices.Count} {what}; the first {shown} shown (sort by pressing a column header)")
            : string.Create(CultureInfo.InvariantCulture, $"{devices.Count} {what} (sort by pressing a column header)");
        var columns = new List<Column> { new("User"), new("Device ID"), new("Device type"), new("EAS version") };
        columns.AddRange(more);
        BeginTable(w, id, caption, columns, sortable: true);
        foreach (DeviceActivity d in devices.Take(shown))
        {
            BeginRow(w);
            Cell(w, d.User, header: true);
            Cell(w, d.DeviceId);
            Cell(w, d.DeviceType);
            Cell(w, d.ProtocolVersion ?? "unknown");
            cells(w, d);
            EndRow(w);
        }

        EndTable(w);
    }

    private static void Inputs(TextWriter w, LogAnalysisReport report, HtmlReportOptions options)
    {
        LogAnalysisTotals t = report.Totals;
        BeginSection(w, "inputs", "What was read");
        w.Write("<dl class=\"totals\">\n");
        Term(w, "read-files", "Files", t.Inputs);
        Term(w, "read-bytes", "Bytes (after decompression)", t.Bytes);
        Term(w, "read-lines", "Lines", t.Lines);
        Term(w, "read-data-lines", "Data lines", t.DataLines);
        Term(w, "read-activesync-lines", "ActiveSync lines", t.ActiveSyncLines);
        Term(w, "read-broken-lines", "Broken lines (set aside)", t.BrokenLines);
        Term(w, "read-base64-queries", "Base64-form queries", t.Base64Queries);
        Term(w, "read-invalid-queries", "Queries the request-line parser rejects", t.InvalidQueries);
        w.Write("</dl>\n");

        if (options.InputFiles.Count > 0)
        {
            int shown = Math.Min(options.InputFiles.Count, Math.Max(0, options.MaxFilesListed));
            w.Write("<h3>Files</h3>\n<ol id=\"input-files\">\n");
            foreach (string f in options.InputFiles.Take(shown))
            {
                w.Write("<li>");
                HtmlText.Write(w, f, 1000);
                w.Write("</li>\n");
            }

            w.Write("</ol>\n");
            if (shown < options.InputFiles.Count)
            {
                Paragraph(w, string.Create(CultureInfo.InvariantCulture, $"… and {options.InputFiles.Count - shown} more files."), "note");
            }
        }

        if (report.BrokenLinesByReason.Count > 0)
        {
            BeginTable(w, "broken-reasons-table", "Broken lines by reason", [new("Reason"), new("Lines", true)], sortable: false);
            foreach (KeyValuePair<W3CBrokenLineReason, long> kv in report.BrokenLinesByReason)
            {
                BeginRow(w);
                Cell(w, kv.Key.ToString(), header: true);
                Cell(w, kv.Value);
                EndRow(w);
            }

            EndTable(w);
        }

        if (t.InvalidQueriesByReason.Count > 0)
        {
            BeginTable(w, "invalid-queries-table", "Rejected queries by reason (still counted, read leniently)", [new("Reason"), new("Requests", true)], sortable: false);
            foreach (KeyValuePair<EasRequestLineError, long> kv in t.InvalidQueriesByReason)
            {
                BeginRow(w);
                Cell(w, kv.Key.ToString(), header: true);
                Cell(w, kv.Value);
                EndRow(w);
            }

            EndTable(w);
        }

        if (report.BrokenLines.Count > 0)
        {
            BeginTable(w, "broken-samples-table", string.Create(CultureInfo.InvariantCulture, $"The first {report.BrokenLines.Count} broken lines"), [new("File"), new("Line", true), new("Reason"), new("Start of the line")], sortable: true);
            foreach (BrokenLineSample s in report.BrokenLines)
            {
                BeginRow(w);
                Cell(w, Path.GetFileName(s.Source));
                Cell(w, s.LineNumber);
                Cell(w, s.Reason.ToString());
                Cell(w, s.Excerpt);
                EndRow(w);
            }

            EndTable(w);
        }

        EndSection(w);
    }
}
