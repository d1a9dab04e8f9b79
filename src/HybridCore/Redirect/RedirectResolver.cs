using System;
using HybridCore.ActiveSync;
using HybridCore.Addressing;
using HybridCore.DirectoryModel;

namespace HybridCore.Redirect;

/// <summary>
/// Decides what the on-premises front door answers for a user: serve locally, redirect (EAS
/// HTTP 451 + X-MS-Location, Autodiscover redirectAddr, OWA TargetOWAURL) or refuse, always with
/// a <see cref="RedirectReason"/> and any <see cref="RedirectWarnings"/>. Total (every input gets a
/// decision, nothing throws), deterministic, allocation-free, thread-safe. Redirect targets come
/// only from the relationships, never from the request. Call it only for authenticated requests:
/// a redirect reveals that the user exists and where the mailbox lives.
/// </summary>
public sealed class RedirectResolver
{
    /// <summary>Creates a resolver.</summary>
    /// <param name="relationships">The relationship index (targets precomputed).</param>
    /// <param name="policy">The policy; <see cref="RedirectPolicy.Default"/> (Exchange's behaviour) when null.</param>
    public RedirectResolver(RelationshipIndex relationships, RedirectPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        Relationships = relationships;
        Policy = policy ?? RedirectPolicy.Default;
    }

    /// <summary>The relationships.</summary>
    public RelationshipIndex Relationships { get; }

    /// <summary>The policy.</summary>
    public RedirectPolicy Policy { get; }

    /// <summary>
    /// The EAS decision (docs/exchange-conformance.md). Conditions are checked in this order, the first that fails
    /// naming the reason: a recipient exists; it is a local mailbox (serve), or a remote mailbox, mail user or mail
    /// contact with an SMTP targetAddress; a relationship claims that address's domain exactly; the relationship is
    /// enabled (only when the policy opts in: Exchange's EAS path does not look); its direction is allowed; an EAS
    /// endpoint can be derived (TargetOWAURL http or https, only its host used); the protocol version is at least
    /// <see cref="RedirectPolicy.MinRedirectProtocolVersion"/> unless the request is OPTIONS.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="recipient">Who the authenticated user is.</param>
    /// <returns>The decision.</returns>
    public EasRedirectDecision ResolveEas(in EasRedirectRequest request, RecipientLookupResult recipient)
    {
        RedirectWarnings warnings = IdentityWarnings(recipient.Recipient, request.LogonNameForm);
        RedirectReason reason = Route(recipient.Recipient, out RelationshipTarget? target, out _);
        if (reason == RedirectReason.Redirected)
        {
            if (target!.EasEndpointProblem != RedirectReason.None)
            {
                reason = target.EasEndpointProblem;
            }
            else if (!request.IsOptions && request.IsBelow(Policy.MinRedirectProtocolVersion))
            {
                // Exchange's MinRedirectProtocolVersion (default 14.0): older devices cannot follow 451. OPTIONS is
                // redirected whatever its version so the client learns the URL before picking one.
                reason = RedirectReason.ProtocolVersionTooLow;
            }
        }

        if (target is not null && target.TargetMinimumEasVersion.IsKnown && !request.IsOptions && request.IsBelow(target.TargetMinimumEasVersion))
        {
            warnings |= RedirectWarnings.ProtocolVersionBelowTargetMinimum;
        }

        return reason switch
        {
            RedirectReason.LocalMailbox => new EasRedirectDecision(EasRedirectAction.ServeLocally, reason, warnings, null, null, false),
            RedirectReason.Redirected => new EasRedirectDecision(EasRedirectAction.Redirect, reason, warnings, target!.EasEndpointUrl, target, false),

            // [MS-ASCMD] 2.2.2: Status 123 exists for 14.0 and later, carried in the command's Status element, and
            // Exchange then answers HTTP 200 with that body. A rule of its own, not the 451 floor above (which a
            // policy may lower to 12.0).
            _ => new EasRedirectDecision(EasRedirectAction.UserHasNoMailbox, reason, warnings, null, target, !request.IsOptions && !request.IsBelow(EasRedirectDecision.MinimumStatusInBodyVersion)),
        };
    }

