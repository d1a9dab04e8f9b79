using HybridCore.AspNetCore.Autodiscover;
using HybridCore.Redirect;
using Microsoft.Extensions.Logging;

namespace HybridCore.AspNetCore;

/// <summary>
/// Source-generated log messages. Decisions and reasons are logged at Information; the user name only
/// at Debug, because a redirect reveals where a user's mailbox lives.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "EasDecision", Level = LogLevel.Information,
        Message = "ActiveSync {Method} {Command} protocol {ProtocolVersion}: {Action} ({Reason}, warnings: {Warnings})")]
    public static partial void EasDecision(ILogger logger, string method, string command, string protocolVersion, EasRedirectAction action, RedirectReason reason, RedirectWarnings warnings);

    [LoggerMessage(EventId = 10, EventName = "EasOptionsDecision", Level = LogLevel.Information,
        Message = "ActiveSync OPTIONS (protocol discovery): {Action} ({Reason}, warnings: {Warnings})")]
    public static partial void EasOptionsDecision(ILogger logger, EasRedirectAction action, RedirectReason reason, RedirectWarnings warnings);

    [LoggerMessage(EventId = 2, EventName = "EasDecisionUser", Level = LogLevel.Debug,
        Message = "ActiveSync decision for user {User}: {Action} ({Reason}), location {Location}")]
    public static partial void EasDecisionUser(ILogger logger, string user, EasRedirectAction action, RedirectReason reason, string? location);

    [LoggerMessage(EventId = 3, EventName = "AutodiscoverDecision", Level = LogLevel.Information,
        Message = "Autodiscover ({Schema}): {Action} ({Reason}, warnings: {Warnings})")]
    public static partial void AutodiscoverDecision(ILogger logger, string schema, AutodiscoverRedirectAction action, RedirectReason reason, RedirectWarnings warnings);

    [LoggerMessage(EventId = 4, EventName = "AutodiscoverDecisionUser", Level = LogLevel.Debug,
        Message = "Autodiscover decision for {EmailAddress} (authenticated as {User}): {Action} ({Reason}), redirect address {RedirectAddress}")]
    public static partial void AutodiscoverDecisionUser(ILogger logger, string emailAddress, string user, AutodiscoverRedirectAction action, RedirectReason reason, string? redirectAddress);

    [LoggerMessage(EventId = 5, EventName = "Challenge", Level = LogLevel.Debug,
        Message = "{Protocol} request without authenticated user: challenging")]
    public static partial void Challenge(ILogger logger, string protocol);

    [LoggerMessage(EventId = 6, EventName = "BadEasRequestLine", Level = LogLevel.Information,
        Message = "ActiveSync request line rejected: {Reason} at offset {Offset}, answering HTTP {StatusCode}")]
    public static partial void BadEasRequestLine(ILogger logger, string reason, int offset, int statusCode);

    [LoggerMessage(EventId = 7, EventName = "BadAutodiscoverRequest", Level = LogLevel.Information,
        Message = "Autodiscover request rejected: {Reason}, answering HTTP {StatusCode}")]
    public static partial void BadAutodiscoverRequest(ILogger logger, AutodiscoverRequestError reason, int statusCode);

    [LoggerMessage(EventId = 8, EventName = "RedirectWarnings", Level = LogLevel.Warning,
        Message = "{Protocol} redirect with warnings: {Warnings}")]
    public static partial void RedirectWarnings(ILogger logger, string protocol, RedirectWarnings warnings);

    [LoggerMessage(EventId = 9, EventName = "AutodiscoverBodyFailed", Level = LogLevel.Information,
        Message = "Autodiscover request body not read: HTTP {StatusCode}, {Reason}")]
    public static partial void AutodiscoverBodyFailed(ILogger logger, int statusCode, string reason);
}
