using System;
using System.Collections.Generic;

namespace HybridCore.Diagnostics.Logs;

/// <summary>
/// What happened to one ActiveSync request, as the IIS log shows it. The values are ordered by
/// how bad they are for a migrating user: the "worst" outcome of a device is the highest one seen.
/// </summary>
public enum ActiveSyncOutcome
{
    /// <summary>The on-premises server served the request (any status below 400 except 451, or 449 "provision first").</summary>
    Served = 0,

    /// <summary>HTTP 451 with a redirect: the device was sent to the mailbox's new endpoint (see <see cref="DeviceActivity.RedirectTarget"/>).</summary>
    Redirected = 1,

    /// <summary>Any other error: an <c>Error:</c> item in the <c>Log=</c> field, or a status of 400 or more other than 401.</summary>
    OtherError = 2,

    /// <summary>HTTP 401: the credentials were refused (or not sent).</summary>
    AuthFailure = 3,

    /// <summary><c>Error:UserHasNoMailbox</c> (EAS status 123): no mailbox here and no redirect — the user is stuck.</summary>
    UserHasNoMailbox = 4,
}

/// <summary>Request counts per outcome.</summary>
/// <param name="Served">Requests served.</param>
/// <param name="Redirected">Requests redirected with 451.</param>
/// <param name="OtherError">Requests with another error.</param>
/// <param name="AuthFailure">Requests refused with 401.</param>
/// <param name="UserHasNoMailbox">Requests answered UserHasNoMailbox.</param>
public readonly record struct OutcomeCounts(long Served, long Redirected, long OtherError, long AuthFailure, long UserHasNoMailbox)
{
    /// <summary>All requests.</summary>
    public long Total => Served + Redirected + OtherError + AuthFailure + UserHasNoMailbox;

    /// <summary>The count for one outcome.</summary>
    public long this[ActiveSyncOutcome outcome] => outcome switch
    {
        ActiveSyncOutcome.Served => Served,
        ActiveSyncOutcome.Redirected => Redirected,
        ActiveSyncOutcome.OtherError => OtherError,
        ActiveSyncOutcome.AuthFailure => AuthFailure,
        ActiveSyncOutcome.UserHasNoMailbox => UserHasNoMailbox,
        _ => 0,
    };

    /// <summary>The sum of two counts.</summary>
    public static OutcomeCounts operator +(OutcomeCounts a, OutcomeCounts b) => new(
        a.Served + b.Served, a.Redirected + b.Redirected, a.OtherError + b.OtherError, a.AuthFailure + b.AuthFailure, a.UserHasNoMailbox + b.UserHasNoMailbox);

    /// <summary>The sum of two counts.</summary>
    public static OutcomeCounts Add(OutcomeCounts left, OutcomeCounts right) => left + right;
}

/// <summary>What one device of one user did, over all the logs read.</summary>
/// <param name="User">The <c>User=</c> of the query, percent-decoded; the logged <c>cs-username</c> when the query has none.</param>
/// <param name="DeviceId">The <c>DeviceId=</c>, or empty when the requests carried none (e.g. <c>OPTIONS</c>).</param>
/// <param name="DeviceType">The last <c>DeviceType=</c> seen.</param>
/// <param name="Requests">The number of requests.</param>
/// <param name="Counts">Requests per outcome.</param>
/// <param name="LastOutcome">The outcome of the latest request (by logged time; ties go to the later line).</param>
/// <param name="WorstOutcome">The highest outcome seen (see <see cref="ActiveSyncOutcome"/>).</param>
/// <param name="RedirectTarget">The URL of the last 451 redirect (the <c>RdirTo:</c> item), if any.</param>
/// <param name="LastError">The last <c>Error:</c> item, if any.</param>
/// <param name="ProtocolVersion">The EAS protocol version of the latest request that logged one (<c>V141</c> → "14.1"),
/// or whose base64 query carried one; only the seven versions of [MS-ASHTTP] 2.2.1.1.2.6 count.</param>
/// <param name="CanFollow451">Whether that version can follow a 451 redirect (14.0 or later); null when no version was logged.</param>
/// <param name="MeetsCloudProtocolFloor">Whether that version is at least <see cref="LogAnalysisOptions.CloudProtocolFloor"/>
/// (by default 16.1, the lowest Exchange Online accepts since 2026-03-01); null when unknown.</param>
/// <param name="FirstSeen">The earliest logged time (UTC), if the log has date and time fields.</param>
/// <param name="LastSeen">The latest logged time (UTC).</param>
public sealed record DeviceActivity(
    string User,
    string DeviceId,
    string? DeviceType,
    long Requests,
    OutcomeCounts Counts,
    ActiveSyncOutcome LastOutcome,
    ActiveSyncOutcome WorstOutcome,
    string? RedirectTarget,
    string? LastError,
    string? ProtocolVersion,
    bool? CanFollow451,
    bool? MeetsCloudProtocolFloor,
    DateTime? FirstSeen,
    DateTime? LastSeen)
{
    /// <summary><see cref="ProtocolVersion"/> as an <see cref="HybridCore.ActiveSync.EasProtocolVersion"/>
    /// (<see cref="HybridCore.ActiveSync.EasProtocolVersion.Unknown"/> when none was seen).</summary>
    public HybridCore.ActiveSync.EasProtocolVersion Version =>
        HybridCore.ActiveSync.EasProtocolVersion.TryParse(ProtocolVersion, out HybridCore.ActiveSync.EasProtocolVersion v) ? v : default;

    /// <summary>The latest exception Exchange logged for the device (<c>ExStk:</c> in <c>Log=</c>), decoded; null when none was logged.</summary>
    public DecodedException? LastException { get; init; }
}

