using System.DirectoryServices.Protocols;
using System.Globalization;
using HybridCore.DirectoryModel;

namespace HybridCore.Ldap;

/// <summary>Maps LDAP entries onto the directory document's shape (the same shape the directory JSON has).</summary>
internal static class LdapEntryMapper
{
    public static OrganizationRelationshipData ToRelationship(SearchResultEntry entry)
    {
        string[] actions = Values(entry, ExchangeAttributes.FedEnabledActions);
        string? enabled = Single(entry, ExchangeAttributes.FedIsEnabled);
        return new OrganizationRelationshipData
        {
            Name = Single(entry, ExchangeAttributes.Cn) ?? Single(entry, ExchangeAttributes.Name),
            DomainNames = [.. Values(entry, ExchangeAttributes.FedDomainNames)],
            Enabled = enabled is null || !string.Equals(enabled, "FALSE", StringComparison.OrdinalIgnoreCase),
            TargetOwaUrl = Single(entry, ExchangeAttributes.FedTargetOwaUrl),
            TargetAutodiscoverEpr = Single(entry, ExchangeAttributes.FedTargetAutodiscoverEpr),
            TargetApplicationUri = Single(entry, ExchangeAttributes.FedTargetApplicationUri),
            TargetSharingEpr = Single(entry, ExchangeAttributes.FedTargetSharingEpr),
            MailboxMoveEnabled = actions.Any(a => string.Equals(a, ExchangeAttributes.ActionMailboxMove, StringComparison.OrdinalIgnoreCase)),
        };
    }

    /// <summary>The recipient, or null (with the reason) for an entry that is not one HybridCore maps.</summary>
    public static RecipientData? ToRecipient(SearchResultEntry entry, string? netbiosDomain, out string? reason)
    {
        reason = null;
        string? typeText = Single(entry, ExchangeAttributes.RecipientTypeDetails);
        if (!long.TryParse(typeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long type))
        {
            reason = $"msExchRecipientTypeDetails '{typeText}' is not a number";
            return null;
        }

        string? remoteTypeText = Single(entry, ExchangeAttributes.RemoteRecipientType);
        bool hasRemoteType = long.TryParse(remoteTypeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long remoteType) && remoteType != 0;
        string? target = Single(entry, ExchangeAttributes.TargetAddress);
        string? kind;
        if ((type & RecipientTypeDetails.RemoteMailboxes) != 0 || (type == RecipientTypeDetails.MailUser && hasRemoteType))
        {
            // A remote mailbox: Enable-RemoteMailbox and a move to Exchange Online stamp a remote type and
            // msExchRemoteRecipientType; targetAddress is its RemoteRoutingAddress.
            kind = nameof(RecipientKind.RemoteMailbox);
        }
        else if ((type & RecipientTypeDetails.LocalMailboxes) != 0)
        {
            kind = nameof(RecipientKind.LocalMailbox);
        }
        else if (type == RecipientTypeDetails.MailUser)
        {
            kind = nameof(RecipientKind.MailUser);
        }
        else if (type is RecipientTypeDetails.MailContact or RecipientTypeDetails.MailForestContact)
        {
            kind = nameof(RecipientKind.MailContact);
        }
        else
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"msExchRecipientTypeDetails {type} is not a mailbox, remote mailbox, mail user or mail contact");
            return null;
        }

        string? sam = Single(entry, ExchangeAttributes.SamAccountName);
        string? identity = sam ?? Single(entry, ExchangeAttributes.Cn);
        if (string.IsNullOrWhiteSpace(identity))
        {
            reason = "no sAMAccountName or cn";
            return null;
        }

        string[] proxies = Values(entry, ExchangeAttributes.ProxyAddresses);
        string? mail = Single(entry, ExchangeAttributes.Mail);
        bool hasPrimaryProxy = proxies.Any(p => p.StartsWith("SMTP:", StringComparison.Ordinal));
        return new RecipientData
        {
            Kind = kind,
            Identity = identity,
            UserPrincipalName = Single(entry, ExchangeAttributes.UserPrincipalName),

            // The primary SMTP address is the SMTP: proxy; mail is the fallback for a recipient without proxies.
            PrimarySmtpAddress = hasPrimaryProxy ? null : mail,
            RemoteRoutingAddress = kind == nameof(RecipientKind.RemoteMailbox) ? target : null,
            ExternalEmailAddress = kind is nameof(RecipientKind.MailUser) or nameof(RecipientKind.MailContact) ? target : null,
            EmailAddresses = proxies.Length == 0 ? null : [.. proxies],
            LogonName = sam is not null && netbiosDomain is not null ? netbiosDomain + "\\" + sam : null,
            DisplayName = Single(entry, ExchangeAttributes.DisplayName),
        };
    }

    /// <summary>The first value of an attribute, or null.</summary>
    public static string? Single(SearchResultEntry entry, string attribute)
    {
        DirectoryAttribute? a = entry.Attributes[attribute];
        if (a is null || a.Count == 0)
        {
            return null;
        }

        return a.GetValues(typeof(string)) is { Length: > 0 } values ? (string)values[0] : null;
    }

    /// <summary>Every value of an attribute.</summary>
    public static string[] Values(SearchResultEntry entry, string attribute)
    {
        DirectoryAttribute? a = entry.Attributes[attribute];
        if (a is null || a.Count == 0)
        {
            return [];
        }

        object[] values = a.GetValues(typeof(string));
        var result = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = (string)values[i];
        }

        return result;
    }
}
