using System;
using System.Collections.Generic;
using System.Linq;
using HybridCore.Diagnostics.Logs;
using HybridCore.DirectoryModel;

namespace HybridCore.Diagnostics.Readiness;

/// <summary>The kinds of input the readiness checks read.</summary>
public enum ReadinessInputKind
{
    /// <summary>The directory: organization relationships and recipients (<see cref="DirectoryChecks"/>).</summary>
    Directory = 0,

    /// <summary>The Exchange server inventory (<see cref="ReadinessChecks.CheckServers"/>).</summary>
    Servers,

    /// <summary>IIS logs (<see cref="ReadinessChecks.CheckLogReport(LogAnalysisReport)"/>).</summary>
    Logs,
}

/// <summary>
/// One input of a readiness run — read, or skipped — with where it came from, the files read and how much they
/// held, so that a report (and a CI log of its JSON) shows what a result covers: "no errors" over an empty server
/// file or a log directory without logs reads differently. Built with <see cref="ForDirectory"/>,
/// <see cref="ForServers"/>, <see cref="ForLogs"/> or <see cref="NotChecked"/>; each kind has a fixed set of counts,
/// named in camelCase as in the JSON. Immutable.
/// </summary>
public sealed class ReadinessInput
{
    private ReadinessInput(ReadinessInputKind kind, bool isChecked, IEnumerable<string> sources, IEnumerable<string> files, KeyValuePair<string, long>[] counts)
    {
        Kind = kind;
        Checked = isChecked;
        Sources = sources.ToArray();
        Files = files.ToArray();
        Counts = counts;
    }

    /// <summary>Which input.</summary>
    public ReadinessInputKind Kind { get; }

    /// <summary>Whether it was read and checked (false: not given, its checks skipped).</summary>
    public bool Checked { get; }

    /// <summary>What was named as the input, as given (a file, directories of logs); empty when not checked.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The files actually read (for logs, every log file found under <see cref="Sources"/>); empty when
    /// not checked or when the input did not come from a file.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>How much the input held, in a fixed order per kind: directory <c>relationships</c>, <c>recipients</c>;
    /// servers <c>servers</c>, <c>unreadableLines</c>; logs <c>files</c>, <c>bytes</c>, <c>lines</c>,
    /// <c>activeSyncRequests</c>, <c>devices</c>, <c>brokenLines</c>. Empty when not checked.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Counts { get; }

    /// <summary>An input that was not given, so its checks were skipped.</summary>
    /// <param name="kind">Which input.</param>
    /// <returns>The input.</returns>
    public static ReadinessInput NotChecked(ReadinessInputKind kind) => new(kind, false, [], [], []);

    /// <summary>The directory the checks read.</summary>
    /// <param name="document">The directory's data.</param>
    /// <param name="source">Where it came from (a file path, or a name such as <c>embedded:demo-directory.json</c>).</param>
    /// <param name="file">The file read, or null when the directory did not come from a file.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> or <paramref name="source"/> is null.</exception>
    public static ReadinessInput ForDirectory(DirectoryDocument document, string source, string? file)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(source);
        return new(ReadinessInputKind.Directory, true, [source], file is null ? [] : [file], [
            new("relationships", document.Relationships.Count),
            new("recipients", document.Recipients.Count),
        ]);
    }

    /// <summary>The server inventory the checks read.</summary>
    /// <param name="inventory">The inventory.</param>
    /// <param name="file">The file it was read from.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inventory"/> or <paramref name="file"/> is null.</exception>
    public static ReadinessInput ForServers(ServerInventory inventory, string file)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(file);
        return new(ReadinessInputKind.Servers, true, [file], [file], [
            new("servers", inventory.Servers.Count),
            new("unreadableLines", inventory.Problems.Count),
        ]);
    }

    /// <summary>The IIS logs the checks read.</summary>
    /// <param name="report">The analysis of the logs.</param>
    /// <param name="sources">The files and directories named.</param>
    /// <param name="files">The log files read (<see cref="ActiveSyncLogAnalyzer.ExpandPaths(IEnumerable{string})"/> of <paramref name="sources"/>).</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ReadinessInput ForLogs(LogAnalysisReport report, IEnumerable<string> sources, IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(files);
        LogAnalysisTotals t = report.Totals;
        return new(ReadinessInputKind.Logs, true, sources, files, [
            new("files", t.Inputs),
            new("bytes", t.Bytes),
            new("lines", t.Lines),
            new("activeSyncRequests", t.ActiveSyncLines),
            new("devices", t.Devices),
            new("brokenLines", t.BrokenLines),
        ]);
    }

    /// <summary>A count by name.</summary>
    /// <param name="name">One of the names listed at <see cref="Counts"/>.</param>
    /// <returns>The count.</returns>
    /// <exception cref="KeyNotFoundException">This input has no such count.</exception>
    public long GetCount(string name)
    {
        foreach (KeyValuePair<string, long> c in Counts)
        {
            if (string.Equals(c.Key, name, StringComparison.Ordinal))
            {
                return c.Value;
            }
        }

        throw new KeyNotFoundException($"The {Kind} input has no count named '{name}'.");
    }
}