/// <summary>A line the reader set aside, kept as an example for the report.</summary>
/// <param name="Source">The file.</param>
/// <param name="LineNumber">The 1-based line number.</param>
/// <param name="Reason">Why it was set aside.</param>
/// <param name="Excerpt">The first 200 characters of the line.</param>
public sealed record BrokenLineSample(string Source, long LineNumber, W3CBrokenLineReason Reason, string Excerpt);

/// <summary>Totals over everything read.</summary>
public sealed record LogAnalysisTotals
{
    /// <summary>Files (or streams) read.</summary>
    public int Inputs { get; init; }

    /// <summary>Bytes of log text read (after decompression).</summary>
    public long Bytes { get; init; }

    /// <summary>Lines read, including directives and broken lines.</summary>
    public long Lines { get; init; }

    /// <summary>Well-formed data lines.</summary>
    public long DataLines { get; init; }

    /// <summary>Data lines for <c>/Microsoft-Server-ActiveSync</c> (before filters).</summary>
    public long ActiveSyncLines { get; init; }

    /// <summary>Lines set aside as broken.</summary>
    public long BrokenLines { get; init; }

    /// <summary>ActiveSync requests in the base64 query form ([MS-ASHTTP] 2.2.1.1.1.1); read like the plain
    /// form (user, device id and type, and the protocol version the form carries).</summary>
    public long Base64Queries { get; init; }

    /// <summary>ActiveSync requests whose request line the library's parser (<see cref="HybridCore.ActiveSync.EasRequestLine"/>)
    /// rejected once Exchange's <c>Log=</c> field was cut off (a server would answer them 400). They are still
    /// counted: user, device id and type are picked out of the plain form leniently (a rejected base64 query
    /// gives none: it is counted under the logged user and an empty device).</summary>
    public long InvalidQueries { get; init; }

    /// <summary><see cref="InvalidQueries"/> by the parser's reason (reasons with none left out).</summary>
    public IReadOnlyDictionary<HybridCore.ActiveSync.EasRequestLineError, long> InvalidQueriesByReason { get; init; } = new Dictionary<HybridCore.ActiveSync.EasRequestLineError, long>();

    /// <summary>Distinct users in the report (after filters).</summary>
    public int Users { get; init; }

    /// <summary>Distinct user+device pairs in the report (after filters).</summary>
    public int Devices { get; init; }

    /// <summary>Requests per outcome over the devices in the report.</summary>
    public OutcomeCounts Requests { get; init; }

    /// <summary>Devices whose latest outcome is <see cref="ActiveSyncOutcome.UserHasNoMailbox"/>.</summary>
    public int DevicesStuck { get; init; }

    /// <summary>Devices whose protocol version cannot follow a 451 redirect (below 14.0).</summary>
    public int DevicesUnableToFollow451 { get; init; }

    /// <summary>Devices redirected at least once whose version is below <see cref="CloudProtocolFloor"/> (by default
    /// 16.1, which Exchange Online requires since 2026-03-01).</summary>
    public int RedirectedBelowCloudFloor { get; init; }

    /// <summary>The floor <see cref="RedirectedBelowCloudFloor"/> and <see cref="DeviceActivity.MeetsCloudProtocolFloor"/> used
    /// (<see cref="LogAnalysisOptions.CloudProtocolFloor"/>).</summary>
    public HybridCore.ActiveSync.EasProtocolVersion CloudProtocolFloor { get; init; } = CloudProtocolFloors.ExchangeOnline;
}

/// <summary>The result of an IIS log analysis of ActiveSync traffic.</summary>
/// <param name="Totals">Totals.</param>
/// <param name="Devices">One row per user and device, worst first.</param>
/// <param name="BrokenLines">The first broken lines met (at most <see cref="LogAnalysisOptions.MaxBrokenLineSamples"/>).</param>
/// <param name="BrokenLinesByReason">How many broken lines per reason (reasons with none left out).</param>
public sealed record LogAnalysisReport(
    LogAnalysisTotals Totals,
    IReadOnlyList<DeviceActivity> Devices,
    IReadOnlyList<BrokenLineSample> BrokenLines,
    IReadOnlyDictionary<W3CBrokenLineReason, long> BrokenLinesByReason)
{
    /// <summary>Requests per hour and outcome, of the devices in the report (filters applied as each request was
    /// read); empty for a report made without it.</summary>
    public RequestTimeline Timeline { get; init; } = RequestTimeline.Empty;
}

