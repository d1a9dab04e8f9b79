using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using HybridCore.ActiveSync;
using HybridCore.Addressing;

namespace HybridCore.DirectoryModel;

/// <summary>
/// A validated, immutable directory: relationships and recipients as models, plus their indexes
/// (built once). Build it from models, from a <see cref="DirectoryDocument"/>, or from JSON.
/// </summary>
public sealed class DirectorySnapshot
{
    /// <summary>Creates a snapshot from models, building both indexes.</summary>
    /// <param name="relationships">The relationships.</param>
    /// <param name="recipients">The recipients.</param>
    /// <exception cref="DirectoryValidationException">Relationships share a domain or a name, or recipients share an address.</exception>
    public DirectorySnapshot(IEnumerable<OrganizationRelationship> relationships, IEnumerable<Recipient> recipients)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        ArgumentNullException.ThrowIfNull(recipients);
        Relationships = relationships.ToImmutableArray();
        Recipients = recipients.ToImmutableArray();
        var errors = new List<DirectoryValidationError>();
        RelationshipIndex? ri = null;
        RecipientIndex? pi = null;
        try
        {
            ri = new RelationshipIndex(Relationships);
        }
        catch (DirectoryValidationException e)
        {
            errors.AddRange(e.Errors);
        }

        try
        {
            pi = new RecipientIndex(Recipients);
        }
        catch (DirectoryValidationException e)
        {
            errors.AddRange(e.Errors);
        }

        if (errors.Count > 0)
        {
            throw new DirectoryValidationException(errors);
        }

