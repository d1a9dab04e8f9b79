using HybridCore.Redirect;
using Microsoft.Extensions.Logging;

namespace HybridCore.AspNetCore.FrontDoor;

/// <summary>Source-generated log messages of the front-door middleware (event ids 100 and up). No user names at Information.</summary>
internal static partial class FrontDoorLog
{
    [LoggerMessage(EventId = 100, EventName = "AutodiscoverV2Decision", Level = LogLevel.Information,
        Message = "Autodiscover v2 ({Protocol}): {Outcome} ({Reason})")]
    public static partial void AutodiscoverV2(ILogger logger, string protocol, string outcome, RedirectReason reason);

    [LoggerMessage(EventId = 101, EventName = "OwaDecision", Level = LogLevel.Information,
        Message = "OWA: {Action} ({Reason})")]
    public static partial void Owa(ILogger logger, OwaRedirectAction action, RedirectReason reason);

    [LoggerMessage(EventId = 102, EventName = "FailedLogonsLimited", Level = LogLevel.Warning,
        Message = "Basic log-on from {Address} refused with 429: too many failed log-ons for this address or user")]
    public static partial void LogonsLimited(ILogger logger, string address);
}

/// <summary>Metric tag values of the front-door middleware (same instruments as <see cref="HybridCoreMetrics"/>).</summary>
internal static class FrontDoorMetricValues
{
    public const string AutodiscoverV2 = "autodiscover_v2";
    public const string Owa = "owa";
}
