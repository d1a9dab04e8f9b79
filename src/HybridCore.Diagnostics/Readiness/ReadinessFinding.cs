using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace HybridCore.Diagnostics.Readiness;

/// <summary>How serious a finding is. A CI pipeline fails on <see cref="Error"/>.</summary>
public enum ReadinessSeverity
{
    /// <summary>For information; nothing to do.</summary>
    Info = 0,

    /// <summary>Something will work badly for some users or blocks an optional feature.</summary>
    Warning = 1,

    /// <summary>Redirects will not work for the objects concerned.</summary>
    Error = 2,
}

/// <summary>What a finding is about. The names are stable: scripts may match on them.</summary>
public enum ReadinessCode
{
    /// <summary>All servers in the inventory meet the EAS redirect minimums.</summary>
    ServersReady = 0,

    /// <summary>A server's build is below Exchange 2010 SP3 RU9 / Exchange 2013 CU8, which cannot answer EAS with 451.</summary>
    EasRedirectUnsupportedBuild,

    /// <summary>An Exchange 2007 server is in the path: EAS 12.1 at most, no 451 redirects.</summary>
    Exchange2007InPath,

    /// <summary>A server's build is below the hybrid modern authentication minimum for Outlook for iOS and Android.</summary>
    HybridModernAuthUnsupportedBuild,

    /// <summary>An Exchange 2007 or 2010 server remains, which hybrid modern authentication for Outlook for iOS and Android does not allow.</summary>
    HybridModernAuthLegacyServer,

    /// <summary>A hybrid server is older than the latest cumulative update or the one before it.</summary>
    HybridCumulativeUpdateNotCurrent,

    /// <summary>A line of the server inventory could not be read, or a build is not in the build table.</summary>
    UnknownServerBuild,

    /// <summary>Devices in the logs still get UserHasNoMailbox.</summary>
    DevicesStuckWithUserHasNoMailbox,

    /// <summary>Devices in the logs speak an EAS version below 14.0 and cannot follow a 451 redirect.</summary>
    DevicesCannotFollowRedirect,

    /// <summary>Devices redirected to Exchange Online speak an EAS version below 16.1, which Exchange Online refuses since 2026-03-01.</summary>
    RedirectedDevicesBelowCloudProtocolFloor,

    /// <summary>The directory data could not be loaded (every problem is listed with its path); the directory checks need it valid.</summary>
    InvalidDirectoryEntry,

    /// <summary>Two organization relationships claim the same domain (Exchange refuses this, KB 3067526).</summary>
    DuplicateRelationshipDomain,

    /// <summary>A relationship has no TargetOWAURL: devices of mailboxes it covers get UserHasNoMailbox.</summary>
    RelationshipWithoutTargetOwaUrl,

    /// <summary>A relationship's TargetOWAURL is not an absolute http or https URL with a host, so no EAS endpoint can be derived.</summary>
    RelationshipTargetOwaUrlNotHttps,

    /// <summary>A relationship is disabled (Exchange's ActiveSync path still redirects through it; its MobileSyncRedirectBypass does not).</summary>
    RelationshipDisabled,

    /// <summary>A remote mailbox has no RemoteRoutingAddress (targetAddress), or one that is not SMTP or malformed.</summary>
    RemoteMailboxWithoutRoutingAddress,

    /// <summary>A remote mailbox's routing domain is claimed by no relationship: its devices get UserHasNoMailbox.</summary>
    RoutingDomainNotCovered,

    /// <summary>A mailbox has a down-level logon name (<c>DOMAIN\user</c>) but no UPN: after the move its devices will prompt for credentials.</summary>
    LogonNameOnly,

    /// <summary>A mailbox's UPN differs from its primary SMTP address: users who sign in with the address will be prompted after the move.</summary>
    UpnDiffersFromPrimarySmtpAddress,

    /// <summary>Information: a relationship's TargetOWAURL is <c>http://</c>, as the Hybrid Configuration Wizard writes it (KB 2952804).
    /// Only its host is used for the EAS endpoint, which is always https.</summary>
    RelationshipTargetOwaUrlIsHttp,

    /// <summary>Information: mail users or mail contacts (not remote mailboxes) with an SMTP targetAddress are redirected like remote mailboxes, as Exchange does.</summary>
    MailUsersRedirected,

    /// <summary>A server runs an Exchange version that is out of support (Exchange 2007, 2010, 2013, 2016, 2019: see the build table's support dates).</summary>
    ServerOutOfSupport,
}

/// <summary>One finding of the readiness report.</summary>
/// <param name="Severity">How serious.</param>
/// <param name="Code">What it is about.</param>
/// <param name="Objects">The servers, users or devices concerned.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
/// <param name="Remedy">What to do.</param>
public sealed record ReadinessFinding(ReadinessSeverity Severity, ReadinessCode Code, IReadOnlyList<string> Objects, string Message, string Remedy);

