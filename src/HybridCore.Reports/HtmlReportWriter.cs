using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using HybridCore.Diagnostics.Logs;
using HybridCore.Diagnostics.Readiness;
using static HybridCore.Reports.HtmlPage;

namespace HybridCore.Reports;

/// <summary>
/// Writes the log analysis and readiness reports as one self-contained HTML page each: the style, the charts
/// (ScottPlot, inline SVG) and the few lines of script that sort the tables are all in the file, and the page's
/// Content-Security-Policy forbids fetching anything. Every text that comes from logs, directory or inventory is
/// escaped and cleaned of control and bidirectional characters; tables are cut at
/// <see cref="HtmlReportOptions.MaxRows"/> rows, so the page stays small whatever the size of the input. See
/// docs/diagnostics.md ("HTML report").
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>Writes the log analysis page: totals, a timeline of requests by outcome, devices by type and by EAS
    /// version (the 451 floor and the cloud floor marked), the stuck and the redirected-below-the-cloud-floor devices as
    /// sortable tables, and what was read.</summary>
    /// <param name="report">The analysis (with its <see cref="LogAnalysisReport.Timeline"/>).</param>
    /// <param name="writer">Where to write (the page is UTF-8 text; give the writer that encoding).</param>
    /// <param name="options">Limits and header details; null for the defaults.</param>
    public static void WriteLogReport(LogAnalysisReport report, TextWriter writer, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        options ??= new HtmlReportOptions();
        Begin(writer, options.Title ?? "ActiveSync on-boarding: IIS log analysis", options, HtmlLogSections.Sections);
        HtmlLogSections.WriteAll(writer, report, options);
        End(writer);
    }

    /// <summary>Writes the readiness page: the findings grouped by severity, each with the objects concerned and what
    /// to do, a chart of the objects per finding, the inputs checked, and — when <paramref name="logs"/> is given — the
    /// log analysis sections too.</summary>
    /// <param name="readiness">The readiness report.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="options">Limits and header details; null for the defaults.</param>
    /// <param name="logs">The log analysis the readiness checks used, if any.</param>
    public static void WriteReadinessReport(ReadinessReport readiness, TextWriter writer, HtmlReportOptions? options = null, LogAnalysisReport? logs = null)
    {
        ArgumentNullException.ThrowIfNull(readiness);
        ArgumentNullException.ThrowIfNull(writer);
        options ??= new HtmlReportOptions();
        var sections = new List<(string, string)> { ("summary", "Summary"), ("findings", "Findings"), ("checked", "Inputs checked") };
        if (logs is not null)
        {
            sections.AddRange(HtmlLogSections.Sections);
        }

        Begin(writer, options.Title ?? "Hybrid ActiveSync redirect readiness", options, sections);
        Summary(writer, readiness);
        Findings(writer, readiness, options);
        Inputs(writer, readiness, options);
        if (logs is not null)
        {
            HtmlLogSections.WriteAll(writer, logs, options);
        }

        End(writer);
    }

    private static readonly (ReadinessSeverity Severity, string Name, string Plural, string Color)[] Severities =
    [
        (ReadinessSeverity.Error, "error", "Errors", "#D55E00"),
        (ReadinessSeverity.Warning, "warning", "Warnings", "#E69F00"),
        (ReadinessSeverity.Info, "info", "Information", "#009E73"),
    ];

    private static void Summary(TextWriter w, ReadinessReport readiness)
    {
        BeginSection(w, "summary", "Summary");
        int errors = readiness.Findings.Count(f => f.Severity == ReadinessSeverity.Error);
        w.Write("<p id=\"verdict\"><strong>");
        HtmlText.WriteEscaped(w, errors > 0
            ? "Not ready: redirects will fail for the objects listed under Errors (the command's exit code is 1)."
            : "No error: nothing found that stops the redirects (the command's exit code is 0).");
        w.Write("</strong></p>\n<dl class=\"totals\">\n");
        foreach ((ReadinessSeverity severity, string name, string plural, _) in Severities)
        {
            w.Write("<dt>");
            HtmlText.WriteEscaped(w, plural);
            w.Write("</dt><dd id=\"count-");
            w.Write(name);
            w.Write("\">");
            w.Write(HtmlText.Number(readiness.Findings.Count(f => f.Severity == severity)));
            w.Write("</dd>\n");
        }

        w.Write("</dl>\n");
        EndSection(w);
    }

    private static void Findings(TextWriter w, ReadinessReport readiness, HtmlReportOptions options)
    {
        BeginSection(w, "findings", "Findings");
        if (readiness.Findings.Count == 0)
        {
            Paragraph(w, "No findings.", "note");
            EndSection(w);
            return;
        }

        // One bar per finding (objects concerned), one series per severity present.
        IReadOnlyList<ReadinessFinding> findings = readiness.Findings;
        var present = Severities.Where(s => findings.Any(f => f.Severity == s.Severity)).ToArray();
        var series = present
            .Select(s => new ChartSeries(s.Plural, s.Color, findings.Select(f => f.Severity == s.Severity ? (double)Math.Max(1, f.Objects.Count) : 0).ToArray()))
            .ToList();
        string svg = ReportCharts.CategorySvg(findings.Select(f => f.Code.ToString()).ToArray(), series, "Objects concerned", "Finding", horizontal: true, [], 1000, 120 + (30 * findings.Count), maxLabel: 48);
        string description = string.Create(CultureInfo.InvariantCulture,
            $"{findings.Count} findings, most severe first; each bar is the number of servers, users or devices a finding concerns, by severity.");
        Figure(w, "chart-findings", "Objects concerned per finding", description, svg, series.Count, tw =>
        {
            BeginTable(tw, "findings-table", "Findings", [new("Finding"), new("Severity"), new("Objects", true)], sortable: true);
            foreach (ReadinessFinding f in findings)
            {
                BeginRow(tw);
                Cell(tw, f.Code.ToString(), header: true);
                Cell(tw, SeverityName(f.Severity));
                Cell(tw, f.Objects.Count);
                EndRow(tw);
            }

            EndTable(tw);
        });

        foreach ((ReadinessSeverity severity, string name, string plural, _) in Severities)
        {
            var group = findings.Where(f => f.Severity == severity).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            w.Write("<section class=\"severity-group\" id=\"severity-");
            w.Write(name);
            w.Write("\" aria-labelledby=\"severity-");
            w.Write(name);
            w.Write("-h\">\n<h3 id=\"severity-");
            w.Write(name);
            w.Write("-h\">");
            HtmlText.WriteEscaped(w, string.Create(CultureInfo.InvariantCulture, $"{plural} ({group.Count})"));
            w.Write("</h3>\n");
            foreach (ReadinessFinding f in group)
            {
                w.Write("<article class=\"finding ");
                w.Write(name);
                w.Write("\" data-code=\"");
                HtmlText.WriteEscaped(w, f.Code.ToString());
                w.Write("\">\n<h4><span class=\"severity ");
                w.Write(name);
                w.Write("\">");
                w.Write(name);
                w.Write("</span>");
                HtmlText.WriteEscaped(w, f.Code.ToString());
                w.Write("</h4>\n");
                Paragraph(w, f.Message);
                Paragraph(w, f.Remedy, "remedy");
                if (f.Objects.Count > 0)
                {
                    int shown = Math.Min(f.Objects.Count, Math.Max(0, options.MaxRows));
                    w.Write("<details><summary>");
                    HtmlText.WriteEscaped(w, string.Create(CultureInfo.InvariantCulture, $"Objects concerned: {f.Objects.Count}"));
                    w.Write("</summary>\n<ul class=\"objects\">\n");
                    foreach (string o in f.Objects.Take(shown))
                    {
                        w.Write("<li>");
                        HtmlText.Write(w, o);
                        w.Write("</li>\n");
                    }

                    w.Write("</ul>\n");
                    if (shown < f.Objects.Count)
                    {
                        Paragraph(w, string.Create(CultureInfo.InvariantCulture, $"… and {f.Objects.Count - shown} more (the JSON output lists them all)."), "note");
                    }

                    w.Write("</details>\n");
                }

                w.Write("</article>\n");
            }

            w.Write("</section>\n");
        }

        EndSection(w);
    }

    private static void Inputs(TextWriter w, ReadinessReport readiness, HtmlReportOptions options)
    {
        BeginSection(w, "checked", "Inputs checked");
        if (readiness.Inputs.Count == 0)
        {
            Paragraph(w, "The report was made without a list of its inputs.", "note");
            EndSection(w);
            return;
        }

        BeginTable(w, "inputs-table", "What the checks read", [new("Input"), new("Checked"), new("Sources"), new("Files"), new("Counts")], sortable: false);
        foreach (ReadinessInput input in readiness.Inputs)
        {
            BeginRow(w);
            Cell(w, input.Kind.ToString(), header: true);
            Cell(w, input.Checked ? "yes" : "no (not given)");
            Cell(w, string.Join(", ", input.Sources.Take(options.MaxFilesListed)) + More(input.Sources.Count, options.MaxFilesListed));
            Cell(w, input.Files.Count == 0 ? "-" : string.Join(", ", input.Files.Take(options.MaxFilesListed).Select(Path.GetFileName)) + More(input.Files.Count, options.MaxFilesListed));
            Cell(w, string.Join(", ", input.Counts.Select(c => c.Key + " " + HtmlText.Number(c.Value))));
            EndRow(w);
        }

        EndTable(w);
        EndSection(w);
    }

    private static string More(int count, int shown) =>
        count > shown ? string.Create(CultureInfo.InvariantCulture, $" (+{count - shown} more)") : string.Empty;

    private static string SeverityName(ReadinessSeverity s) => s switch
    {
        ReadinessSeverity.Error => "error",
        ReadinessSeverity.Warning => "warning",
        _ => "info",
    };
}
