using System;
using System.Collections.Generic;

namespace HybridCore.Reports;

/// <summary>Options of the HTML reports (<see cref="HtmlReportWriter"/>).</summary>
public sealed record HtmlReportOptions
{
    /// <summary>The most rows a device table shows (default 500); the totals and charts still cover every device,
    /// and the page says how many rows were left out. Keeps the page small whatever the size of the logs.</summary>
    public int MaxRows { get; init; } = 500;

    /// <summary>The most device types the device-type chart shows one by one (default 15); the rest are summed in one bar.</summary>
    public int MaxDeviceTypes { get; init; } = 15;

    /// <summary>The most file names listed under "what was read" (default 100).</summary>
    public int MaxFilesListed { get; init; } = 100;

    /// <summary>When the report was made (shown in the header); null leaves it out (for byte-identical pages).</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>The log files read, in the order read (shown under "what was read"); empty: not listed.</summary>
    public IReadOnlyList<string> InputFiles { get; init; } = [];

    /// <summary>The page title; null: a title for the kind of report.</summary>
    public string? Title { get; init; }
}