/// <summary>How the checks build their findings: one finding per code, listing every object concerned.</summary>
internal static class ReadinessFindings
{
    /// <summary>Adds a finding for <paramref name="objects"/>, or nothing when the list is empty.</summary>
    internal static void Add(List<ReadinessFinding> findings, ReadinessSeverity severity, ReadinessCode code, List<string> objects, string message, string remedy)
    {
        if (objects.Count > 0)
        {
            findings.Add(new ReadinessFinding(severity, code, objects.ToArray(), message, remedy));
        }
    }
}

/// <summary>The readiness findings, most severe first.</summary>
public sealed class ReadinessReport
{
    /// <summary>Creates a report, sorting the findings by severity (most severe first), then code.</summary>
    /// <param name="findings">The findings.</param>
    public ReadinessReport(IEnumerable<ReadinessFinding> findings)
        : this(findings, [])
    {
    }

    /// <summary>Creates a report that also lists what was checked.</summary>
    /// <param name="findings">The findings (sorted by severity, most severe first, then code).</param>
    /// <param name="inputs">The inputs read or skipped, in the order given.</param>
    public ReadinessReport(IEnumerable<ReadinessFinding> findings, IEnumerable<ReadinessInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(inputs);
        Findings = findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Code).ToArray();
        Inputs = inputs.ToArray();
    }

    /// <summary>The findings, most severe first.</summary>
    public IReadOnlyList<ReadinessFinding> Findings { get; }

    /// <summary>The inputs the checks read, or skipped (empty when the report was made without them).</summary>
    public IReadOnlyList<ReadinessInput> Inputs { get; }

    /// <summary>Whether any finding is an <see cref="ReadinessSeverity.Error"/>.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == ReadinessSeverity.Error);

    /// <summary>The process exit code for CI: 1 when any error-severity finding exists, else 0.</summary>
    public int ExitCode => HasErrors ? 1 : 0;

    /// <summary>Writes the findings as text, one block per finding.</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteTable(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (ReadinessFinding f in Findings)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{SeverityName(f.Severity).ToUpperInvariant(),-7} {f.Code}: {DisplayText.Escape(f.Message)}"));
            if (f.Objects.Count > 0)
            {
                const int Shown = 10;
                string more = f.Objects.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $" (+{f.Objects.Count - Shown} more)") : string.Empty;
                writer.WriteLine("        objects: " + string.Join(", ", f.Objects.Take(Shown).Select(DisplayText.Escape)) + more);
            }

            writer.WriteLine("        do: " + DisplayText.Escape(f.Remedy));
        }

        int errors = Findings.Count(f => f.Severity == ReadinessSeverity.Error);
        int warnings = Findings.Count(f => f.Severity == ReadinessSeverity.Warning);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Counted.Of(errors, "error")}, {Counted.Of(warnings, "warning")}."));
    }

    /// <summary>Writes the report as JSON: <c>{ "errors": n, "warnings": n, "inputs": [ … ], "findings": [ … ] }</c>.
    /// Each input is <c>{ "kind", "checked", "sources": [ … ], "files": [ … ], "counts": { name: n, … } }</c>
    /// (<see cref="ReadinessInput"/>); <c>inputs</c> is an empty array when the report was made without them.</summary>
    /// <param name="stream">Where to write (UTF-8).</param>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteNumber("errors", Findings.Count(f => f.Severity == ReadinessSeverity.Error));
        w.WriteNumber("warnings", Findings.Count(f => f.Severity == ReadinessSeverity.Warning));
        w.WriteStartArray("inputs");
        foreach (ReadinessInput input in Inputs)
        {
            w.WriteStartObject();
            w.WriteString("kind", InputKindName(input.Kind));
            w.WriteBoolean("checked", input.Checked);
            WriteStrings(w, "sources", input.Sources);
            WriteStrings(w, "files", input.Files);
            w.WriteStartObject("counts");
            foreach (KeyValuePair<string, long> count in input.Counts)
            {
                w.WriteNumber(count.Key, count.Value);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("findings");
        foreach (ReadinessFinding f in Findings)
        {
            w.WriteStartObject();
            w.WriteString("severity", SeverityName(f.Severity));
            w.WriteString("code", f.Code.ToString());
            w.WriteStartArray("objects");
            foreach (string o in f.Objects)
            {
                w.WriteStringValue(o);
            }

            w.WriteEndArray();
            w.WriteString("message", f.Message);
            w.WriteString("remedy", f.Remedy);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    /// <summary>The JSON name of an input kind (stable; scripts may match on it).</summary>
    private static string InputKindName(ReadinessInputKind kind) => kind switch
    {
        ReadinessInputKind.Directory => "directory",
        ReadinessInputKind.Servers => "servers",
        ReadinessInputKind.Logs => "logs",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string SeverityName(ReadinessSeverity s) => s switch
    {
        ReadinessSeverity.Error => "error",
        ReadinessSeverity.Warning => "warning",
        _ => "info",
    };
}
