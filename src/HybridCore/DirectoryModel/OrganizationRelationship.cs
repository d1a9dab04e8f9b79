using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using HybridCore.ActiveSync;
using HybridCore.Addressing;
using HybridCore.Redirect;

namespace HybridCore.DirectoryModel;

/// <summary>Which way a relationship sends users, as HybridCore classifies it.</summary>
public enum RelationshipDirection : byte
{
    /// <summary>On-premises Exchange to Exchange Online (on-boarding): what Exchange redirects.</summary>
    OnPremisesToCloud = 0,

    /// <summary>Exchange Online back to on-premises (off-boarding): not redirected by Exchange; opt-in in HybridCore.</summary>
    CloudToOnPremises = 1,

    /// <summary>One on-premises organisation to another: not redirected by Exchange; opt-in in HybridCore.</summary>
    CrossForest = 2,
}

/// <summary>
/// An Exchange organization relationship (<c>Get-OrganizationRelationship</c>): the federation
/// trust with another organisation, whose <see cref="DomainNames"/> decide where a remote
/// mailbox's routing domain leads and whose <see cref="TargetOwaUrl"/> is where its users go.
/// Immutable, validated at construction, value equality. Only the properties a redirect or a
/// readiness check needs are modelled, plus three HybridCore settings: <see cref="Direction"/>,
/// <see cref="EasEndpointOverride"/> and <see cref="TargetMinimumEasVersion"/>.
/// </summary>
public sealed class OrganizationRelationship : IEquatable<OrganizationRelationship>
{
    /// <summary>Exchange Online refuses EAS protocol versions below 16.1 since 2026-03-01.</summary>
    public const EasProtocolVersionSet ExchangeOnlineMinimumEasVersion = EasProtocolVersionSet.V16_1;