    /// <summary>
    /// The EAS decision for a parsed protocol version (<see cref="EasRequestLine.ProtocolVersion"/>):
    /// <c>ResolveEas(new EasRedirectRequest(isOptions, protocolVersion, logonNameForm), recipient)</c>, with the
    /// arguments in the same order (the optional one last).
    /// </summary>
    /// <param name="isOptions">True for an HTTP OPTIONS request (redirected whatever its version).</param>
    /// <param name="protocolVersion">The request's version; <see cref="EasProtocolVersion.Unknown"/> is below 14.0.</param>
    /// <param name="recipient">Who the authenticated user is.</param>
    /// <param name="logonNameForm">How the user name in the credentials was written.</param>
    /// <returns>The decision.</returns>
    public EasRedirectDecision ResolveEas(bool isOptions, EasProtocolVersion protocolVersion, RecipientLookupResult recipient, LogonNameForm logonNameForm = LogonNameForm.Unspecified)
        => ResolveEas(new EasRedirectRequest(isOptions, protocolVersion, logonNameForm), recipient);

    /// <summary>
    /// The Autodiscover decision (docs/exchange-conformance.md): a remote mailbox, mail user or mail contact with an
    /// SMTP targetAddress gets redirectAddr to it (Exchange needs no relationship for that). When the policy's
    /// MobileSyncRedirectBypass is on, the User-Agent starts with one of its client prefixes, and the targetAddress's
    /// domain leads to an <em>enabled</em>, allowed relationship that yields an EAS endpoint, the client gets that
    /// endpoint directly instead (KB 3035227); a disabled relationship falls back to the redirect, as in Exchange.
    /// </summary>
    /// <param name="recipient">Who the user is.</param>
    /// <param name="userAgent">The request's User-Agent (may be empty).</param>
    /// <returns>The decision.</returns>
    public AutodiscoverRedirectDecision ResolveAutodiscover(RecipientLookupResult recipient, ReadOnlySpan<char> userAgent = default)
    {
        Recipient? r = recipient.Recipient;
        RedirectWarnings warnings = IdentityWarnings(r, LogonNameForm.Unspecified);
        string? displayName = r?.DisplayName;
        switch (r)
        {
            case null:
                return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.NoMailbox, RedirectReason.RecipientNotFound, warnings, null, null, null, null);
            case LocalMailbox:
                return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.ServeLocally, RedirectReason.LocalMailbox, warnings, null, null, null, displayName);
        }

        SmtpAddress? routing = RoutingAddress(r);
        if (routing is null)
        {
            RedirectReason why = r is RemoteMailbox ? RedirectReason.NoRoutingAddress : RedirectReason.NotRemoteMailbox;
            return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.NoMailbox, why, warnings, null, null, null, displayName);
        }

        if (Policy.IsBypassUserAgent(userAgent)
            && Route(r, out RelationshipTarget? t, out _) == RedirectReason.Redirected
            && t!.Relationship.Enabled
            && t.EasEndpointUrl is { } eas)
        {
            return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.TargetSettings, RedirectReason.MobileSyncRedirectBypass, warnings, routing.Value, eas, t, displayName);
        }

        return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.RedirectAddress, RedirectReason.Redirected, warnings, routing.Value, null, Relationships.Find(routing.Domain), displayName);
    }

    /// <summary>The OWA decision: a recipient whose targetAddress domain leads to an allowed relationship with an http or
    /// https TargetOWAURL is sent there, the URL as given (<see cref="RedirectWarnings.TargetOwaUrlIsHttp"/> flags http).</summary>
    /// <param name="recipient">Who the user is.</param>
    /// <returns>The decision.</returns>
    public OwaRedirectDecision ResolveOwa(RecipientLookupResult recipient)
    {
        RedirectWarnings warnings = IdentityWarnings(recipient.Recipient, LogonNameForm.Unspecified);
        RedirectReason reason = Route(recipient.Recipient, out RelationshipTarget? target, out _);
        if (reason == RedirectReason.Redirected && target!.OwaUrlProblem != RedirectReason.None)
        {
            reason = target.OwaUrlProblem;
        }

        if (reason == RedirectReason.Redirected && target!.OwaUrlIsHttp)
        {
            warnings |= RedirectWarnings.TargetOwaUrlIsHttp;
        }

        return reason switch
        {
            RedirectReason.LocalMailbox => new OwaRedirectDecision(OwaRedirectAction.ServeLocally, reason, warnings, null, null),
            RedirectReason.Redirected => new OwaRedirectDecision(OwaRedirectAction.Redirect, reason, warnings, target!.OwaUrl, target),
            _ => new OwaRedirectDecision(OwaRedirectAction.NoMailbox, reason, warnings, null, target),
        };
    }

    /// <summary>The SMTP targetAddress of a recipient without a local mailbox (remote mailbox, mail user, mail contact), or null.</summary>
    private static SmtpAddress? RoutingAddress(Recipient? recipient) => recipient switch
    {
        RemoteMailbox remote => remote.RoutingSmtpAddress,
        MailUser user => user.RoutingSmtpAddress,
        _ => null,
    };

    /// <summary>The checks every protocol shares, up to and including the relationship's direction.</summary>
    private RedirectReason Route(Recipient? recipient, out RelationshipTarget? target, out SmtpAddress? routing)
    {
        target = null;
        routing = null;
        switch (recipient)
        {
            case null:
                return RedirectReason.RecipientNotFound;
            case LocalMailbox:
                return RedirectReason.LocalMailbox;
        }

        routing = RoutingAddress(recipient);
        if (routing is null)
        {
            return recipient is RemoteMailbox ? RedirectReason.NoRoutingAddress : RedirectReason.NotRemoteMailbox;
        }

        // Exact, canonical domain match: no suffix, no parent domain.
        target = Relationships.Find(routing.Domain);
        if (target is null)
        {
            return RedirectReason.NoRelationshipForRoutingDomain;
        }

        // Exchange's EAS path does not look at Enabled; refusing disabled relationships is an opt-in.
        if (Policy.RequireEnabledRelationship && !target.Relationship.Enabled)
        {
            return RedirectReason.RelationshipDisabled;
        }

        return IsDirectionAllowed(target.Relationship.Direction) ? RedirectReason.Redirected : RedirectReason.DirectionNotSupported;
    }

    private bool IsDirectionAllowed(RelationshipDirection direction) => direction switch
    {
        RelationshipDirection.OnPremisesToCloud => true,
        RelationshipDirection.CloudToOnPremises => Policy.AllowOffboarding,
        RelationshipDirection.CrossForest => Policy.AllowCrossForest,
        _ => false,
    };

    private static RedirectWarnings IdentityWarnings(Recipient? recipient, LogonNameForm form)
    {
        RedirectWarnings w = RedirectWarnings.None;
        switch (recipient)
        {
            case RemoteMailbox:
                break;
            case MailUser user when user.RoutingSmtpAddress is not null:
                w |= RedirectWarnings.RecipientIsNotRemoteMailbox;
                break;
            default:
                return RedirectWarnings.None;
        }

        if (form == LogonNameForm.DownLevel)
        {
            w |= RedirectWarnings.DownLevelLogonName;
        }

        if (recipient.UserPrincipalName is null)
        {
            w |= RedirectWarnings.NoUserPrincipalName;
        }
        else if (recipient.PrimarySmtpAddress is not null && !recipient.UserPrincipalName.Equals(recipient.PrimarySmtpAddress))
        {
            w |= RedirectWarnings.UpnDiffersFromPrimarySmtpAddress;
        }

        return w;
    }
}
