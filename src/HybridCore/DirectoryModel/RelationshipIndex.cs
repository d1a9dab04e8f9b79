using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using HybridCore.ActiveSync;
using HybridCore.Addressing;
using HybridCore.Redirect;

namespace HybridCore.DirectoryModel;

/// <summary>
/// What a relationship resolves to, computed once when the index is built so that resolving
/// returns cached strings: the EAS endpoint (or why there is none) and the OWA URL.
/// </summary>
public sealed class RelationshipTarget
{
    internal RelationshipTarget(OrganizationRelationship relationship)
    {
        Relationship = relationship;
        EasEndpointProblem = EasEndpoint.TryDerive(relationship, out string? endpoint);
        EasEndpointUrl = endpoint;
        Uri? owa = relationship.TargetOwaUrl;
        // The OWA redirect keeps TargetOWAURL as given, http included (KB 2952804 sets http://outlook.com/owa/<domain>).
        OwaUrl = owa is not null && (owa.Scheme == Uri.UriSchemeHttps || owa.Scheme == Uri.UriSchemeHttp) && !string.IsNullOrEmpty(owa.IdnHost) ? owa.AbsoluteUri : null;
        OwaUrlIsHttp = OwaUrl is not null && owa!.Scheme == Uri.UriSchemeHttp;
        OwaUrlProblem = owa is null ? RedirectReason.TargetOwaUrlMissing : OwaUrl is null ? RedirectReason.TargetOwaUrlNotHttps : RedirectReason.None;
        _ = EasProtocolVersion.TryFromFlag(relationship.TargetMinimumEasVersion, out EasProtocolVersion minimum);
        TargetMinimumEasVersion = minimum;
    }

    /// <summary>The relationship.</summary>
    public OrganizationRelationship Relationship { get; }

    /// <summary>The absolute https EAS endpoint devices are sent to (the X-MS-Location value), or null.</summary>
    public string? EasEndpointUrl { get; }

    /// <summary>Why there is no EAS endpoint (<see cref="RedirectReason.TargetOwaUrlMissing"/> or
    /// <see cref="RedirectReason.TargetOwaUrlNotHttps"/>), or <see cref="RedirectReason.None"/>.</summary>
    public RedirectReason EasEndpointProblem { get; }

    /// <summary>The TargetOWAURL as an absolute http or https string, or null.</summary>
    public string? OwaUrl { get; }

    /// <summary>True when <see cref="OwaUrl"/> is <c>http://</c>.</summary>
    public bool OwaUrlIsHttp { get; }

    /// <summary>Why there is no OWA URL, or <see cref="RedirectReason.None"/>.</summary>
    public RedirectReason OwaUrlProblem { get; }

    /// <summary>The relationship's <see cref="OrganizationRelationship.TargetMinimumEasVersion"/> as a version;
    /// <see cref="EasProtocolVersion.Unknown"/> when the relationship sets no minimum.</summary>
    public EasProtocolVersion TargetMinimumEasVersion { get; }
}

/// <summary>
/// An immutable index from domain to organization relationship: O(1), case-insensitive,
/// IDN-aware, trailing dot ignored, exact (a sub-domain or a look-alike suffix never matches).
/// Lookups from <see cref="ReadOnlySpan{T}"/> allocate nothing for ASCII input (punycode included).
/// Thread-safe (immutable).
/// </summary>
public sealed class RelationshipIndex
{
    private readonly SpanLookup<RelationshipTarget> _byDomain;

    /// <summary>Builds the index and every relationship's cached targets.</summary>
    /// <param name="relationships">The relationships.</param>
    /// <exception cref="DirectoryValidationException">Two relationships claim the same domain
    /// (Exchange refuses this, KB 3067526) or share a name; every conflict is listed.</exception>
    public RelationshipIndex(IEnumerable<OrganizationRelationship> relationships)
        : this(relationships, leftOut: null)
    {
    }

