using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;

namespace HybridCore.Diagnostics.Readiness;

/// <summary>
/// Readiness checks of the directory (organization relationships and recipients, the core's
/// <see cref="DirectoryDocument"/>): the conditions of the EAS on-boarding flow (docs/exchange-conformance.md) that
/// the directory decides, each reported with the objects it concerns.
/// </summary>
public static class DirectoryChecks
{
    /// <summary>Checks a directory document. It is loaded leniently (a TargetOWAURL that is not http or https is
    /// kept and reported, not rejected); when it does not load at all, the load errors are the findings.</summary>
    /// <param name="document">The directory data.</param>
    /// <returns>The findings, one per code, each listing the objects concerned.</returns>
    public static IReadOnlyList<ReadinessFinding> Check(DirectoryDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var findings = new List<ReadinessFinding>();
        if (!DirectorySnapshot.TryLoad(document, strict: false, out DirectorySnapshot? snapshot, out IReadOnlyList<DirectoryValidationError> errors))
        {
            ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.DuplicateRelationshipDomain,
                errors.Where(e => e.Code == DirectoryErrorCode.DuplicateDomain).Select(e => e.Message).ToList(),
                "Two organization relationships claim the same domain; Exchange refuses this (KB 3067526) and the redirect target would be ambiguous.",
                "Keep each domain in exactly one organization relationship (Set-OrganizationRelationship -DomainNames).");
            ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.RemoteMailboxWithoutRoutingAddress,
                errors.Where(IsRoutingAddressError).Select(Describe).ToList(),
                "These remote mailboxes have a malformed RemoteRoutingAddress (targetAddress).",
                "Set a valid routing address, e.g. Set-RemoteMailbox -RemoteRoutingAddress user@contoso.mail.onmicrosoft.com.");
            ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.InvalidDirectoryEntry,
                errors.Where(e => e.Code != DirectoryErrorCode.DuplicateDomain && !IsRoutingAddressError(e)).Select(Describe).ToList(),
                "The directory data has entries that cannot be used; the other directory checks run once it loads.",
                "Fix each entry at the path shown.");
            return findings;
        }

        var remoteByRelationship = new Dictionary<OrganizationRelationship, List<string>>();
        var noRouting = new List<string>();
        var notCovered = new List<string>();
        var logonOnly = new List<string>();
        var upnDiffers = new List<string>();
        var mailUsers = new List<string>();
        foreach (Recipient recipient in snapshot.Recipients)
        {
            // Exchange redirects any recipient without a local mailbox by its SMTP targetAddress: mail users and contacts too.
            if (recipient is MailUser { RoutingSmtpAddress: { } external } mailUser && !external.Domain.IsEmpty)
            {
                if (snapshot.RelationshipIndex.Find(external.Domain) is not { } userTarget)
                {
                    notCovered.Add(string.Create(CultureInfo.InvariantCulture, $"{mailUser.Identity} ({mailUser.Kind}, {external})"));
                }
                else
                {
                    mailUsers.Add(string.Create(CultureInfo.InvariantCulture, $"{mailUser.Identity} ({mailUser.Kind}, {external})"));
                    if (!remoteByRelationship.TryGetValue(userTarget.Relationship, out List<string>? users))
                    {
                        remoteByRelationship[userTarget.Relationship] = users = new List<string>();
                    }

                    users.Add(mailUser.Identity);
                }
            }

            if (recipient is RemoteMailbox remote)
            {
                if (remote.RoutingSmtpAddress is not { } routing || routing.Domain.IsEmpty)
                {
                    noRouting.Add(remote.Identity + (remote.RemoteRoutingAddress is { } r ? " (" + r + ")" : string.Empty));
                }
                else if (snapshot.RelationshipIndex.Find(routing.Domain) is not { } target)
                {
                    notCovered.Add(string.Create(CultureInfo.InvariantCulture, $"{remote.Identity} ({routing})"));
                }
                else
                {
                    if (!remoteByRelationship.TryGetValue(target.Relationship, out List<string>? list))
                    {
                        remoteByRelationship[target.Relationship] = list = new List<string>();
                    }

                    list.Add(remote.Identity);
                }
            }

            if (recipient is RemoteMailbox or LocalMailbox)
            {
                if (recipient.UserPrincipalName is null && recipient.LogonName is not null)
                {
                    logonOnly.Add(string.Create(CultureInfo.InvariantCulture, $"{recipient.Identity} ({recipient.LogonName.Value})"));
                }
                else if (recipient.UserPrincipalName is { } upn && recipient.PrimarySmtpAddress is { } primary && upn != primary)
                {
                    upnDiffers.Add(string.Create(CultureInfo.InvariantCulture, $"{recipient.Identity} (UPN {upn}, SMTP {primary})"));
                }
            }
        }

        var noUrl = new List<string>();
        var notHttps = new List<string>();
        var http = new List<string>();
        var disabledUsed = new List<string>();
        var disabledUnused = new List<string>();
        foreach (OrganizationRelationship r in snapshot.Relationships)
        {
            int users = remoteByRelationship.TryGetValue(r, out List<string>? covered) ? covered.Count : 0;
            string label = string.Create(CultureInfo.InvariantCulture, $"{r.Name} ({string.Join(' ', r.DomainNames.Select(d => d.Value))}; {Counted.Of(users, "recipient")} routed here)");
            if (!r.Enabled)
            {
                (users > 0 ? disabledUsed : disabledUnused).Add(label);
            }

            if (r.Direction != RelationshipDirection.OnPremisesToCloud)
            {
                continue;
            }

            switch (EasEndpoint.TryDerive(r, out _))
            {
                case RedirectReason.TargetOwaUrlMissing:
                    noUrl.Add(label);
                    break;
                case RedirectReason.TargetOwaUrlNotHttps:
                    notHttps.Add(label + (r.TargetOwaUrl is { } u ? " " + u.OriginalString : string.Empty));
                    break;
                case RedirectReason.None when r.EasEndpointOverride is null && r.TargetOwaUrl is { Scheme: "http" } plain:
                    http.Add(label + " " + plain.OriginalString);
                    break;
            }
        }

        ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.RelationshipWithoutTargetOwaUrl, noUrl,
            "These organization relationships have no TargetOWAURL, so no EAS endpoint can be derived: devices of the mailboxes they cover get UserHasNoMailbox.",
            "Re-run the Hybrid Configuration Wizard, or Set-OrganizationRelationship -TargetOwaURL https://outlook.office.com/mail.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.RelationshipTargetOwaUrlNotHttps, notHttps,
            "These organization relationships have a TargetOWAURL that is not an absolute http or https URL with a host, so no EAS endpoint can be derived from it.",
            "Set the TargetOWAURL the Hybrid Configuration Wizard writes (Set-OrganizationRelationship -TargetOwaURL http://outlook.com/owa/<domain>, KB 2952804).");
        ReadinessFindings.Add(findings, ReadinessSeverity.Info, ReadinessCode.RelationshipTargetOwaUrlIsHttp, http,
            "These organization relationships have an http:// TargetOWAURL, as the Hybrid Configuration Wizard writes it (KB 2952804). That is fine: only its host is used, and devices are sent to https://{host}/Microsoft-Server-ActiveSync.",
            "Nothing to do.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Warning, ReadinessCode.RelationshipDisabled, disabledUsed,
            "These organization relationships are disabled but mailboxes route to them. Exchange's ActiveSync path still redirects through them (it does not look at Enabled), but the Autodiscover MobileSyncRedirectBypass does not, and a front door with RequireEnabledRelationship refuses them.",
            "Enable the relationship (Set-OrganizationRelationship -Enabled $true) if it is meant to be used, or correct the mailboxes' routing addresses.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Warning, ReadinessCode.RelationshipDisabled, disabledUnused,
            "These organization relationships are disabled.",
            "Remove them if unused, or enable them before moving mailboxes to their domains.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Info, ReadinessCode.MailUsersRedirected, mailUsers,
            "These mail users or mail contacts are not remote mailboxes, but their SMTP targetAddress leads to a relationship: like Exchange, the front door redirects them (typical after a cutover or third-party migration).",
            "Nothing to do if their mailboxes live at the targetAddress; otherwise clear or correct the targetAddress.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.RemoteMailboxWithoutRoutingAddress, noRouting,
            "These remote mailboxes have no SMTP RemoteRoutingAddress (targetAddress): their devices get UserHasNoMailbox.",
            "Set-RemoteMailbox -RemoteRoutingAddress user@contoso.mail.onmicrosoft.com.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.RoutingDomainNotCovered, notCovered,
            "No organization relationship claims these remote mailboxes' routing domain: their devices get UserHasNoMailbox.",
            "Add the routing domain (e.g. contoso.mail.onmicrosoft.com) to the Exchange Online organization relationship's DomainNames, or correct the routing address.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Warning, ReadinessCode.LogonNameOnly, logonOnly,
            "These mailboxes have a down-level logon name but no UPN; Exchange Online expects the UPN, so devices set up with DOMAIN\\user will prompt for credentials after the redirect.",
            "Give the users a routable UPN and tell them to sign in with it on their devices.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Warning, ReadinessCode.UpnDiffersFromPrimarySmtpAddress, upnDiffers,
            "These mailboxes' UPN differs from their primary SMTP address; users who set up their device with the address will be prompted after the redirect.",
            "Make the UPN match the primary SMTP address, or tell users which name to use.");
        return findings;
    }

    private static bool IsRoutingAddressError(DirectoryValidationError e) =>
        e.Code == DirectoryErrorCode.InvalidAddress && e.Path.EndsWith(".remoteRoutingAddress", StringComparison.OrdinalIgnoreCase);

    private static string Describe(DirectoryValidationError e) => string.Create(CultureInfo.InvariantCulture, $"{e.Path}: {e.Message}");
}
