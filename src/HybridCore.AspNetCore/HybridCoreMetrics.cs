using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HybridCore.AspNetCore;

/// <summary>
/// The HybridCore meter (<see cref="MeterName"/>): request and decision counters that show in
/// <c>dotnet-counters monitor --counters HybridCore.AspNetCore</c> and in OpenTelemetry
/// (<c>AddMeter("HybridCore.AspNetCore")</c>).
/// </summary>
public sealed class HybridCoreMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "HybridCore.AspNetCore";

    /// <summary>Counter: requests handled, tagged <c>hybridcore.protocol</c> and <c>hybridcore.outcome</c>.</summary>
    public const string RequestsInstrument = "hybridcore.requests";

    /// <summary>Counter: redirect decisions, tagged <c>hybridcore.protocol</c>, <c>hybridcore.outcome</c> and <c>hybridcore.reason</c>.</summary>
    public const string DecisionsInstrument = "hybridcore.decisions";

    /// <summary>Tag: <c>eas</c> or <c>autodiscover</c>.</summary>
    public const string ProtocolTag = "hybridcore.protocol";

    /// <summary>Tag: what the middleware answered.</summary>
    public const string OutcomeTag = "hybridcore.outcome";

    /// <summary>Tag: the resolver's reason.</summary>
    public const string ReasonTag = "hybridcore.reason";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _decisions;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    /// <exception cref="ArgumentNullException"><paramref name="meterFactory"/> is null.</exception>
    public HybridCoreMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(RequestsInstrument, "{request}", "Requests the HybridCore middleware answered or passed on, by protocol and outcome.");
        _decisions = meter.CreateCounter<long>(DecisionsInstrument, "{decision}", "Redirect decisions, by protocol, outcome and reason.");
    }

    internal void Request(string protocol, string outcome)
    {
        if (_requests.Enabled)
        {
            _requests.Add(1, new KeyValuePair<string, object?>(ProtocolTag, protocol), new KeyValuePair<string, object?>(OutcomeTag, outcome));
        }
    }

    internal void Decision(string protocol, string outcome, string reason)
    {
        if (_decisions.Enabled)
        {
            var tags = new TagList
            {
                { ProtocolTag, protocol },
                { OutcomeTag, outcome },
                { ReasonTag, reason },
            };
            _decisions.Add(1, in tags);
        }
    }
}

/// <summary>Tag values, cached so that recording allocates nothing.</summary>
internal static class MetricValues
{
    public const string Eas = "eas";
    public const string Autodiscover = "autodiscover";

    public const string Redirect = "redirect";
    public const string UserHasNoMailbox = "user_has_no_mailbox";
    public const string NoMailbox = "no_mailbox";
    public const string Local = "local";
    public const string TargetSettings = "target_settings";
    public const string Unauthenticated = "unauthenticated";
    public const string BadRequest = "bad_request";
    public const string TooLarge = "too_large";
    public const string MethodNotAllowed = "method_not_allowed";
}
