using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using HybridCore.Addressing;

namespace HybridCore.DirectoryModel;

/// <summary>What kind of directory object a recipient is.</summary>
public enum RecipientKind : byte
{
    /// <summary>A mailbox hosted by this organisation's servers (Exchange: UserMailbox).</summary>
    LocalMailbox = 0,

    /// <summary>A mailbox moved to the other side of a relationship (Exchange: RemoteUserMailbox, a mail user with a RemoteRoutingAddress).</summary>
    RemoteMailbox = 1,

    /// <summary>Any other mail user (mail-enabled user with an external address that is not a moved mailbox).</summary>
    MailUser = 2,

    /// <summary>A mail contact.</summary>
    MailContact = 3,
}

/// <summary>
/// A mail-enabled directory object. The concrete types are <see cref="LocalMailbox"/>,
/// <see cref="RemoteMailbox"/> and <see cref="MailUser"/>. Immutable, validated at construction,
/// value equality.
/// </summary>
public abstract class Recipient : IEquatable<Recipient>
{
    private protected Recipient(string identity, SmtpAddress? userPrincipalName, SmtpAddress? primarySmtpAddress, IEnumerable<ProxyAddress>? emailAddresses, LogonName? logonName, string? displayName)
    {
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName;
        if (string.IsNullOrWhiteSpace(identity))
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.MissingValue, "identity", "A recipient needs an identity.");
        }

        Identity = identity;
        UserPrincipalName = userPrincipalName;
        LogonName = logonName;
        EmailAddresses = emailAddresses is null ? [] : emailAddresses.ToImmutableArray();
        if (EmailAddresses.Any(p => p is null))
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.MissingValue, "emailAddresses", string.Create(CultureInfo.InvariantCulture, $"Recipient '{identity}' has a null proxy address."));
        }

        SmtpAddress[] primaries = EmailAddresses.Where(p => p.Type == ProxyAddressType.Smtp && p.IsPrimary).Select(p => p.Smtp!).ToArray();
        if (primaries.Length > 1)
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.ConflictingPrimaryAddress, "emailAddresses", string.Create(CultureInfo.InvariantCulture, $"Recipient '{identity}' has {primaries.Length} primary SMTP: proxies; Exchange allows one."));
        }

        if (primarySmtpAddress is not null && primaries.Length == 1 && !primaries[0].Equals(primarySmtpAddress))
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.ConflictingPrimaryAddress, "primarySmtpAddress", string.Create(CultureInfo.InvariantCulture, $"Recipient '{identity}': PrimarySmtpAddress '{primarySmtpAddress}' differs from its SMTP: proxy '{primaries[0]}'."));
        }

        PrimarySmtpAddress = primarySmtpAddress ?? (primaries.Length == 1 ? primaries[0] : null);
    }

    /// <summary>What kind of object this is.</summary>
    public abstract RecipientKind Kind { get; }

    /// <summary>The identity (distinguished name, GUID or alias: whatever the host uses).</summary>
    public string Identity { get; }

    /// <summary>DisplayName, or null (Autodiscover answers carry it as <c>User/DisplayName</c>).</summary>
    public string? DisplayName { get; }

    /// <summary>UserPrincipalName, or null.</summary>
    public SmtpAddress? UserPrincipalName { get; }

    /// <summary>PrimarySmtpAddress (given, or the <c>SMTP:</c> proxy), or null.</summary>
    public SmtpAddress? PrimarySmtpAddress { get; }

    /// <summary>EmailAddresses (proxyAddresses), as given.</summary>
    public ImmutableArray<ProxyAddress> EmailAddresses { get; }

    /// <summary>The down-level logon name <c>DOMAIN\sam</c>, or null.</summary>
    public LogonName? LogonName { get; }

    /// <summary>Every SMTP address the recipient can be found by: the primary and every SMTP proxy, without duplicates.</summary>
    /// <returns>The addresses.</returns>
    public IEnumerable<SmtpAddress> GetSmtpAddresses()
    {
        var seen = new HashSet<SmtpAddress>();
        if (PrimarySmtpAddress is not null && seen.Add(PrimarySmtpAddress))
        {
            yield return PrimarySmtpAddress;
        }

        foreach (ProxyAddress p in EmailAddresses)
        {
            if (p.Smtp is not null && seen.Add(p.Smtp))
            {
                yield return p.Smtp;
            }
        }
    }

    /// <inheritdoc/>
    public virtual bool Equals(Recipient? other) =>
        other is not null
        && other.Kind == Kind
        && string.Equals(Identity, other.Identity, StringComparison.Ordinal)
        && Equals(UserPrincipalName, other.UserPrincipalName)
        && Equals(PrimarySmtpAddress, other.PrimarySmtpAddress)
        && EmailAddresses.SequenceEqual(other.EmailAddresses)
        && Equals(LogonName, other.LogonName)
        && string.Equals(DisplayName, other.DisplayName, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Recipient);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Identity, PrimarySmtpAddress);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind} {Identity}");
}