/// <summary>Options of the log analysis.</summary>
public sealed record LogAnalysisOptions
{
    /// <summary>Keep only users whose name contains this text (case-insensitive); null keeps all.</summary>
    public string? UserFilter { get; init; }

    /// <summary>Keep only devices whose id or type contains this text (case-insensitive); null keeps all.</summary>
    public string? DeviceFilter { get; init; }

    /// <summary>How many broken lines to keep as examples (default 20).</summary>
    public int MaxBrokenLineSamples { get; init; } = 20;

    /// <summary>Reader limits.</summary>
    public W3CLogReaderOptions Reader { get; init; } = new();

    /// <summary>The lowest EAS version the redirect target accepts, for <see cref="DeviceActivity.MeetsCloudProtocolFloor"/>:
    /// by default Exchange Online's, <see cref="HybridCore.DirectoryModel.OrganizationRelationship.ExchangeOnlineMinimumEasVersion"/> (16.1).
    /// (Readiness checks with a directory use each relationship's own minimum instead.)</summary>
    public HybridCore.ActiveSync.EasProtocolVersion CloudProtocolFloor { get; init; } = CloudProtocolFloors.ExchangeOnline;

    /// <summary>How many threads read the logs; null (the default) uses every core (<see cref="Environment.ProcessorCount"/>).
    /// Files are read in parallel, and a plain (not gzip) file larger than <see cref="ChunkBytes"/> is cut at line
    /// boundaries into chunks read in parallel; the partial results are merged in input order, so the report is the same
    /// whatever the number of threads (docs/diagnostics.md, "Every core").</summary>
    public int? Threads { get; init; }

    /// <summary>The size of the chunks a large plain log file is cut into when more than one thread reads (at least
    /// 4 KiB). 0, the default, picks it from the input: about two chunks per thread, between 32 MiB and 1 GiB. Each chunk
    /// costs its own copy of every device it sees and one merge (measured: a 512 MiB log of 7,455 devices on two threads
    /// takes 1.6–2.0x the CPU of one thread in 32 MiB chunks, 1.2–1.5x in 128 MiB ones); smaller chunks balance the
    /// threads better.</summary>
    public int ChunkBytes { get; init; }

    /// <summary>The default of <see cref="MaxDevices"/>: 1,000,000 user/device pairs (about 800 MB).</summary>
    public const int DefaultMaxDevices = 1_000_000;

    /// <summary>The most distinct user/device pairs kept. Memory grows with them (about 800 bytes each), whatever
    /// sends the requests: a log full of made-up device ids would otherwise take all memory. One more ends the
    /// analysis with <see cref="LogAnalysisLimitException"/>. Default <see cref="DefaultMaxDevices"/>.</summary>
    public int MaxDevices { get; init; } = DefaultMaxDevices;
}

/// <summary>The analysis met more distinct user/device pairs than <see cref="LogAnalysisOptions.MaxDevices"/> allows.</summary>
public sealed class LogAnalysisLimitException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public LogAnalysisLimitException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LogAnalysisLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public LogAnalysisLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The limit that was reached.</summary>
    public int MaxDevices { get; init; }
}

/// <summary>Progress of an analysis over several inputs.</summary>
/// <param name="CurrentInput">The file being read.</param>
/// <param name="BytesDone">Bytes of input (as stored on disk) done, over all inputs.</param>
/// <param name="BytesTotal">Bytes of input (as stored on disk) in all inputs.</param>
public readonly record struct LogAnalysisProgress(string CurrentInput, long BytesDone, long BytesTotal);

/// <summary>The EAS protocol floors of redirect targets.</summary>
public static class CloudProtocolFloors
{
    /// <summary>Exchange Online's: <see cref="HybridCore.DirectoryModel.OrganizationRelationship.ExchangeOnlineMinimumEasVersion"/>
    /// (16.1 since 2026-03-01) as an <see cref="HybridCore.ActiveSync.EasProtocolVersion"/>.</summary>
    public static HybridCore.ActiveSync.EasProtocolVersion ExchangeOnline =>
        HybridCore.ActiveSync.EasProtocolVersion.TryFromFlag(HybridCore.DirectoryModel.OrganizationRelationship.ExchangeOnlineMinimumEasVersion, out HybridCore.ActiveSync.EasProtocolVersion v)
            ? v
            : HybridCore.ActiveSync.EasProtocolVersion.V16_1;
}
