using HybridCore.Redirect;

namespace HybridCore.Cli;

/// <summary>Human explanations of the resolver's reasons and warnings.</summary>
internal static class Texts
{
    public static string Describe(RedirectReason reason) => reason switch
    {
        RedirectReason.LocalMailbox => "the mailbox is on premises; the request is served here",
        RedirectReason.Redirected => "the mailbox moved and every condition for this protocol holds",
        RedirectReason.MobileSyncRedirectBypass => "the User-Agent is on the MobileSyncRedirectBypass list: the client gets the target's settings",
        RedirectReason.RecipientNotFound => "no recipient has this UPN, SMTP address or logon name",
        RedirectReason.NotRemoteMailbox => "a mail user or contact without an SMTP external address (targetAddress): nowhere to redirect to",
        RedirectReason.NoRoutingAddress => "the remote mailbox has no SMTP RemoteRoutingAddress (targetAddress)",
        RedirectReason.NoRelationshipForRoutingDomain => "no organization relationship lists the routing address's domain",
        RedirectReason.RelationshipDisabled => "the organization relationship is disabled (and the policy requires enabled relationships)",
        RedirectReason.TargetOwaUrlMissing => "the organization relationship has no TargetOWAURL (Set-OrganizationRelationship -TargetOwaURL)",
        RedirectReason.TargetOwaUrlNotHttps => "the relationship's TargetOWAURL is not an http or https URL with a host",
        RedirectReason.ProtocolVersionTooLow => "the device's EAS version is below MinRedirectProtocolVersion (14.0 by default) and cannot follow HTTP 451",
        RedirectReason.DirectionNotSupported => "the relationship points cloud to on-premises or to another forest; Exchange does not redirect those",
        _ => reason.ToString(),
    };

    public static string Describe(RedirectWarnings warning) => warning switch
    {
        RedirectWarnings.DownLevelLogonName => "the device logs on as DOMAIN\\user; Office 365 wants the UPN, so the user will be prompted for credentials after the redirect",
        RedirectWarnings.UpnDiffersFromPrimarySmtpAddress => "the UPN differs from the primary SMTP address; users who type their e-mail address as user name will fail in Office 365",
        RedirectWarnings.NoUserPrincipalName => "the mailbox has no UPN; Office 365 sign-in needs one",
        RedirectWarnings.ProtocolVersionBelowTargetMinimum => "the device's EAS version is below what the target accepts (Exchange Online: 16.1 since 2026-03-01); the redirect will fail there",
        RedirectWarnings.RecipientIsNotRemoteMailbox => "a mail user or contact (not a remote mailbox), redirected by its SMTP targetAddress as Exchange does (typical after a cutover or third-party migration)",
        RedirectWarnings.TargetOwaUrlIsHttp => "the TargetOWAURL is http:// (as the Hybrid Configuration Wizard writes it); OWA users are sent there as given, the EAS endpoint is https anyway",
        _ => warning.ToString(),
    };
}