/// <summary>A mailbox hosted locally: requests for it are served here.</summary>
public sealed class LocalMailbox : Recipient
{
    /// <summary>Creates a local mailbox.</summary>
    /// <param name="identity">Identity.</param>
    /// <param name="userPrincipalName">UPN.</param>
    /// <param name="primarySmtpAddress">Primary SMTP address (or from the <c>SMTP:</c> proxy).</param>
    /// <param name="emailAddresses">Proxy addresses.</param>
    /// <param name="logonName"><c>DOMAIN\sam</c>.</param>
    /// <param name="displayName">DisplayName.</param>
    /// <exception cref="DirectoryValidationException">A value is invalid.</exception>
    public LocalMailbox(string identity, SmtpAddress? userPrincipalName = null, SmtpAddress? primarySmtpAddress = null, IEnumerable<ProxyAddress>? emailAddresses = null, LogonName? logonName = null, string? displayName = null)
        : base(identity, userPrincipalName, primarySmtpAddress, emailAddresses, logonName, displayName)
    {
    }

    /// <inheritdoc/>
    public override RecipientKind Kind => RecipientKind.LocalMailbox;
}

/// <summary>
/// A mailbox moved to the other side of a relationship (Exchange: RemoteMailbox). Its
/// <see cref="RemoteRoutingAddress"/> (AD <c>targetAddress</c>) names where mail and clients go.
/// </summary>
public sealed class RemoteMailbox : Recipient
{
    /// <summary>Creates a remote mailbox.</summary>
    /// <param name="identity">Identity.</param>
    /// <param name="remoteRoutingAddress">RemoteRoutingAddress (targetAddress), e.g. <c>SMTP:user@contoso.mail.onmicrosoft.com</c>; null models a broken object.</param>
    /// <param name="userPrincipalName">UPN.</param>
    /// <param name="primarySmtpAddress">Primary SMTP address.</param>
    /// <param name="emailAddresses">Proxy addresses.</param>
    /// <param name="logonName"><c>DOMAIN\sam</c>.</param>
    /// <param name="displayName">DisplayName.</param>
    /// <exception cref="DirectoryValidationException">A value is invalid.</exception>
    public RemoteMailbox(string identity, ProxyAddress? remoteRoutingAddress, SmtpAddress? userPrincipalName = null, SmtpAddress? primarySmtpAddress = null, IEnumerable<ProxyAddress>? emailAddresses = null, LogonName? logonName = null, string? displayName = null)
        : base(identity, userPrincipalName, primarySmtpAddress, emailAddresses, logonName, displayName)
    {
        RemoteRoutingAddress = remoteRoutingAddress;
    }

    /// <inheritdoc/>
    public override RecipientKind Kind => RecipientKind.RemoteMailbox;

    /// <summary>RemoteRoutingAddress (targetAddress), or null.</summary>
    public ProxyAddress? RemoteRoutingAddress { get; }

    /// <summary>The routing address when it is SMTP; the resolver routes by its domain.</summary>
    public SmtpAddress? RoutingSmtpAddress => RemoteRoutingAddress?.Smtp;

    /// <inheritdoc/>
    public override bool Equals(Recipient? other) => base.Equals(other) && Equals(RemoteRoutingAddress, ((RemoteMailbox)other!).RemoteRoutingAddress);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Recipient);

    /// <inheritdoc/>
    public override int GetHashCode() => base.GetHashCode();
}

