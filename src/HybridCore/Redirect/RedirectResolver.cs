using System;
using HybridCore.ActiveSync;
using HybridCore.Addressing;
using HybridCore.Directory;

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
    /// The EAS decision (docs/design.md §3, §4). Conditions are checked in this order, the first that fails
    /// naming the reason: a recipient exists; it is a local mailbox (serve) or a remote mailbox;
    /// it has an SMTP routing address; a relationship claims the routing domain exactly; the
    /// relationship is enabled; its direction is allowed; an https EAS endpoint exists; the
    /// protocol version is 14.0 or later unless the request is OPTIONS.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="recipient">Who the authenticated user is.</param>
    /// <returns>The decision.</returns>
    public EasRedirectDecision ResolveEas(in EasRedirectRequest request, RecipientLookupResult recipient)
    {
        RedirectWarnings warnings = IdentityWarnings(recipient.Recipient, request.LogonNameForm);
        RedirectReason reason = Route(recipient.Recipient, out RelationshipTarget? target);
        if (reason == RedirectReason.Redirected)
        {
            if (target!.EasEndpointProblem != RedirectReason.None)
            {
                reason = target.EasEndpointProblem;
            }
            else if (!request.IsOptions && request.IsBelow(RedirectPolicy.MinimumRedirectVersion))
            {
                // docs/design.md §4 rule 6: devices below 14.0 cannot follow 451 ([MS-ASHTTP] 3.1.5.2.2). OPTIONS is
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

            // [MS-ASCMD] 2.2.2: Status 123 exists for 14.0 and later, carried in the command's Status element.
            // A rule of its own (not the 451 floor above), even though both are 14.0 today.
            _ => new EasRedirectDecision(EasRedirectAction.UserHasNoMailbox, reason, warnings, null, target, !request.IsOptions && !request.IsBelow(EasRedirectDecision.MinimumStatusInBodyVersion)),
        };
    }

    /// <summary>
    /// The EAS decision for a parsed protocol version (<see cref="EasRequestLine.ProtocolVersion"/>):
    /// <c>ResolveEas(new EasRedirectRequest(protocolVersion, isOptions, logonNameForm), recipient)</c>.
    /// </summary>
    /// <param name="protocolVersion">The request's version; <see cref="EasProtocolVersion.Unknown"/> is below 14.0.</param>
    /// <param name="recipient">Who the authenticated user is.</param>
    /// <param name="isOptions">True for an HTTP OPTIONS request (redirected whatever its version).</param>
    /// <param name="logonNameForm">How the user name in the credentials was written.</param>
    /// <returns>The decision.</returns>
    public EasRedirectDecision ResolveEas(EasProtocolVersion protocolVersion, RecipientLookupResult recipient, bool isOptions = false, LogonNameForm logonNameForm = LogonNameForm.Unspecified)
        => ResolveEas(new EasRedirectRequest(protocolVersion, isOptions, logonNameForm), recipient);

    /// <summary>
    /// The Autodiscover decision (docs/design.md §6): a remote mailbox with an SMTP routing address gets
    /// redirectAddr to it (Exchange does not need a relationship for that). When the User-Agent
    /// matches a MobileSyncRedirectBypass prefix and the routing domain's relationship yields an
    /// EAS endpoint, the client gets that endpoint directly instead (KB 3035227).
    /// </summary>
    /// <param name="recipient">Who the user is.</param>
    /// <param name="userAgent">The request's User-Agent (may be empty).</param>
    /// <returns>The decision.</returns>
    public AutodiscoverRedirectDecision ResolveAutodiscover(RecipientLookupResult recipient, ReadOnlySpan<char> userAgent = default)
    {
        RedirectWarnings warnings = IdentityWarnings(recipient.Recipient, LogonNameForm.Unspecified);
        switch (recipient.Recipient)
        {
            case null:
                return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.NoMailbox, RedirectReason.RecipientNotFound, warnings, null, null, null);
            case LocalMailbox:
                return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.ServeLocally, RedirectReason.LocalMailbox, warnings, null, null, null);
            case RemoteMailbox remote when remote.RoutingSmtpAddress is { } routing:
                if (!userAgent.IsEmpty && Policy.IsBypassUserAgent(userAgent)
                    && Route(remote, out RelationshipTarget? t) == RedirectReason.Redirected && t!.EasEndpointUrl is { } eas)
                {
                    return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.TargetSettings, RedirectReason.MobileSyncRedirectBypass, warnings, routing.Value, eas, t);
                }

                return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.RedirectAddress, RedirectReason.Redirected, warnings, routing.Value, null, Relationships.Find(routing.Domain));
            case RemoteMailbox:
                return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.NoMailbox, RedirectReason.NoRoutingAddress, warnings, null, null, null);
            default:
                return new AutodiscoverRedirectDecision(AutodiscoverRedirectAction.NoMailbox, RedirectReason.NotRemoteMailbox, warnings, null, null, null);
        }
    }

    /// <summary>The OWA decision: a remote mailbox whose routing domain leads to an enabled, allowed
    /// relationship with an https TargetOWAURL is sent there.</summary>
    /// <param name="recipient">Who the user is.</param>
    /// <returns>The decision.</returns>
    public OwaRedirectDecision ResolveOwa(RecipientLookupResult recipient)
    {
        RedirectWarnings warnings = IdentityWarnings(recipient.Recipient, LogonNameForm.Unspecified);
        RedirectReason reason = Route(recipient.Recipient, out RelationshipTarget? target);
        if (reason == RedirectReason.Redirected && target!.OwaUrlProblem != RedirectReason.None)
        {
            reason = target.OwaUrlProblem;
        }

        return reason switch
        {
            RedirectReason.LocalMailbox => new OwaRedirectDecision(OwaRedirectAction.ServeLocally, reason, warnings, null, null),
            RedirectReason.Redirected => new OwaRedirectDecision(OwaRedirectAction.Redirect, reason, warnings, target!.OwaUrl, target),
            _ => new OwaRedirectDecision(OwaRedirectAction.NoMailbox, reason, warnings, null, target),
        };
    }

    /// <summary>The checks every protocol shares, up to and including the relationship's direction.</summary>
    private RedirectReason Route(Recipient? recipient, out RelationshipTarget? target)
    {
        target = null;
        switch (recipient)
        {
            case null:
                return RedirectReason.RecipientNotFound;
            case LocalMailbox:
                return RedirectReason.LocalMailbox;
            case RemoteMailbox remote:
                SmtpAddress? routing = remote.RoutingSmtpAddress;
                if (routing is null)
                {
                    return RedirectReason.NoRoutingAddress;
                }

                // Exact, canonical domain match (docs/design.md §4 rule 3): no suffix, no parent domain.
                target = Relationships.Find(routing.Domain);
                if (target is null)
                {
                    return RedirectReason.NoRelationshipForRoutingDomain;
                }

                if (!target.Relationship.Enabled)
                {
                    return RedirectReason.RelationshipDisabled;
                }

                return IsDirectionAllowed(target.Relationship.Direction) ? RedirectReason.Redirected : RedirectReason.DirectionNotSupported;
            default:
                return RedirectReason.NotRemoteMailbox;
        }
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
        if (recipient is not RemoteMailbox remote)
        {
            return RedirectWarnings.None;
        }

        RedirectWarnings w = RedirectWarnings.None;
        if (form == LogonNameForm.DownLevel)
        {
            w |= RedirectWarnings.DownLevelLogonName;
        }

        if (remote.UserPrincipalName is null)
        {
            w |= RedirectWarnings.NoUserPrincipalName;
        }
        else if (remote.PrimarySmtpAddress is not null && !remote.UserPrincipalName.Equals(remote.PrimarySmtpAddress))
        {
            w |= RedirectWarnings.UpnDiffersFromPrimarySmtpAddress;
        }

        return w;
    }
}