        RelationshipIndex = ri!;
        RecipientIndex = pi!;
    }

    /// <summary>
    /// Creates a snapshot from models, leaving out each entry that has what an entry before it already has (a recipient's
    /// UPN, SMTP address or logon name; a relationship's name or domain): see <see cref="DirectorySnapshotBuilder.Build"/>.
    /// </summary>
    /// <param name="relationships">The relationships.</param>
    /// <param name="recipients">The recipients.</param>
    /// <param name="leftOut">Receives one error per entry left out: relationships first, then recipients, each in order.</param>
    internal DirectorySnapshot(IEnumerable<OrganizationRelationship> relationships, IReadOnlyList<Recipient> recipients, ICollection<DirectoryValidationError> leftOut)
    {
        var left = new List<LeftOutEntry>();
        RelationshipIndex = new RelationshipIndex(relationships, left);
        Relationships = RelationshipIndex.Relationships;
        foreach (LeftOutEntry entry in left)
        {
            leftOut.Add(entry.Error);
        }

        left.Clear();
        RecipientIndex = new RecipientIndex(recipients, left);
        var kept = ImmutableArray.CreateBuilder<Recipient>(recipients.Count - left.Count);
        int next = 0;
        for (int i = 0; i < recipients.Count; i++)
        {
            if (next < left.Count && left[next].Position == i)
            {
                leftOut.Add(left[next++].Error);
            }
            else
            {
                kept.Add(recipients[i]);
            }
        }

        Recipients = kept.MoveToImmutable();
    }

    /// <summary>The relationships.</summary>
    public ImmutableArray<OrganizationRelationship> Relationships { get; }

    /// <summary>The recipients.</summary>
    public ImmutableArray<Recipient> Recipients { get; }

    /// <summary>The relationship index.</summary>
    public RelationshipIndex RelationshipIndex { get; }

    /// <summary>The recipient index.</summary>
    public RecipientIndex RecipientIndex { get; }

    /// <summary>Validates JSON into a snapshot.</summary>
    /// <param name="utf8Json">UTF-8 JSON in the <see cref="DirectoryDocument"/> shape.</param>
    /// <param name="strict">Kept for compatibility: both modes accept an http or https TargetOwaUrl (the Hybrid Configuration Wizard
    /// writes http, KB 2952804) and refuse other schemes.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="DirectoryValidationException">Every problem found, with paths.</exception>
    public static DirectorySnapshot FromJson(ReadOnlySpan<byte> utf8Json, bool strict = true) => Load(DirectoryJson.Parse(utf8Json), strict);

    /// <summary>Validates a document into a snapshot.</summary>
    /// <param name="document">The document.</param>
    /// <param name="strict">Kept for compatibility: both modes accept an http or https TargetOwaUrl and refuse other schemes.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="DirectoryValidationException">Every problem found, with paths.</exception>
    public static DirectorySnapshot Load(DirectoryDocument document, bool strict = true) =>
        TryLoad(document, strict, out DirectorySnapshot? s, out IReadOnlyList<DirectoryValidationError> errors) ? s : throw new DirectoryValidationException(errors);

    /// <summary>Validates a document into a snapshot without throwing.</summary>
    /// <param name="document">The document.</param>
    /// <param name="strict">Kept for compatibility: both modes accept an http or https TargetOwaUrl and refuse other schemes.</param>
    /// <param name="snapshot">The snapshot when valid.</param>
    /// <param name="errors">Every problem found (empty when valid).</param>
    /// <returns>True when valid.</returns>
    public static bool TryLoad(DirectoryDocument document, bool strict, [NotNullWhen(true)] out DirectorySnapshot? snapshot, out IReadOnlyList<DirectoryValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(document);
        var list = new List<DirectoryValidationError>();
        var relationships = new List<OrganizationRelationship>();
        var recipients = new List<Recipient>();
        List<OrganizationRelationshipData> rels = document.Relationships ?? [];
        List<RecipientData> recs = document.Recipients ?? [];
        var pool = new StringPool();
        for (int i = 0; i < rels.Count; i++)
        {
            if (rels[i] is null)
            {
                list.Add(new DirectoryValidationError(DirectoryErrorCode.MissingValue, string.Create(CultureInfo.InvariantCulture, $"relationships[{i}]"), "Null relationship."));
                continue;
            }

            if (ToModel(rels[i], i, list) is { } r)
            {
                relationships.Add(r);
            }
        }

        for (int i = 0; i < recs.Count; i++)
        {
            if (recs[i] is null)
            {
                list.Add(new DirectoryValidationError(DirectoryErrorCode.MissingValue, string.Create(CultureInfo.InvariantCulture, $"recipients[{i}]"), "Null recipient."));
                continue;
            }

            if (ToModel(recs[i], i, list, pool) is { } r)
            {
                recipients.Add(r);
            }
        }

        snapshot = null;
        if (list.Count == 0)
        {
            try
            {
                snapshot = new DirectorySnapshot(relationships, recipients);
            }
            catch (DirectoryValidationException e)
            {
                list.AddRange(e.Errors);
            }
        }

        errors = list;
        return snapshot is not null;
    }

    /// <summary>The snapshot as plain data (canonical addresses and domains).</summary>
    /// <returns>The document.</returns>
    public DirectoryDocument ToDocument() => new()
    {
        Relationships = Relationships.Select(ToData).ToList(),
        Recipients = Recipients.Select(ToData).ToList(),
    };

    /// <summary>The snapshot as JSON.</summary>
    /// <returns>JSON text.</returns>
    public string ToJson() => DirectoryJson.Serialize(ToDocument());

    /// <summary>Converts a relationship to plain data.</summary>
    /// <param name="r">The relationship.</param>
    /// <returns>The data.</returns>
    public static OrganizationRelationshipData ToData(OrganizationRelationship r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new OrganizationRelationshipData
        {
            Name = r.Name,
            DomainNames = r.DomainNames.Select(d => d.Value).ToList(),
            Enabled = r.Enabled,
            TargetOwaUrl = r.TargetOwaUrl?.OriginalString,
            TargetAutodiscoverEpr = r.TargetAutodiscoverEpr?.OriginalString,
            TargetApplicationUri = r.TargetApplicationUri,
            TargetSharingEpr = r.TargetSharingEpr?.OriginalString,
            FreeBusyAccessEnabled = r.FreeBusyAccessEnabled,
            MailboxMoveEnabled = r.MailboxMoveEnabled,
            ArchiveAccessEnabled = r.ArchiveAccessEnabled,
            Direction = r.Direction == RelationshipDirection.OnPremisesToCloud ? null : r.Direction.ToString(),
            EasEndpointOverride = r.EasEndpointOverride?.OriginalString,
            TargetMinimumEasVersion = EasProtocolVersion.TryFromFlag(r.TargetMinimumEasVersion, out EasProtocolVersion minimum) ? minimum.ToString() : null,
        };
    }

    /// <summary>Converts a recipient to plain data.</summary>
    /// <param name="r">The recipient.</param>
    /// <returns>The data.</returns>
    public static RecipientData ToData(Recipient r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new RecipientData
        {
            Kind = r.Kind.ToString(),
            Identity = r.Identity,
            UserPrincipalName = r.UserPrincipalName?.Value,
            PrimarySmtpAddress = r.PrimarySmtpAddress?.Value,
            RemoteRoutingAddress = (r as RemoteMailbox)?.RemoteRoutingAddress?.ToString(),
            ExternalEmailAddress = (r as MailUser)?.ExternalEmailAddress?.ToString(),
            EmailAddresses = r.EmailAddresses.IsEmpty ? null : r.EmailAddresses.Select(p => p.ToString()).ToList(),
            LogonName = r.LogonName?.Value,
            DisplayName = r.DisplayName,
        };
    }

    /// <summary>Validates one relationship into a model; its errors' paths start <c>relationships[position]</c>, text
    /// made only when there is an error.</summary>
    internal static OrganizationRelationship? ToModel(OrganizationRelationshipData d, int position, List<DirectoryValidationError> errors)
    {
        int before = errors.Count;
        OrganizationRelationship? model = ToModel(d, string.Empty, errors);
        Prefix(errors, before, "relationships", position);
        return model;
    }

    /// <summary>Validates one recipient into a model; its errors' paths start <c>recipients[position]</c>, text made only
    /// when there is an error.</summary>
    internal static Recipient? ToModel(RecipientData d, int position, List<DirectoryValidationError> errors, StringPool? pool)
    {
        int before = errors.Count;
        Recipient? model = ToModel(d, string.Empty, errors, pool);
        Prefix(errors, before, "recipients", position);
        return model;
    }

    /// <summary>Puts <c>collection[position]</c> before the paths of the errors from <paramref name="from"/> on.</summary>
    private static void Prefix(List<DirectoryValidationError> errors, int from, string collection, int position)
    {
        if (errors.Count == from)
        {
            return;
        }

        string entry = string.Create(CultureInfo.InvariantCulture, $"{collection}[{position}]");
        for (int i = from; i < errors.Count; i++)
        {
            errors[i] = errors[i] with { Path = entry + errors[i].Path };
        }
    }

    /// <summary>Validates one relationship into a model; its errors' paths start with <paramref name="path"/>.</summary>
    private static OrganizationRelationship? ToModel(OrganizationRelationshipData d, string path, List<DirectoryValidationError> errors)
    {
        int before = errors.Count;
        if (string.IsNullOrWhiteSpace(d.Name))
        {
            errors.Add(new DirectoryValidationError(DirectoryErrorCode.MissingValue, path + ".name", "A relationship needs a name."));
        }

        var domains = new List<DomainName>();
        if (d.DomainNames is null || d.DomainNames.Count == 0)
        {
            errors.Add(new DirectoryValidationError(DirectoryErrorCode.NoDomains, path + ".domainNames", "A relationship needs at least one domain."));
        }
        else
        {
            for (int j = 0; j < d.DomainNames.Count; j++)
            {
                if (!DomainName.TryParse(d.DomainNames[j] ?? string.Empty, out DomainName dn, out AddressError e))
                {
                    errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidAddress, DomainPath(path, j), $"'{d.DomainNames[j]}' is not a valid domain: {e.Message}"));
                }
                else if (domains.Contains(dn))
                {
                    errors.Add(new DirectoryValidationError(DirectoryErrorCode.DuplicateDomain, DomainPath(path, j), $"'{dn}' is listed twice in this relationship."));
                }
                else
                {
                    domains.Add(dn);
                }
            }
        }

        // http:// is normal: the Hybrid Configuration Wizard writes http://outlook.com/owa/<domain> (KB 2952804), and only
        // the host is used for the EAS endpoint, which is always https. Url() refuses anything but absolute http(s).
        Uri? owa = Url(d.TargetOwaUrl, path + ".targetOwaUrl", errors);
        Uri? auto = Url(d.TargetAutodiscoverEpr, path + ".targetAutodiscoverEpr", errors);
        Uri? sharing = Url(d.TargetSharingEpr, path + ".targetSharingEpr", errors);
        Uri? eas = Url(d.EasEndpointOverride, path + ".easEndpointOverride", errors);
        if (eas is not null && !Redirect.EasEndpoint.IsValid(eas))
        {
            errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidEasEndpoint, path + ".easEndpointOverride", $"'{d.EasEndpointOverride}' must be an absolute https URL without user info, query or fragment."));
        }

        RelationshipDirection direction = RelationshipDirection.OnPremisesToCloud;
        if (!string.IsNullOrEmpty(d.Direction) && !(Enum.TryParse(d.Direction, ignoreCase: true, out direction) && Enum.IsDefined(direction) && !char.IsAsciiDigit(d.Direction[0])))
        {
            errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidKind, path + ".direction", $"'{d.Direction}' is not OnPremisesToCloud, CloudToOnPremises or CrossForest."));
        }

        EasProtocolVersion min = EasProtocolVersion.Unknown;
        if (!string.IsNullOrEmpty(d.TargetMinimumEasVersion) && !EasProtocolVersion.TryParse(d.TargetMinimumEasVersion, out min))
        {
            errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidProtocolVersion, path + ".targetMinimumEasVersion", $"'{d.TargetMinimumEasVersion}' is not one of 2.5, 12.0, 12.1, 14.0, 14.1, 16.0, 16.1."));
        }

        if (errors.Count > before)
        {
            return null;
        }

        return Guard(path, errors, () => new OrganizationRelationship(
            d.Name!, domains, owa, d.Enabled, auto, d.TargetApplicationUri, sharing, d.FreeBusyAccessEnabled, d.MailboxMoveEnabled, d.ArchiveAccessEnabled, direction, eas, min.ToFlag()));
    }

    /// <summary>Validates one recipient into a model; <paramref name="pool"/> shares domain text across the recipients of one snapshot.</summary>
    private static Recipient? ToModel(RecipientData d, string path, List<DirectoryValidationError> errors, StringPool? pool)
    {
        int before = errors.Count;
        RecipientKind kind = RecipientKind.LocalMailbox;
        if (string.IsNullOrEmpty(d.Kind) || !Enum.TryParse(d.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || char.IsAsciiDigit(d.Kind[0]))
        {
            errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidKind, path + ".kind", $"'{d.Kind}' is not LocalMailbox, RemoteMailbox, MailUser or MailContact."));
        }

        if (string.IsNullOrWhiteSpace(d.Identity))
        {
            errors.Add(new DirectoryValidationError(DirectoryErrorCode.MissingValue, path + ".identity", "A recipient needs an identity."));
        }

        SmtpAddress? upn = Smtp(d.UserPrincipalName, path, ".userPrincipalName", errors, pool);
        SmtpAddress? primary = Smtp(d.PrimarySmtpAddress, path, ".primarySmtpAddress", errors, pool);
        ProxyAddress? routing = Proxy(d.RemoteRoutingAddress, path, ".remoteRoutingAddress", allowBare: true, errors, pool);
        ProxyAddress? external = Proxy(d.ExternalEmailAddress, path, ".externalEmailAddress", allowBare: true, errors, pool);
        var proxies = new List<ProxyAddress>(d.EmailAddresses?.Count ?? 0);
        for (int j = 0; d.EmailAddresses is not null && j < d.EmailAddresses.Count; j++)
        {
            if (Proxy(d.EmailAddresses[j] ?? string.Empty, path, ".emailAddresses", allowBare: false, errors, pool, j) is { } p)
            {
                proxies.Add(p);
            }
        }

        // A recipient usually has the same address more than once: its UPN is its primary SMTP address, and a remote
        // mailbox's routing address (tenant.mail.onmicrosoft.com) is one of its proxies. Hold one object for each, not
        // two copies for the snapshot's life (only when the text is identical, so nothing a caller reads changes).
        upn = Shared(upn, proxies);
        primary = Shared(primary, proxies);
        routing = Shared(routing, proxies);
        external = Shared(external, proxies);

        LogonName? logon = null;
        if (!string.IsNullOrEmpty(d.LogonName))
        {
            if (LogonName.TryParse(d.LogonName, out LogonName? ln, out AddressError e, pool))
            {
                logon = ln;
            }
            else
            {
                errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidAddress, path + ".logonName", $"'{d.LogonName}' is not DOMAIN\\account: {e.Message}"));
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return Guard<Recipient>(path, errors, () => kind switch
        {
            RecipientKind.LocalMailbox => new LocalMailbox(d.Identity!, upn, primary, proxies, logon, d.DisplayName),
            RecipientKind.RemoteMailbox => new RemoteMailbox(d.Identity!, routing, upn, primary, proxies, logon, d.DisplayName),
            _ => new MailUser(d.Identity!, kind == RecipientKind.MailContact, external, upn, primary, proxies, logon, d.DisplayName),
        });
    }

    private static string DomainPath(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}.domainNames[{index}]");

    private static T? Guard<T>(string path, List<DirectoryValidationError> errors, Func<T> create)
        where T : class
    {
        try
        {
            return create();
        }
        catch (DirectoryValidationException e)
        {
            errors.AddRange(e.Errors.Select(x => x with { Path = path + "." + x.Path }));
            return null;
        }
    }

    private static Uri? Url(string? value, string path, List<DirectoryValidationError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidUrl, path, $"'{value}' is not an absolute http(s) URL."));
        return null;
    }

    private static SmtpAddress? Smtp(string? value, string path, string member, List<DirectoryValidationError> errors, StringPool? pool)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (SmtpAddress.TryParse(value, out SmtpAddress? a, out AddressError e, pool))
        {
            return a;
        }

        errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidAddress, path + member, $"'{value}' is not a valid SMTP address: {e.Message}"));
        return null;
    }

    private static ProxyAddress? Proxy(string? value, string path, string member, bool allowBare, List<DirectoryValidationError> errors, StringPool? pool, int index = -1)
    {
        if (value is null || (allowBare && value.Length == 0))
        {
            return null;
        }

        if (ProxyAddress.TryParse(value, allowBare, out ProxyAddress? p, out AddressError e, pool))
        {
            return p;
        }

        // The path is made only for an error: a directory of 100 000 recipients would otherwise make one per address.
        string where = index < 0 ? path + member : string.Create(CultureInfo.InvariantCulture, $"{path}{member}[{index}]");
        errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidAddress, where, $"'{value}' is not a valid proxy address: {e.Message}"));
        return null;
    }

    /// <summary>The proxy's SMTP address object when it has exactly the same text as <paramref name="address"/>.</summary>
    private static SmtpAddress? Shared(SmtpAddress? address, List<ProxyAddress> proxies)
    {
        if (address is not null)
        {
            foreach (ProxyAddress p in proxies)
            {
                if (p.Smtp is { } s && string.Equals(s.Value, address.Value, StringComparison.Ordinal))
                {
                    return s;
                }
            }
        }

        return address;
    }

    /// <summary><paramref name="address"/> holding a proxy's SMTP address object when the two have the same text.</summary>
    private static ProxyAddress? Shared(ProxyAddress? address, List<ProxyAddress> proxies) =>
        address?.Smtp is { } smtp && Shared(smtp, proxies) is { } s && !ReferenceEquals(s, smtp) ? address.WithSmtp(s) : address;
}