/// <summary>Any other mail user or a mail contact: not a mailbox of ours, not a moved mailbox. One with an SMTP
/// <see cref="ExternalEmailAddress"/> (what cutover and third-party migrations leave behind) is redirected to it.</summary>
public sealed class MailUser : Recipient
{
    /// <summary>Creates a mail user or contact.</summary>
    /// <param name="identity">Identity.</param>
    /// <param name="isContact">True for a mail contact, false for a mail user.</param>
    /// <param name="externalEmailAddress">ExternalEmailAddress, or null.</param>
    /// <param name="userPrincipalName">UPN.</param>
    /// <param name="primarySmtpAddress">Primary SMTP address.</param>
    /// <param name="emailAddresses">Proxy addresses.</param>
    /// <param name="logonName"><c>DOMAIN\sam</c>.</param>
    /// <param name="displayName">DisplayName.</param>
    /// <exception cref="DirectoryValidationException">A value is invalid.</exception>
    public MailUser(string identity, bool isContact = false, ProxyAddress? externalEmailAddress = null, SmtpAddress? userPrincipalName = null, SmtpAddress? primarySmtpAddress = null, IEnumerable<ProxyAddress>? emailAddresses = null, LogonName? logonName = null, string? displayName = null)
        : base(identity, userPrincipalName, primarySmtpAddress, emailAddresses, logonName, displayName)
    {
        IsContact = isContact;
        ExternalEmailAddress = externalEmailAddress;
    }

    /// <inheritdoc/>
    public override RecipientKind Kind => IsContact ? RecipientKind.MailContact : RecipientKind.MailUser;

    /// <summary>True for a mail contact.</summary>
    public bool IsContact { get; }

    /// <summary>ExternalEmailAddress (AD <c>targetAddress</c>), or null.</summary>
    public ProxyAddress? ExternalEmailAddress { get; }

    /// <summary>The external address when it is SMTP. Exchange redirects such a recipient like a remote mailbox
    /// (its EAS and Autodiscover paths take any recipient's SMTP targetAddress), and so does the resolver.</summary>
    public SmtpAddress? RoutingSmtpAddress => ExternalEmailAddress?.Smtp;

    /// <inheritdoc/>
    public override bool Equals(Recipient? other) => base.Equals(other) && Equals(ExternalEmailAddress, ((MailUser)other!).ExternalEmailAddress);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Recipient);

    /// <inheritdoc/>
    public override int GetHashCode() => base.GetHashCode();
}

/// <summary>What a directory lookup found.</summary>
public enum RecipientLookupOutcome : byte
{
    /// <summary>Nobody.</summary>
    NotFound = 0,

    /// <summary>A local mailbox.</summary>
    LocalMailbox,

    /// <summary>A remote (moved) mailbox.</summary>
    RemoteMailbox,

    /// <summary>Another mail user or a mail contact.</summary>
    OtherMailRecipient,
}

/// <summary>The result of looking a user up: nobody, a local mailbox, a remote mailbox or another mail recipient.</summary>
public readonly struct RecipientLookupResult : IEquatable<RecipientLookupResult>
{
    private RecipientLookupResult(Recipient? recipient) => Recipient = recipient;

    /// <summary>Nobody was found.</summary>
    public static RecipientLookupResult NotFound => default;

    /// <summary>The recipient found, or null.</summary>
    public Recipient? Recipient { get; }

    /// <summary>What was found.</summary>
    public RecipientLookupOutcome Outcome => Recipient switch
    {
        null => RecipientLookupOutcome.NotFound,
        HybridCore.DirectoryModel.LocalMailbox => RecipientLookupOutcome.LocalMailbox,
        HybridCore.DirectoryModel.RemoteMailbox => RecipientLookupOutcome.RemoteMailbox,
        _ => RecipientLookupOutcome.OtherMailRecipient,
    };

    /// <summary>The remote mailbox found, or null.</summary>
    public RemoteMailbox? RemoteMailbox => Recipient as HybridCore.DirectoryModel.RemoteMailbox;

    /// <summary>Wraps a recipient (null means nobody).</summary>
    /// <param name="recipient">The recipient or null.</param>
    /// <returns>The result.</returns>
    public static RecipientLookupResult From(Recipient? recipient) => new(recipient);

    /// <inheritdoc/>
    public bool Equals(RecipientLookupResult other) => ReferenceEquals(Recipient, other.Recipient);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RecipientLookupResult r && Equals(r);

    /// <inheritdoc/>
    public override int GetHashCode() => Recipient?.GetHashCode() ?? 0;

    /// <summary>Compares two results by the recipient instance.</summary>
    /// <param name="left">A result.</param>
    /// <param name="right">A result.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(RecipientLookupResult left, RecipientLookupResult right) => left.Equals(right);

    /// <summary>Compares two results by the recipient instance.</summary>
    /// <param name="left">A result.</param>
    /// <param name="right">A result.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(RecipientLookupResult left, RecipientLookupResult right) => !left.Equals(right);
}
