using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace HybridCore.Reports;

/// <summary>
/// The frame every report page shares: a Content-Security-Policy that allows no network access and no script but
/// the page's own (by hash, so markup that slipped into the data could not run even if escaping failed), the style
/// sheet (screen and print), and the small script that sorts tables and opens the data tables before printing.
/// </summary>
internal static class HtmlPage
{
    /// <summary>Sorts a table by the column whose header button is pressed (numbers by <c>data-sort</c>), keeps
    /// <c>aria-sort</c> in step for screen readers, and opens every <c>details</c> before printing. It reads the
    /// page's text, never builds markup from it.</summary>
    internal const string Script = """
(function () {
  'use strict';
  function key(cell) { var v = cell.getAttribute('data-sort'); return v === null ? cell.textContent : v; }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector('button');
      if (!button) { return; }
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var numeric = th.hasAttribute('data-numeric');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
})();
""";

    private const string Style = """
:root { color-scheme: light; --fg: #1b1b1b; --muted: #555; --line: #c8c8c8; --band: #f3f3f3; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", system-ui, sans-serif; color: var(--fg); margin: 0 auto; max-width: 75rem; padding: 1rem 1.5rem 3rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--fg); padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
p.meta, .note { color: var(--muted); }
nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; padding: 0; }
a { color: #0b57a4; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid var(--line); padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: var(--band); }
td.text { max-width: 28rem; overflow-wrap: anywhere; }
th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-align: inherit; }
th button::after { content: " \2195"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " \2191"; }
th[aria-sort="descending"] button::after { content: " \2193"; }
th button:focus-visible, summary:focus-visible, a:focus-visible { outline: 3px solid #0b57a4; outline-offset: 2px; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); margin-top: 0.25rem; }
dl.totals { display: grid; grid-template-columns: max-content max-content; gap: 0.15rem 1.25rem; }
dl.totals dt { font-weight: bold; }
dl.totals dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
.severity { font-weight: bold; text-transform: uppercase; letter-spacing: 0.03em; border: 2px solid currentColor; padding: 0 0.3rem; margin-right: 0.4rem; }
.severity.error { color: #a40000; }
.severity.warning { color: #7a4b00; }
.severity.info { color: #1d5e20; }
article.finding { border-left: 4px solid var(--line); padding: 0.1rem 0 0.1rem 0.8rem; margin: 1rem 0; }
article.finding.error { border-left-style: double; border-left-width: 6px; }
.remedy::before { content: "What to do: "; font-weight: bold; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, th button::after { display: none; }
  a { color: inherit; text-decoration: none; }
  figure.chart, table, article.finding { break-inside: avoid; }
  h2 { break-after: avoid; }
  details::details-content { content-visibility: visible; display: contents; }
  details > summary { display: none; }
}
""";

