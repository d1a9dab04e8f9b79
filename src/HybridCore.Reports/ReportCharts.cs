using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HybridCore.Diagnostics.Logs;
using ScottPlot;

namespace HybridCore.Reports;

/// <summary>One named series of a stacked bar chart, in stack order (bottom first).</summary>
/// <param name="Name">Shown in the legend and the data table.</param>
/// <param name="Color">Fill colour (#RRGGBB).</param>
/// <param name="Values">One value per category.</param>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> Values);

/// <summary>A vertical marker between categories (a protocol floor).</summary>
/// <param name="Position">The x position (categories sit at 0, 1, 2, …).</param>
/// <param name="Label">The marker's label.</param>
internal sealed record ChartMarker(double Position, string Label);

/// <summary>
/// The report's charts, drawn by ScottPlot (https://scottplot.net, MIT) and exported as SVG. The SVG goes inline into
/// the page: it needs no script, scales, prints as vectors, and its text is real text. Labels that come from the logs
/// are cleaned first (<see cref="HtmlText.Clean"/>); ScottPlot's SVG writer (Skia's SVG canvas) escapes XML.
/// </summary>
internal static class ReportCharts
{
    /// <summary>Okabe–Ito colours (a palette told apart with every common colour-vision deficiency), one per outcome;
    /// they also differ in lightness, so a grey-scale print keeps them apart. The legend and the data table carry the
    /// meaning in words.</summary>
    public static readonly IReadOnlyList<(ActiveSyncOutcome Outcome, string Name, string Color)> Outcomes =
    [
        (ActiveSyncOutcome.Served, "Served", "#009E73"),
        (ActiveSyncOutcome.Redirected, "Redirected (451)", "#0072B2"),
        (ActiveSyncOutcome.UserHasNoMailbox, "UserHasNoMailbox", "#D55E00"),
        (ActiveSyncOutcome.AuthFailure, "Authentication failure (401)", "#E69F00"),
        (ActiveSyncOutcome.OtherError, "Other error", "#56B4E9"),
    ];

    private const string FontName = "DejaVu Sans";

    /// <summary>A stacked vertical bar chart over dates (the timeline).</summary>
    public static string TimelineSvg(IReadOnlyList<TimelineBucket> buckets, TimelineGranularity granularity, int width, int height)
    {
        var plot = new Plot();
        double barDays = granularity switch { TimelineGranularity.Hour => 1.0 / 24, TimelineGranularity.Day => 1, _ => 7 };
        var drawn = new List<(string, string)>();
        foreach ((ActiveSyncOutcome outcome, string name, string color) in Outcomes)
        {
            var bars = new List<Bar>(buckets.Count);
            foreach (TimelineBucket b in buckets)
            {
                double below = Outcomes.TakeWhile(o => o.Outcome != outcome).Sum(o => (double)b.Counts[o.Outcome]);
                double value = b.Counts[outcome];
                if (value > 0)
                {
                    bars.Add(new Bar
                    {
                        Position = b.Start.ToOADate() + (barDays / 2),
                        ValueBase = below,
                        Value = below + value,
                        Size = barDays * 0.9,
                        FillColor = Color.FromHex(color),
                        LineWidth = 0,
                    });
                }
            }

            if (bars.Count > 0)
            {
                plot.Add.Bars(bars);
                drawn.Add((name, color));
            }
        }

        plot.Axes.DateTimeTicksBottom();
        string format = granularity == TimelineGranularity.Hour ? "yyyy-MM-dd\nHH:mm" : "yyyy-MM-dd";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.DateTimeAutomatic
        {
            LabelFormatter = t => t.ToString(format, CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("Requests");
        plot.XLabel(granularity switch { TimelineGranularity.Hour => "Hour (UTC)", TimelineGranularity.Day => "Day (UTC)", _ => "Week starting (UTC)" });
        AddLegend(plot, drawn);
        return ToSvg(plot, width, height);
    }

    /// <summary>A stacked bar chart over named categories, vertical or horizontal, with optional markers between categories.</summary>
    public static string CategorySvg(IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, string valueLabel, string categoryLabel, bool horizontal, IReadOnlyList<ChartMarker> markers, int width, int height, int maxLabel = 24)
    {
        var plot = new Plot();
        var stack = new double[categories.Count];
        foreach (ChartSeries s in series)
        {
            var bars = new List<Bar>();
            for (int i = 0; i < categories.Count; i++)
            {
                double v = s.Values[i];
                if (v > 0)
                {
                    bars.Add(new Bar { Position = i, ValueBase = stack[i], Value = stack[i] + v, FillColor = Color.FromHex(s.Color), LineWidth = 0, Size = 0.7 });
                    stack[i] += v;
                }
            }

            if (bars.Count > 0)
            {
                var plottable = plot.Add.Bars(bars);
                plottable.Horizontal = horizontal;
            }
        }

        double[] positions = Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray();
        string[] labels = categories.Select(c => HtmlText.Clean(c, maxLabel)).ToArray();
        var ticks = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        foreach (ChartMarker m in markers)
        {
            if (horizontal)
            {
                var line = plot.Add.HorizontalLine(m.Position);
                Mark(line, m.Label);
            }
            else
            {
                var line = plot.Add.VerticalLine(m.Position);
                Mark(line, m.Label);
            }
        }

        if (horizontal)
        {
            plot.Axes.Left.TickGenerator = ticks;
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            plot.Axes.Margins(left: 0);
            plot.XLabel(valueLabel);
            plot.YLabel(categoryLabel);
            plot.Axes.SetLimitsY(categories.Count - 0.5, -0.5);
        }
        else
        {
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            plot.Axes.Margins(bottom: 0);
            plot.YLabel(valueLabel);
            plot.XLabel(categoryLabel);
        }

        AddLegend(plot, series.Select(s => (s.Name, s.Color)));
        return ToSvg(plot, width, height);
    }

    private static void Mark(ScottPlot.Plottables.AxisLine line, string label)
    {
        line.LinePattern = LinePattern.Dashed;
        line.LineWidth = 2;
        line.Color = Colors.Black;
        line.LabelText = label;
        line.LabelFontColor = Colors.White;
        line.LabelBackgroundColor = Colors.Black;
    }

    private static void AddLegend(Plot plot, IEnumerable<(string Name, string Color)> items)
    {
        foreach ((string name, string color) in items)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = Color.FromHex(color) });
        }

        // Beside the plot, never over the bars.
        plot.Legend.FontName = FontName;
        plot.ShowLegend(Edge.Right);
    }

    private static string ToSvg(Plot plot, int width, int height)
    {
        // After everything is added, so that the legend, axis labels and markers all use it.
        plot.Font.Set(FontName);
        string svg = plot.GetSvgXml(width, height);
        // The XML declaration is not allowed inside HTML; the <svg> element is.
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return start > 0 ? svg[start..] : svg;
    }

    /// <summary>A category label for a protocol version (null: not logged).</summary>
    public static string VersionLabel(string? version) => version ?? "unknown";

    /// <summary>Sort key of a version label: numeric, unknown last.</summary>
    public static double VersionKey(string label) =>
        double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.MaxValue;
}
