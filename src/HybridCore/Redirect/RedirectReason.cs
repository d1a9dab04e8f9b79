using System;

namespace HybridCore.Redirect;

/// <summary>Why the resolver decided what it did. Every decision carries exactly one reason.</summary>
public enum RedirectReason : byte
{
    /// <summary>No decision (the <c>default</c> value; the resolver never returns it).</summary>
    None = 0,

    /// <summary>The user has a local mailbox: serve the request here.</summary>
    LocalMailbox,

    /// <summary>The user is a remote mailbox (or a mail user / mail contact with an SMTP targetAddress, flagged with
    /// <see cref="RedirectWarnings.RecipientIsNotRemoteMailbox"/>) and every condition holds: redirect.</summary>
    Redirected,

    /// <summary>Autodiscover: the client's User-Agent is on the MobileSyncRedirectBypass list, so it gets the target's settings instead of a redirect (KB 3035227).</summary>
    MobileSyncRedirectBypass,

    /// <summary>Nobody was found for the user.</summary>
    RecipientNotFound,

    /// <summary>The user is a mail user or mail contact without an SMTP external address (targetAddress), so there is
    /// nowhere to redirect to. (With an SMTP targetAddress it is redirected like a remote mailbox, as Exchange does.)</summary>
    NotRemoteMailbox,

    /// <summary>The remote mailbox has no RemoteRoutingAddress, or it is not an SMTP address.</summary>
    NoRoutingAddress,

    /// <summary>No organization relationship lists the routing address's domain.</summary>
    NoRelationshipForRoutingDomain,

    /// <summary>The relationship is disabled and the policy opts in to <see cref="RedirectPolicy.RequireEnabledRelationship"/>
    /// (Exchange's EAS path does not look at the flag), or, for the Autodiscover MobileSyncRedirectBypass, always.</summary>
    RelationshipDisabled,

    /// <summary>The relationship has no TargetOWAURL (and no EAS endpoint override).</summary>
    TargetOwaUrlMissing,

    /// <summary>The relationship's TargetOWAURL is not an absolute http or https URL with a host, so no endpoint can be
    /// derived. (An <c>http://</c> TargetOWAURL is normal: the Hybrid Configuration Wizard writes one, KB 2952804; only
    /// its host is used and the EAS endpoint is always https.) The name is kept for compatibility.</summary>
    TargetOwaUrlNotHttps,

    /// <summary>EAS: the request's protocol version is below the policy's <see cref="RedirectPolicy.MinRedirectProtocolVersion"/>
    /// (14.0 by default) and the request is not OPTIONS; such devices cannot follow HTTP 451.</summary>
    ProtocolVersionTooLow,

    /// <summary>The relationship points cloud → on-premises (off-boarding) or to another forest, and the policy does not opt in.</summary>
    DirectionNotSupported,
}

/// <summary>Problems that do not block a redirect but that diagnostics should show.</summary>
[Flags]
public enum RedirectWarnings : byte
{
    /// <summary>Nothing to report.</summary>
    None = 0,

    /// <summary>The device logs on as <c>DOMAIN\user</c>; Office 365 wants the UPN, so the user will be prompted after the move.</summary>
    DownLevelLogonName = 1,

    /// <summary>The UPN differs from the primary SMTP address; users who type their e-mail address as user name will fail in the cloud.</summary>
    UpnDiffersFromPrimarySmtpAddress = 2,

    /// <summary>The remote mailbox has no UPN at all.</summary>
    NoUserPrincipalName = 4,

    /// <summary>The device's EAS version is below what the target accepts (Exchange Online: 16.1 since 2026-03-01); the redirect will fail there.</summary>
    ProtocolVersionBelowTargetMinimum = 8,

    /// <summary>The recipient is a mail user or mail contact, not a remote mailbox, redirected by its SMTP external address
    /// (targetAddress) as Exchange redirects any recipient without a local mailbox: what cutover and third-party
    /// migrations leave behind. Shown so that logs tell these redirects apart.</summary>
    RecipientIsNotRemoteMailbox = 16,

    /// <summary>OWA: the TargetOWAURL is <c>http://</c> (as the Hybrid Configuration Wizard writes it, KB 2952804); the OWA
    /// redirect sends the browser there as given, and the target (Exchange Online) upgrades it to https.</summary>
    TargetOwaUrlIsHttp = 32,
}

/// <summary>How the user name on the request was written (the host knows it from the credentials).</summary>
public enum LogonNameForm : byte
{
    /// <summary>Not known; no logon-name warning is produced.</summary>
    Unspecified = 0,

    /// <summary><c>user@domain</c>.</summary>
    UserPrincipalName,

    /// <summary><c>DOMAIN\user</c>.</summary>
    DownLevel,

    /// <summary>A bare account name or anything else.</summary>
    Other,
}