    /// <summary>The CSP's script-src: the SHA-256 of <see cref="Script"/> as the page holds it (CSP Level 2, "hash-source").</summary>
    internal static string ScriptHash { get; } = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)));

    public static void Begin(TextWriter w, string title, HtmlReportOptions options, IReadOnlyList<(string Id, string Title)> sections)
    {
        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // Nothing may be fetched: no default source at all; the inline style and the one hashed script are allowed.
        w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '");
        w.Write(ScriptHash);
        w.Write("'; base-uri 'none'; form-action 'none'\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write("<meta name=\"generator\" content=\"hybridcore\">\n<title>");
        HtmlText.Write(w, title);
        w.Write("</title>\n<style>\n");
        w.Write(Style);
        w.Write("</style>\n</head>\n<body>\n<header>\n<h1>");
        HtmlText.Write(w, title);
        w.Write("</h1>\n");
        if (options.GeneratedAt is { } at)
        {
            w.Write("<p class=\"meta\">Generated ");
            HtmlText.WriteEscaped(w, at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            w.Write(" UTC by hybridcore. All times are UTC.</p>\n");
        }

        w.Write("<nav aria-label=\"Sections\"><ul>\n");
        foreach ((string id, string sectionTitle) in sections)
        {
            w.Write("<li><a href=\"#");
            HtmlText.WriteEscaped(w, id);
            w.Write("\">");
            HtmlText.WriteEscaped(w, sectionTitle);
            w.Write("</a></li>\n");
        }

        w.Write("</ul></nav>\n</header>\n<main>\n");
    }

    public static void End(TextWriter w)
    {
        w.Write("</main>\n<script>");
        w.Write(Script);
        w.Write("</script>\n</body>\n</html>\n");
    }

    public static void BeginSection(TextWriter w, string id, string title)
    {
        w.Write("<section id=\"");
        HtmlText.WriteEscaped(w, id);
        w.Write("\" aria-labelledby=\"");
        HtmlText.WriteEscaped(w, id);
        w.Write("-h\">\n<h2 id=\"");
        HtmlText.WriteEscaped(w, id);
        w.Write("-h\">");
        HtmlText.WriteEscaped(w, title);
        w.Write("</h2>\n");
    }

    public static void EndSection(TextWriter w) => w.Write("</section>\n");

    public static void Paragraph(TextWriter w, string text, string? cssClass = null)
    {
        w.Write(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">");
        HtmlText.Write(w, text, int.MaxValue);
        w.Write("</p>\n");
    }

    /// <summary>Writes a chart: the SVG made an image with a title and description for assistive technology, a
    /// caption, and the same numbers as a table in a <c>details</c> element (opened for print).</summary>
    public static void Figure(TextWriter w, string id, string title, string description, string svg, int seriesCount, Action<TextWriter> dataTable)
    {
        w.Write("<figure class=\"chart\" id=\"");
        HtmlText.WriteEscaped(w, id);
        w.Write("\" data-series=\"");
        w.Write(seriesCount.ToString(CultureInfo.InvariantCulture));
        w.Write("\">\n");
        int open = svg.IndexOf("<svg", StringComparison.Ordinal);
        int close = open < 0 ? -1 : svg.IndexOf('>', open);
        if (open < 0 || close < 0)
        {
            throw new InvalidOperationException("The chart library returned no <svg> element.");
        }

        // <svg role="img" aria-labelledby="…"> with <title> and <desc> first inside it, and a viewBox so it scales.
        string head = svg[open..close];
        w.Write(head);
        if (!head.Contains("viewBox", StringComparison.Ordinal) && TryAttribute(head, "width", out string? width) && TryAttribute(head, "height", out string? height))
        {
            w.Write(" viewBox=\"0 0 ");
            HtmlText.WriteEscaped(w, width!);
            w.Write(' ');
            HtmlText.WriteEscaped(w, height!);
            w.Write('"');
        }

        w.Write(" role=\"img\" aria-labelledby=\"");
        HtmlText.WriteEscaped(w, id);
        w.Write("-title ");
        HtmlText.WriteEscaped(w, id);
        w.Write("-desc\"><title id=\"");
        HtmlText.WriteEscaped(w, id);
        w.Write("-title\">");
        HtmlText.Write(w, title, int.MaxValue);
        w.Write("</title><desc id=\"");
        HtmlText.WriteEscaped(w, id);
        w.Write("-desc\">");
        HtmlText.Write(w, description, int.MaxValue);
        w.Write("</desc>");
        w.Write(svg.AsSpan(close + 1));
        w.Write("\n<figcaption>");
        HtmlText.Write(w, description, int.MaxValue);
        w.Write("</figcaption>\n<details><summary>The numbers behind this chart</summary>\n");
        dataTable(w);
        w.Write("</details>\n</figure>\n");
    }

    private static bool TryAttribute(string head, string name, out string? value)
    {
        string marker = " " + name + "=\"";
        int at = head.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            value = null;
            return false;
        }

        int start = at + marker.Length;
        int end = head.IndexOf('"', start);
        value = end < 0 ? null : head[start..end];
        return value is not null;
    }

    /// <summary>A table column: its header, whether it is numeric (right-aligned, sorted as numbers).</summary>
    public readonly record struct Column(string Header, bool Numeric = false);

    public static void BeginTable(TextWriter w, string id, string caption, IReadOnlyList<Column> columns, bool sortable)
    {
        w.Write("<table id=\"");
        HtmlText.WriteEscaped(w, id);
        w.Write(sortable ? "\" class=\"sortable\">\n<caption>" : "\">\n<caption>");
        HtmlText.Write(w, caption, int.MaxValue);
        w.Write("</caption>\n<thead><tr>");
        foreach (Column c in columns)
        {
            w.Write("<th scope=\"col\"");
            if (c.Numeric)
            {
                w.Write(" class=\"n\" data-numeric=\"\"");
            }

            w.Write('>');
            if (sortable)
            {
                w.Write("<button type=\"button\">");
                HtmlText.WriteEscaped(w, c.Header);
                w.Write("</button>");
            }
            else
            {
                HtmlText.WriteEscaped(w, c.Header);
            }

            w.Write("</th>");
        }

        w.Write("</tr></thead>\n<tbody>\n");
    }

    public static void EndTable(TextWriter w) => w.Write("</tbody>\n</table>\n");

    public static void BeginRow(TextWriter w) => w.Write("<tr>");

    public static void EndRow(TextWriter w) => w.Write("</tr>\n");

    /// <summary>A text cell (cleaned and escaped).</summary>
    public static void Cell(TextWriter w, string? text, bool header = false)
    {
        w.Write(header ? "<th scope=\"row\" class=\"text\">" : "<td class=\"text\">");
        HtmlText.Write(w, string.IsNullOrEmpty(text) ? "-" : text);
        w.Write(header ? "</th>" : "</td>");
    }

    /// <summary>A number cell.</summary>
    public static void Cell(TextWriter w, long n)
    {
        string s = HtmlText.Number(n);
        w.Write("<td class=\"n\" data-sort=\"");
        w.Write(s);
        w.Write("\">");
        w.Write(s);
        w.Write("</td>");
    }

    /// <summary>A time cell, sortable as a number.</summary>
    public static void Cell(TextWriter w, DateTime? time)
    {
        w.Write("<td data-sort=\"");
        w.Write(time is { } t ? t.Ticks.ToString(CultureInfo.InvariantCulture) : "0");
        w.Write("\">");
        w.Write(HtmlText.Time(time));
        w.Write("</td>");
    }
}
