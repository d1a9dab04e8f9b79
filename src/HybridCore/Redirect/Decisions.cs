using System;
using HybridCore.ActiveSync;
using HybridCore.DirectoryModel;

namespace HybridCore.Redirect;

/// <summary>
/// What the resolver needs to know about an EAS request. The protocol version is given either as an
/// <see cref="EasProtocolVersion"/> (what <see cref="EasRequestLine.ProtocolVersion"/> returns) or as
/// major and minor numbers (14 and 1 for 14.1); OPTIONS requests may leave it unknown (0.0).
/// </summary>
public readonly struct EasRedirectRequest : IEquatable<EasRedirectRequest>
{
    /// <summary>Creates the request description.</summary>
    /// <param name="isOptions">True for an HTTP OPTIONS request.</param>
    /// <param name="protocolMajor">Major protocol version (MS-ASProtocolVersion or the base64 Protocol version field).</param>
    /// <param name="protocolMinor">Minor protocol version.</param>
    /// <param name="logonNameForm">How the user name in the credentials was written.</param>
    public EasRedirectRequest(bool isOptions, int protocolMajor, int protocolMinor, LogonNameForm logonNameForm = LogonNameForm.Unspecified)
    {
        IsOptions = isOptions;
        ProtocolMajor = protocolMajor;
        ProtocolMinor = protocolMinor;
        LogonNameForm = logonNameForm;
    }

    /// <summary>Creates the request description from a parsed protocol version.</summary>
    /// <param name="isOptions">True for an HTTP OPTIONS request.</param>
    /// <param name="protocolVersion">The request's version, e.g. <see cref="EasRequestLine.ProtocolVersion"/>;
    /// <see cref="EasProtocolVersion.Unknown"/> counts as below every version (only OPTIONS is then redirected).</param>
    /// <param name="logonNameForm">How the user name in the credentials was written.</param>
    public EasRedirectRequest(bool isOptions, EasProtocolVersion protocolVersion, LogonNameForm logonNameForm = LogonNameForm.Unspecified)
        : this(isOptions, protocolVersion.Major, protocolVersion.Minor, logonNameForm)
    {
    }

    /// <summary>True for OPTIONS.</summary>
    public bool IsOptions { get; }

    /// <summary>Major protocol version.</summary>
    public int ProtocolMajor { get; }

    /// <summary>Minor protocol version.</summary>
    public int ProtocolMinor { get; }

    /// <summary>How the user name was written.</summary>
    public LogonNameForm LogonNameForm { get; }

    /// <summary>The protocol version as an <see cref="EasProtocolVersion"/>: one of the seven versions
    /// [MS-ASHTTP] 2.2.1.1.2.6 lists, or <see cref="EasProtocolVersion.Unknown"/> when
    /// <see cref="ProtocolMajor"/>.<see cref="ProtocolMinor"/> is not one of them.</summary>
    public EasProtocolVersion ProtocolVersion =>
        ProtocolMinor is >= 0 and <= 9 && ProtocolMajor is >= 0 and <= 25
        && EasProtocolVersion.TryFromEncodedValue((ProtocolMajor * 10) + ProtocolMinor, out EasProtocolVersion v) ? v : EasProtocolVersion.Unknown;

    /// <summary>Classifies the user name of the credentials: <c>DOMAIN\user</c>, <c>user@domain</c> or other.</summary>
    /// <param name="userName">The user name as the client sent it.</param>
    /// <returns>The form; <see cref="LogonNameForm.Unspecified"/> for an empty name.</returns>
    public static LogonNameForm ClassifyLogonName(ReadOnlySpan<char> userName) =>
        userName.IsEmpty ? LogonNameForm.Unspecified
        : userName.Contains('\\') ? LogonNameForm.DownLevel
        : userName.Contains('@') ? LogonNameForm.UserPrincipalName
        : LogonNameForm.Other;

    /// <summary>major * 10 + minor, saturated into [0, int.MaxValue / 2]; minor is clamped to 0..9. The
    /// scale of <see cref="EasProtocolVersion.EncodedValue"/> (141 for 14.1), so versions outside the seven
    /// known ones (a future 17.0, a bogus 99.9) still order numerically.</summary>
    internal int VersionNumber => (int)Math.Clamp((long)ProtocolMajor * 10 + Math.Clamp(ProtocolMinor, 0, 9), 0, int.MaxValue / 2);

    /// <summary>Whether the request's version is below <paramref name="version"/> (OPTIONS or not).</summary>
    internal bool IsBelow(EasProtocolVersion version) => VersionNumber < version.EncodedValue;

    /// <inheritdoc/>
    public bool Equals(EasRedirectRequest other) =>
        IsOptions == other.IsOptions && ProtocolMajor == other.ProtocolMajor && ProtocolMinor == other.ProtocolMinor && LogonNameForm == other.LogonNameForm;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EasRedirectRequest r && Equals(r);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsOptions, ProtocolMajor, ProtocolMinor, LogonNameForm);

    /// <summary>Compares two requests.</summary>
    /// <param name="left">A request.</param>
    /// <param name="right">A request.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(EasRedirectRequest left, EasRedirectRequest right) => left.Equals(right);

    /// <summary>Compares two requests.</summary>
    /// <param name="left">A request.</param>
    /// <param name="right">A request.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(EasRedirectRequest left, EasRedirectRequest right) => !left.Equals(right);
}