    /// <summary>Builds the index, leaving out (when <paramref name="leftOut"/> is given) each relationship that has the
    /// name or a domain of an earlier relationship, instead of failing.</summary>
    /// <param name="relationships">The relationships.</param>
    /// <param name="leftOut">Null to throw on a conflict. Otherwise receives each relationship left out, by position,
    /// with its first conflict; the earlier relationship keeps the name or domain. A relationship left out still has,
    /// while the later ones are checked, the name and the domains it was the first to have: a later relationship that
    /// shares one of them is left out too.</param>
    internal RelationshipIndex(IEnumerable<OrganizationRelationship> relationships, List<LeftOutEntry>? leftOut)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        var list = ImmutableArray.CreateBuilder<OrganizationRelationship>();
        var owners = new Dictionary<string, (OrganizationRelationship Owner, int Index)>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<KeyValuePair<string, RelationshipTarget>>();
        var errors = new List<DirectoryValidationError>();
        HashSet<OrganizationRelationship>? removed = null;
        int i = 0;
        foreach (OrganizationRelationship r in relationships)
        {
            int before = errors.Count;
            if (r is null)
            {
                errors.Add(new DirectoryValidationError(DirectoryErrorCode.MissingValue, Path(i), "Null relationship."));
            }
            else
            {
                list.Add(r);
                if (!names.Add(r.Name))
                {
                    errors.Add(new DirectoryValidationError(DirectoryErrorCode.DuplicateRelationshipName, Path(i) + ".name", string.Create(CultureInfo.InvariantCulture, $"The name '{r.Name}' is used by another relationship.")));
                }

                var target = new RelationshipTarget(r);
                foreach (DomainName d in r.DomainNames)
                {
                    if (owners.TryGetValue(d.Value, out var owner))
                    {
                        errors.Add(new DirectoryValidationError(
                            DirectoryErrorCode.DuplicateDomain,
                            Path(i) + ".domainNames",
                            string.Create(CultureInfo.InvariantCulture, $"The domain '{d.Value}' of relationship '{r.Name}' is already claimed by relationship '{owner.Owner.Name}' ({Path(owner.Index)}); Exchange refuses a domain in two organization relationships (KB 3067526).")));
                        continue;
                    }

                    owners.Add(d.Value, (r, i));
                    entries.Add(new KeyValuePair<string, RelationshipTarget>(d.Value, target));
                }
            }

            if (leftOut is not null && errors.Count > before)
            {
                leftOut.Add(new LeftOutEntry(i, errors[before]));
                if (r is not null)
                {
                    (removed ??= new HashSet<OrganizationRelationship>(ReferenceEqualityComparer.Instance)).Add(r);
                }
            }

            i++;
        }

        if (leftOut is null && errors.Count > 0)
        {
            throw new DirectoryValidationException(errors);
        }

        if (removed is not null)
        {
            // Only now: until every relationship was checked, one left out kept the name and domains it was first to have.
            list.RemoveAll(removed.Contains);
            entries.RemoveAll(e => removed.Contains(e.Value.Relationship));
        }

        Relationships = list.ToImmutable();
        _byDomain = new SpanLookup<RelationshipTarget>(entries);
    }

    /// <summary>The relationships, in the order given.</summary>
    public ImmutableArray<OrganizationRelationship> Relationships { get; }

    /// <summary>How many domains the index holds.</summary>
    public int DomainCount => _byDomain.Count;

    /// <summary>Finds the relationship whose DomainNames contains <paramref name="domain"/> exactly.</summary>
    /// <param name="domain">A domain, any case, Unicode or punycode, with or without trailing dot.</param>
    /// <param name="target">The relationship's targets when found.</param>
    /// <returns>True when a relationship claims the domain.</returns>
    public bool TryFind(ReadOnlySpan<char> domain, [NotNullWhen(true)] out RelationshipTarget? target)
    {
        domain = DomainName.TrimTrailingDot(domain);
        if (Ascii.IsValid(domain))
        {
            return _byDomain.TryGetValue(domain, out target);
        }

        // Internationalised input: normalise (allocates) and look the punycode form up.
        if (DomainName.TryNormalize(domain, out string? normalized, out _))
        {
            return _byDomain.TryGetValue(normalized, out target);
        }

        target = null;
        return false;
    }

    /// <summary>Finds the relationship for a canonical domain.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The targets, or null.</returns>
    public RelationshipTarget? Find(DomainName domain) =>
        !domain.IsEmpty && _byDomain.TryGetValue(domain.Value, out RelationshipTarget? t) ? t : null;

    private static string Path(int i) => string.Create(CultureInfo.InvariantCulture, $"relationships[{i}]");
}