    /// <summary>Creates a relationship.</summary>
    /// <param name="name">The relationship's name (Exchange: Name), not empty.</param>
    /// <param name="domainNames">The domains (Exchange: DomainNames), at least one, no duplicates after normalisation.</param>
    /// <param name="targetOwaUrl">Exchange: TargetOwaURL; an absolute URL (http is accepted here, and reported by the resolver).</param>
    /// <param name="enabled">Exchange: Enabled.</param>
    /// <param name="targetAutodiscoverEpr">Exchange: TargetAutodiscoverEpr; absolute URL.</param>
    /// <param name="targetApplicationUri">Exchange: TargetApplicationUri (often just <c>outlook.com</c>, so a string).</param>
    /// <param name="targetSharingEpr">Exchange: TargetSharingEpr; absolute URL.</param>
    /// <param name="freeBusyAccessEnabled">Exchange: FreeBusyAccessEnabled.</param>
    /// <param name="mailboxMoveEnabled">Exchange: MailboxMoveEnabled.</param>
    /// <param name="archiveAccessEnabled">Exchange: ArchiveAccessEnabled.</param>
    /// <param name="direction">Which way the relationship points (HybridCore setting).</param>
    /// <param name="easEndpointOverride">The EAS endpoint to send devices to instead of the one derived from TargetOwaURL (HybridCore setting); absolute https.</param>
    /// <param name="targetMinimumEasVersion">The lowest EAS protocol version the target accepts (one flag, or None for no minimum).</param>
    /// <exception cref="DirectoryValidationException">A value is invalid.</exception>
    public OrganizationRelationship(
        string name,
        IEnumerable<DomainName> domainNames,
        Uri? targetOwaUrl = null,
        bool enabled = true,
        Uri? targetAutodiscoverEpr = null,
        string? targetApplicationUri = null,
        Uri? targetSharingEpr = null,
        bool freeBusyAccessEnabled = false,
        bool mailboxMoveEnabled = false,
        bool archiveAccessEnabled = false,
        RelationshipDirection direction = RelationshipDirection.OnPremisesToCloud,
        Uri? easEndpointOverride = null,
        EasProtocolVersionSet targetMinimumEasVersion = EasProtocolVersionSet.None)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.MissingValue, "name", "A relationship needs a name.");
        }

        ArgumentNullException.ThrowIfNull(domainNames);
        Name = name;
        ImmutableArray<DomainName> domains = domainNames.ToImmutableArray();
        if (domains.IsEmpty || domains.Any(d => d.IsEmpty))
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.NoDomains, "domainNames", string.Create(CultureInfo.InvariantCulture, $"Relationship '{name}' needs at least one non-empty domain."));
        }

        if (domains.Distinct().Count() != domains.Length)
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.DuplicateDomain, "domainNames", string.Create(CultureInfo.InvariantCulture, $"Relationship '{name}' lists a domain twice."));
        }

        RequireAbsolute(targetOwaUrl, "targetOwaUrl");
        RequireAbsolute(targetAutodiscoverEpr, "targetAutodiscoverEpr");
        RequireAbsolute(targetSharingEpr, "targetSharingEpr");
        if (easEndpointOverride is not null && !EasEndpoint.IsValid(easEndpointOverride))
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.InvalidEasEndpoint, "easEndpointOverride", "The EAS endpoint override must be an absolute https URL without user info, query or fragment.");
        }

        if (!Enum.IsDefined(direction))
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.InvalidKind, "direction", "Unknown relationship direction.");
        }

        if (targetMinimumEasVersion != EasProtocolVersionSet.None && !EasProtocolVersion.TryFromFlag(targetMinimumEasVersion, out _))
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.InvalidProtocolVersion, "targetMinimumEasVersion", "The target's minimum EAS version must be exactly one known version.");
        }

        DomainNames = domains;
        TargetOwaUrl = targetOwaUrl;
        Enabled = enabled;
        TargetAutodiscoverEpr = targetAutodiscoverEpr;
        TargetApplicationUri = string.IsNullOrEmpty(targetApplicationUri) ? null : targetApplicationUri;
        TargetSharingEpr = targetSharingEpr;
        FreeBusyAccessEnabled = freeBusyAccessEnabled;
        MailboxMoveEnabled = mailboxMoveEnabled;
        ArchiveAccessEnabled = archiveAccessEnabled;
        Direction = direction;
        EasEndpointOverride = easEndpointOverride;
        TargetMinimumEasVersion = targetMinimumEasVersion;
    }

    /// <summary>The relationship's name.</summary>
    public string Name { get; }

    /// <summary>The domains, canonical, in the order given.</summary>
    public ImmutableArray<DomainName> DomainNames { get; }

    /// <summary>Whether the relationship is enabled.</summary>
    public bool Enabled { get; }

    /// <summary>TargetOWAURL: where OWA users go, and where the EAS endpoint is derived from.</summary>
    public Uri? TargetOwaUrl { get; }

    /// <summary>TargetAutodiscoverEpr.</summary>
    public Uri? TargetAutodiscoverEpr { get; }

    /// <summary>TargetApplicationUri.</summary>
    public string? TargetApplicationUri { get; }

    /// <summary>TargetSharingEpr.</summary>
    public Uri? TargetSharingEpr { get; }

    /// <summary>FreeBusyAccessEnabled.</summary>
    public bool FreeBusyAccessEnabled { get; }

    /// <summary>MailboxMoveEnabled.</summary>
    public bool MailboxMoveEnabled { get; }

    /// <summary>ArchiveAccessEnabled.</summary>
    public bool ArchiveAccessEnabled { get; }

    /// <summary>Which way the relationship points.</summary>
    public RelationshipDirection Direction { get; }

    /// <summary>The EAS endpoint to use instead of the derived one, or null.</summary>
    public Uri? EasEndpointOverride { get; }

    /// <summary>The lowest EAS version the target accepts (a single flag), or <see cref="EasProtocolVersionSet.None"/>.</summary>
    public EasProtocolVersionSet TargetMinimumEasVersion { get; }

    private static void RequireAbsolute(Uri? uri, string path)
    {
        if (uri is not null && !uri.IsAbsoluteUri)
        {
            throw DirectoryValidationException.Single(DirectoryErrorCode.InvalidUrl, path, string.Create(CultureInfo.InvariantCulture, $"'{uri.OriginalString}' is not an absolute URL."));
        }
    }

    /// <inheritdoc/>
    public bool Equals(OrganizationRelationship? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && DomainNames.SequenceEqual(other.DomainNames)
        && Enabled == other.Enabled
        && Equals(TargetOwaUrl, other.TargetOwaUrl)
        && Equals(TargetAutodiscoverEpr, other.TargetAutodiscoverEpr)
        && string.Equals(TargetApplicationUri, other.TargetApplicationUri, StringComparison.Ordinal)
        && Equals(TargetSharingEpr, other.TargetSharingEpr)
        && FreeBusyAccessEnabled == other.FreeBusyAccessEnabled
        && MailboxMoveEnabled == other.MailboxMoveEnabled
        && ArchiveAccessEnabled == other.ArchiveAccessEnabled
        && Direction == other.Direction
        && Equals(EasEndpointOverride, other.EasEndpointOverride)
        && TargetMinimumEasVersion == other.TargetMinimumEasVersion;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as OrganizationRelationship);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, DomainNames.Length, Enabled, TargetOwaUrl, Direction);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