/// <summary>What an EAS front door does with the request.</summary>
public enum EasRedirectAction : byte
{
    /// <summary>Undecided (the <c>default</c> value; never returned).</summary>
    None = 0,

    /// <summary>Process the request here (the user has a local mailbox).</summary>
    ServeLocally,

    /// <summary>Answer HTTP 451 with <c>X-MS-Location</c> = <see cref="EasRedirectDecision.Location"/>.</summary>
    Redirect,

    /// <summary>Answer as Exchange does when it cannot redirect: the UserHasNoMailbox status (123), in an HTTP 200
    /// command response from 14.0 on, else HTTP 403 without a body (see <see cref="EasRedirectDecision.HttpStatusCode"/>).</summary>
    UserHasNoMailbox,
}

/// <summary>
/// The EAS decision. For <see cref="EasRedirectAction.Redirect"/> the host answers
/// <see cref="HttpStatusCode"/> (451, [MS-ASHTTP] 3.1.5.2.2) with the header
/// <see cref="EasHeaders.XMSLocation"/> set to <see cref="Location"/> and an empty body. For
/// <see cref="EasRedirectAction.UserHasNoMailbox"/> it answers as Exchange does: when
/// <see cref="StatusInResponseBody"/> is true (protocol 14.0 or later, not OPTIONS) and the command has a
/// WBXML response, <b>HTTP 200</b> with a WBXML body whose top-level command element holds
/// <c>Status</c> = <see cref="EasStatus.UserHasNoMailbox"/> (123) — [MS-ASCMD] 2.2.2 defines the common
/// status codes as values of the commands' Status element, for 14.0 and later only, and Exchange logs
/// such an answer as <c>sc-status 200</c> with <c>S123_Error:UserHasNoMailbox</c>. Below 14.0, for
/// OPTIONS, and for a command without a WBXML body, <b>HTTP 403</b> without a body.
/// </summary>
public readonly struct EasRedirectDecision
{
    /// <summary>[MS-ASCMD] 2.2.2: the common status codes (UserHasNoMailbox = 123 among them) are values of
    /// the command's Status element from protocol 14.0 on; older requests get the HTTP status alone.</summary>
    internal static EasProtocolVersion MinimumStatusInBodyVersion => EasProtocolVersion.V14_0;

    internal EasRedirectDecision(EasRedirectAction action, RedirectReason reason, RedirectWarnings warnings, string? location, RelationshipTarget? target, bool statusInBody)
    {
        Action = action;
        Reason = reason;
        Warnings = warnings;
        Location = location;
        Target = target;
        StatusInResponseBody = statusInBody;
    }

    /// <summary>What to do.</summary>
    public EasRedirectAction Action { get; }

    /// <summary>Why.</summary>
    public RedirectReason Reason { get; }

    /// <summary>Non-blocking problems worth showing.</summary>
    public RedirectWarnings Warnings { get; }

    /// <summary>The X-MS-Location value for a redirect (always an absolute https URL), else null. A cached string.</summary>
    public string? Location { get; }

    /// <summary>The relationship the routing domain led to, when one was found.</summary>
    public RelationshipTarget? Target { get; }

    /// <summary>The relationship, when one was found.</summary>
    public OrganizationRelationship? Relationship => Target?.Relationship;

    /// <summary>For <see cref="EasRedirectAction.UserHasNoMailbox"/>: whether to send Status 123 in the command response body.</summary>
    public bool StatusInResponseBody { get; }

    /// <summary>The HTTP status to answer: 451 for a redirect; for UserHasNoMailbox 200 when
    /// <see cref="StatusInResponseBody"/> (the host sends the command's Status 123 body) else 403 without a body;
    /// 0 when the request is served locally (the host decides). A host that has no WBXML response for the
    /// request's command answers 403 (<see cref="HttpStatusCodeWithoutBody"/>), as Exchange does.</summary>
    public int HttpStatusCode => Action switch
    {
        EasRedirectAction.Redirect => EasHttpStatusCodes.Redirect,
        EasRedirectAction.UserHasNoMailbox => StatusInResponseBody ? StatusInBodyHttpStatusCode : EasHttpStatusCodes.Forbidden,
        _ => 0,
    };

    /// <summary>HTTP 200: the status of a UserHasNoMailbox answer whose body carries Status 123.</summary>
    public const int StatusInBodyHttpStatusCode = 200;

    /// <summary>The status of a UserHasNoMailbox answer without a body (403).</summary>
    public static int HttpStatusCodeWithoutBody => EasHttpStatusCodes.Forbidden;

    /// <summary>The EAS status for <see cref="EasRedirectAction.UserHasNoMailbox"/>, else null.</summary>
    public EasStatus? Status => Action == EasRedirectAction.UserHasNoMailbox ? EasStatus.UserHasNoMailbox : null;

    /// <summary>The response header to set (<c>X-MS-Location</c>) for a redirect, else null.</summary>
    public string? LocationHeaderName => Action == EasRedirectAction.Redirect ? EasHeaders.XMSLocation : null;
}

