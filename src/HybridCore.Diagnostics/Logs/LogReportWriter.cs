using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace HybridCore.Diagnostics.Logs;

/// <summary>Writes a <see cref="LogAnalysisReport"/> as a terminal table, JSON or CSV.</summary>
public static class LogReportWriter
{
    private static readonly string[] Columns =
    [
        "user", "deviceId", "deviceType", "requests", "lastOutcome", "worstOutcome", "served", "redirected",
        "userHasNoMailbox", "authFailures", "otherErrors", "redirectTarget", "lastError", "protocolVersion",
        "canFollow451", "meetsCloudFloor", "firstSeen", "lastSeen", "exceptionType", "exceptionMessage", "exceptionFrames",
    ];

    /// <summary>Writes the report as a plain-text table followed by the totals.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    public static void WriteTable(LogAnalysisReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        string[] header = ["USER", "DEVICE", "TYPE", "EAS", "451?", "REQS", "LAST", "WORST", "REDIRECT / ERROR", "LAST SEEN (UTC)"];
        var rows = new List<string[]>(report.Devices.Count + 1) { header };
        foreach (DeviceActivity d in report.Devices)
        {
            // Users, device ids and types, errors and targets come from clients and log files: escaped (DisplayText).
            rows.Add(
            [
                DisplayText.Escape(d.User)!,
                d.DeviceId.Length == 0 ? "-" : DisplayText.Escape(d.DeviceId)!,
                DisplayText.Escape(d.DeviceType) ?? "-",
                DisplayText.Escape(d.ProtocolVersion) ?? "?",
                d.CanFollow451 switch { true => "yes", false => "NO", null => "?" },
                d.Requests.ToString(CultureInfo.InvariantCulture),
                OutcomeName(d.LastOutcome),
                OutcomeName(d.WorstOutcome),
                DisplayText.Escape(d.RedirectTarget ?? d.LastError) ?? string.Empty,
                d.LastSeen?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
            ]);
        }