/// <summary>What an Autodiscover endpoint does for the user.</summary>
public enum AutodiscoverRedirectAction : byte
{
    /// <summary>Undecided (the <c>default</c> value; never returned).</summary>
    None = 0,

    /// <summary>Answer with this organisation's settings (local mailbox).</summary>
    ServeLocally,

    /// <summary>Answer with action redirectAddr (POX) / Redirect (mobilesync, [MS-ASCMD] 2.2.3.147) to <see cref="AutodiscoverRedirectDecision.RedirectAddress"/>.</summary>
    RedirectAddress,

    /// <summary>MobileSyncRedirectBypass (KB 3035227): answer with the target's EAS URL (<see cref="AutodiscoverRedirectDecision.EasEndpointUrl"/>)
    /// directly, with <c>User/EMailAddress</c> = <see cref="AutodiscoverRedirectDecision.RedirectAddress"/>.</summary>
    TargetSettings,

    /// <summary>No mailbox to describe: answer the usual Autodiscover error.</summary>
    NoMailbox,
}

/// <summary>The Autodiscover decision.</summary>
public readonly struct AutodiscoverRedirectDecision
{
    internal AutodiscoverRedirectDecision(AutodiscoverRedirectAction action, RedirectReason reason, RedirectWarnings warnings, string? redirectAddress, string? easEndpointUrl, RelationshipTarget? target, string? displayName)
    {
        DisplayName = displayName;
        Action = action;
        Reason = reason;
        Warnings = warnings;
        RedirectAddress = redirectAddress;
        EasEndpointUrl = easEndpointUrl;
        Target = target;
    }

    /// <summary>What to do.</summary>
    public AutodiscoverRedirectAction Action { get; }

    /// <summary>Why.</summary>
    public RedirectReason Reason { get; }

    /// <summary>Non-blocking problems.</summary>
    public RedirectWarnings Warnings { get; }

    /// <summary>The targetAddress (RemoteRoutingAddress or ExternalEmailAddress) as <c>local@domain</c>, for
    /// <see cref="AutodiscoverRedirectAction.RedirectAddress"/> and <see cref="AutodiscoverRedirectAction.TargetSettings"/>
    /// (where Exchange returns it as <c>User/EMailAddress</c>, the address the device uses from then on); cached.</summary>
    public string? RedirectAddress { get; }

    /// <summary>The recipient's DisplayName, or null (Exchange's settings answer carries it as <c>User/DisplayName</c>).</summary>
    public string? DisplayName { get; }

    /// <summary>The target's EAS endpoint for <see cref="AutodiscoverRedirectAction.TargetSettings"/>; cached.</summary>
    public string? EasEndpointUrl { get; }

    /// <summary>The relationship found for the routing domain, if any.</summary>
    public RelationshipTarget? Target { get; }
}

/// <summary>What an OWA front door does for the user.</summary>
public enum OwaRedirectAction : byte
{
    /// <summary>Undecided (the <c>default</c> value; never returned).</summary>
    None = 0,

    /// <summary>Serve OWA here.</summary>
    ServeLocally,

    /// <summary>Send the user to <see cref="OwaRedirectDecision.TargetUrl"/> (the relationship's TargetOWAURL).</summary>
    Redirect,

    /// <summary>No redirect is possible: show the usual "no mailbox" error.</summary>
    NoMailbox,
}

/// <summary>The OWA decision.</summary>
public readonly struct OwaRedirectDecision
{
    internal OwaRedirectDecision(OwaRedirectAction action, RedirectReason reason, RedirectWarnings warnings, string? targetUrl, RelationshipTarget? target)
    {
        Action = action;
        Reason = reason;
        Warnings = warnings;
        TargetUrl = targetUrl;
        Target = target;
    }

    /// <summary>What to do.</summary>
    public OwaRedirectAction Action { get; }

    /// <summary>Why.</summary>
    public RedirectReason Reason { get; }

    /// <summary>Non-blocking problems.</summary>
    public RedirectWarnings Warnings { get; }

    /// <summary>The TargetOWAURL (absolute http or https, as configured) for a redirect; cached.</summary>
    public string? TargetUrl { get; }

    /// <summary>The relationship found for the routing domain, if any.</summary>
    public RelationshipTarget? Target { get; }
}