        int[] widths = new int[header.Length];
        foreach (string[] row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], Math.Min(row[i].Length, 60));
            }
        }

        var sb = new StringBuilder();
        foreach (string[] row in rows)
        {
            sb.Clear();
            for (int i = 0; i < row.Length; i++)
            {
                string cell = row[i].Length > 60 ? string.Concat(row[i].AsSpan(0, 59), "…") : row[i];
                sb.Append(cell);
                if (i < row.Length - 1)
                {
                    sb.Append(' ', widths[i] - cell.Length + 2);
                }
            }

            writer.WriteLine(sb.ToString().TrimEnd());
        }

        LogAnalysisTotals t = report.Totals;
        OutcomeCounts r = t.Requests;
        writer.WriteLine();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Counted.Of(t.Users, "user")}, {Counted.Of(t.Devices, "device")}, {Counted.Of(r.Total, "ActiveSync request")}: {r.Served} served, {r.Redirected} redirected (451), {r.UserHasNoMailbox} UserHasNoMailbox, {Counted.Of(r.AuthFailure, "auth failure")} (401), {Counted.Of(r.OtherError, "other error")}."));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Counted.Of(t.DevicesStuck, "device")} stuck on UserHasNoMailbox; {Counted.Of(t.DevicesUnableToFollow451, "device")} below EAS 14.0 (cannot follow 451); {Counted.Of(t.RedirectedBelowCloudFloor, "redirected device")} below EAS {t.CloudProtocolFloor}{(t.CloudProtocolFloor == CloudProtocolFloors.ExchangeOnline ? " (refused by Exchange Online since 2026-03-01)" : string.Empty)}."));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Read {Counted.Of(t.Inputs, "file")}, {Counted.Of(t.Bytes, "byte")}, {Counted.Of(t.Lines, "line")} ({t.DataLines} data, {t.ActiveSyncLines} ActiveSync, {t.BrokenLines} broken)."));
        if (t.Base64Queries > 0)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Counted.Of(t.Base64Queries, "request")} used the base64 query form."));
        }

        if (t.InvalidQueries > 0)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Counted.Of(t.InvalidQueries, "request")} {(t.InvalidQueries == 1 ? "has" : "have")} a query a server would reject (read leniently): {string.Join(", ", t.InvalidQueriesByReason.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value}")))}."));
        }

        foreach (KeyValuePair<W3CBrokenLineReason, long> kv in report.BrokenLinesByReason)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  broken ({kv.Key}): {kv.Value}"));
        }

        foreach (BrokenLineSample s in report.BrokenLines)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {DisplayText.Escape(s.Source)}:{s.LineNumber}: {s.Reason}: {DisplayText.Escape(s.Excerpt)}"));
        }
    }

    /// <summary>Writes, for every device whose logs carry an exception (<c>ExStk:</c>), the decoded exception: a line
    /// <c>user / device: Type: Message</c>, then its first frames indented. Nothing when no device has one.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    public static void WriteExceptions(LogAnalysisReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (DeviceActivity d in report.Devices)
        {
            if (d.LastException is not { } ex)
            {
                continue;
            }

            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.User} / {(d.DeviceId.Length == 0 ? "-" : d.DeviceId)}: {ex.Summary}"));
            foreach (string frame in ex.Frames)
            {
                writer.WriteLine("    at " + frame);
            }
        }
    }

    /// <summary>Writes the report as one JSON object: <c>totals</c>, <c>devices</c>, <c>brokenLines</c>.
    /// Outcomes are written as their names in camelCase; times as ISO 8601 UTC.</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">Where to write (UTF-8).</param>
    public static void WriteJson(LogAnalysisReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        LogAnalysisTotals t = report.Totals;
        w.WriteStartObject();
        w.WriteStartObject("totals");
        w.WriteNumber("inputs", t.Inputs);
        w.WriteNumber("bytes", t.Bytes);
        w.WriteNumber("lines", t.Lines);
        w.WriteNumber("dataLines", t.DataLines);
        w.WriteNumber("activeSyncLines", t.ActiveSyncLines);
        w.WriteNumber("brokenLines", t.BrokenLines);
        w.WriteNumber("base64Queries", t.Base64Queries);
        w.WriteNumber("invalidQueries", t.InvalidQueries);
        WriteCountsByReason(w, "invalidQueriesByReason", t.InvalidQueriesByReason);
        w.WriteNumber("users", t.Users);
        w.WriteNumber("devices", t.Devices);
        w.WriteNumber("devicesStuck", t.DevicesStuck);
        w.WriteNumber("devicesUnableToFollow451", t.DevicesUnableToFollow451);
        w.WriteNumber("redirectedBelowCloudFloor", t.RedirectedBelowCloudFloor);
        w.WriteString("cloudProtocolFloor", t.CloudProtocolFloor.ToString());
        WriteCounts(w, "requests", t.Requests);
        WriteCountsByReason(w, "brokenLinesByReason", report.BrokenLinesByReason);
        w.WriteEndObject();

        w.WriteStartArray("devices");
        foreach (DeviceActivity d in report.Devices)
        {
            w.WriteStartObject();
            w.WriteString("user", d.User);
            w.WriteString("deviceId", d.DeviceId);
            WriteStringOrNull(w, "deviceType", d.DeviceType);
            w.WriteNumber("requests", d.Requests);
            w.WriteString("lastOutcome", OutcomeName(d.LastOutcome));
            w.WriteString("worstOutcome", OutcomeName(d.WorstOutcome));
            WriteCounts(w, "counts", d.Counts);
            WriteStringOrNull(w, "redirectTarget", d.RedirectTarget);
            WriteStringOrNull(w, "lastError", d.LastError);
            WriteStringOrNull(w, "protocolVersion", d.ProtocolVersion);
            WriteBoolOrNull(w, "canFollow451", d.CanFollow451);
            WriteBoolOrNull(w, "meetsCloudProtocolFloor", d.MeetsCloudProtocolFloor);
            WriteStringOrNull(w, "firstSeen", Iso(d.FirstSeen));
            WriteStringOrNull(w, "lastSeen", Iso(d.LastSeen));
            if (d.LastException is { } ex)
            {
                w.WriteStartObject("lastException");
                w.WriteString("type", ex.Type);
                WriteStringOrNull(w, "message", ex.Message);
                w.WriteStartArray("frames");
                foreach (string frame in ex.Frames)
                {
                    w.WriteStringValue(frame);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("lastException");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("brokenLines");
        foreach (BrokenLineSample s in report.BrokenLines)
        {
            w.WriteStartObject();
            w.WriteString("source", s.Source);
            w.WriteNumber("line", s.LineNumber);
            w.WriteString("reason", JsonNamingPolicy.CamelCase.ConvertName(s.Reason.ToString()));
            w.WriteString("excerpt", s.Excerpt);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes one CSV row per device (RFC 4180: comma-separated, fields with commas, quotes
    /// or line breaks quoted, CR LF line ends) with a header row.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    public static void WriteCsv(LogAnalysisReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        WriteCsvRow(writer, Columns);
        var cells = new string[Columns.Length];
        foreach (DeviceActivity d in report.Devices)
        {
            cells[0] = d.User;
            cells[1] = d.DeviceId;
            cells[2] = d.DeviceType ?? string.Empty;
            cells[3] = d.Requests.ToString(CultureInfo.InvariantCulture);
            cells[4] = OutcomeName(d.LastOutcome);
            cells[5] = OutcomeName(d.WorstOutcome);
            cells[6] = d.Counts.Served.ToString(CultureInfo.InvariantCulture);
            cells[7] = d.Counts.Redirected.ToString(CultureInfo.InvariantCulture);
            cells[8] = d.Counts.UserHasNoMailbox.ToString(CultureInfo.InvariantCulture);
            cells[9] = d.Counts.AuthFailure.ToString(CultureInfo.InvariantCulture);
            cells[10] = d.Counts.OtherError.ToString(CultureInfo.InvariantCulture);
            cells[11] = d.RedirectTarget ?? string.Empty;
            cells[12] = d.LastError ?? string.Empty;
            cells[13] = d.ProtocolVersion ?? string.Empty;
            cells[14] = d.CanFollow451 switch { true => "true", false => "false", null => string.Empty };
            cells[15] = d.MeetsCloudProtocolFloor switch { true => "true", false => "false", null => string.Empty };
            cells[16] = Iso(d.FirstSeen) ?? string.Empty;
            cells[17] = Iso(d.LastSeen) ?? string.Empty;
            cells[18] = d.LastException?.Type ?? string.Empty;
            cells[19] = d.LastException?.Message ?? string.Empty;
            cells[20] = d.LastException is { } ex ? string.Join(" | ", ex.Frames) : string.Empty;
            WriteCsvRow(writer, cells);
        }
    }

    /// <summary>The name used in all outputs for an outcome (camelCase).</summary>
    public static string OutcomeName(ActiveSyncOutcome outcome) => outcome switch
    {
        ActiveSyncOutcome.Served => "served",
        ActiveSyncOutcome.Redirected => "redirected",
        ActiveSyncOutcome.OtherError => "otherError",
        ActiveSyncOutcome.AuthFailure => "authFailure",
        ActiveSyncOutcome.UserHasNoMailbox => "userHasNoMailbox",
        _ => outcome.ToString(),
    };

    private static void WriteCsvRow(TextWriter writer, string[] cells)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            // Values come from clients and log files: no formulas, no control characters (DisplayText.CsvCell).
            string c = DisplayText.CsvCell(cells[i]);
            if (c.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(c.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(c);
            }
        }

        writer.Write("\r\n");
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, OutcomeCounts c)
    {
        w.WriteStartObject(name);
        w.WriteNumber("total", c.Total);
        w.WriteNumber("served", c.Served);
        w.WriteNumber("redirected", c.Redirected);
        w.WriteNumber("userHasNoMailbox", c.UserHasNoMailbox);
        w.WriteNumber("authFailure", c.AuthFailure);
        w.WriteNumber("otherError", c.OtherError);
        w.WriteEndObject();
    }

    // An object of counts keyed by an enum's camelCase name (the JSON names of the other members).
    private static void WriteCountsByReason<TReason>(Utf8JsonWriter w, string name, IReadOnlyDictionary<TReason, long> counts)
        where TReason : struct, Enum
    {
        w.WriteStartObject(name);
        foreach (KeyValuePair<TReason, long> kv in counts)
        {
            w.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(kv.Key.ToString()), kv.Value);
        }

        w.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteBoolOrNull(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteBoolean(name, value.Value);
        }
    }

    private static string? Iso(DateTime? t) => t?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
