using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using HybridCore.Addressing;

namespace HybridCore.DirectoryModel;

/// <summary>
/// Builds a <see cref="DirectorySnapshot"/> from entries that arrive one at a time (the pages of an LDAP search): each
/// entry is validated into its model when it is added, so only the models are held while the rest arrives, never every
/// entry's plain data as well; and the recipients share one copy of each domain's text. The checks are those of
/// <see cref="DirectorySnapshot.TryLoad"/>: each entry's own when it is added, the ones across entries (an address,
/// domain or name used twice) when the snapshot is built. One builder makes one snapshot; it is not thread-safe.
/// </summary>
/// <remarks>
/// Given the snapshot that a refresh replaces, a recipient whose every value is the same, character for character, as
/// in that snapshot is that snapshot's object, not a new copy: while the old and the new snapshot both live (requests
/// still use the old one while the new one is built), what did not change is held once.
/// </remarks>
public sealed class DirectorySnapshotBuilder
{
    private readonly List<OrganizationRelationship> _relationships = [];
    private readonly List<Recipient> _recipients = [];
    private readonly List<DirectoryValidationError> _scratch = [];
    private readonly StringPool _pool = new();
    private readonly DirectorySnapshot? _previous;

    /// <summary>The previous snapshot's recipients already reused: each is reused once, so that two entries with the same
    /// values stay two objects and conflict as they would without a previous snapshot.</summary>
    private readonly HashSet<Recipient> _reused = new(ReferenceEqualityComparer.Instance);
    private int _relationshipsOffered;
    private int _recipientsOffered;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="previous">The snapshot this one replaces, whose unchanged recipients are reused; or null.</param>
    public DirectorySnapshotBuilder(DirectorySnapshot? previous = null) => _previous = previous;

    /// <summary>Recipients added that are the previous snapshot's objects (unchanged since it was built).</summary>
    public int ReusedRecipientCount => _reused.Count;

    /// <summary>Relationships added (valid on their own); once built, those the snapshot holds.</summary>
    public int RelationshipCount => _relationships.Count;

    /// <summary>Recipients added (valid on their own); once built, those the snapshot holds.</summary>
    public int RecipientCount => _recipients.Count;

    /// <summary>Validates a relationship and adds it when it is valid on its own.</summary>
    /// <param name="data">The relationship.</param>
    /// <param name="errors">What is wrong with it (empty when added); paths are <c>relationships[n]</c>, n counting every
    /// relationship offered.</param>
    /// <returns>True when added.</returns>
    public bool TryAddRelationship(OrganizationRelationshipData data, out IReadOnlyList<DirectoryValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(data);
        _scratch.Clear();
        if (DirectorySnapshot.ToModel(data, _relationshipsOffered++, _scratch) is { } model && _scratch.Count == 0)
        {
            _relationships.Add(model);
            errors = [];
            return true;
        }

        errors = _scratch.ToArray();
        return false;
    }

    /// <summary>Validates a recipient and adds it when it is valid on its own.</summary>
    /// <param name="data">The recipient.</param>
    /// <param name="errors">What is wrong with it (empty when added); paths are <c>recipients[n]</c>, n counting every
    /// recipient offered.</param>
    /// <returns>True when added.</returns>
    public bool TryAddRecipient(RecipientData data, out IReadOnlyList<DirectoryValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(data);
        _scratch.Clear();
        if (DirectorySnapshot.ToModel(data, _recipientsOffered++, _scratch, _pool) is { } model && _scratch.Count == 0)
        {
            if (_previous is not null && Unchanged(_previous.RecipientIndex, model) is { } old && _reused.Add(old))
            {
                model = old;
            }

            _recipients.Add(model);
            errors = [];
            return true;
        }

        errors = _scratch.ToArray();
        return false;
    }

    /// <summary>
    /// Builds the snapshot and its indexes. An entry that takes what an entry added before it already has (a recipient's
    /// UPN, SMTP address or logon name; a relationship's domain or name) is left out and its error put in
    /// <paramref name="leftOut"/>: the earlier entry keeps it, and the rest of the directory still loads. An entry left
    /// out still holds what it was the first to have, so a later entry that has that too is left out as well.
    /// </summary>
    /// <param name="leftOut">Receives one error per entry left out (its first conflict), relationships first, then
    /// recipients, each in the order added; its path is <c>recipients[n]</c> or <c>relationships[n]</c>, n counting the
    /// entries added.</param>
    /// <returns>The snapshot.</returns>
    public DirectorySnapshot Build(ICollection<DirectoryValidationError> leftOut)
    {
        ArgumentNullException.ThrowIfNull(leftOut);
        var snapshot = new DirectorySnapshot(_relationships, _recipients, leftOut);

        // The builder now holds what the snapshot holds: the counts no longer include what was left out, and building
        // again makes the same snapshot without reporting it again.
        Keep(_relationships, snapshot.Relationships);
        Keep(_recipients, snapshot.Recipients);
        return snapshot;
    }

    /// <summary>The previous snapshot's recipient with the same values as <paramref name="model"/>, or null.</summary>
    private static Recipient? Unchanged(RecipientIndex previous, Recipient model)
    {
        Recipient? old = model.UserPrincipalName is { } upn ? previous.FindByUserPrincipalName(upn.Value).Recipient
            : model.PrimarySmtpAddress is { } primary ? previous.FindBySmtpAddress(primary.Value).Recipient
            : model.LogonName is { } logon ? previous.FindByLogonName(logon.Value).Recipient
            : null;
        return old is not null && SameText(old, model) ? old : null;
    }

    /// <summary>
    /// True when two recipients have the same values, compared ordinally: the models' own equality ignores case where
    /// Exchange does (an address's local part, a logon name), but a refresh must pick up a change of case too. Every
    /// value a <see cref="Recipient"/> holds is compared here; a new one must be added.
    /// </summary>
    internal static bool SameText(Recipient a, Recipient b)
    {
        if (a.GetType() != b.GetType() || a.Kind != b.Kind
            || !string.Equals(a.Identity, b.Identity, StringComparison.Ordinal)
            || !string.Equals(a.DisplayName, b.DisplayName, StringComparison.Ordinal)
            || !string.Equals(a.UserPrincipalName?.Value, b.UserPrincipalName?.Value, StringComparison.Ordinal)
            || !string.Equals(a.PrimarySmtpAddress?.Value, b.PrimarySmtpAddress?.Value, StringComparison.Ordinal)
            || !string.Equals(a.LogonName?.Value, b.LogonName?.Value, StringComparison.Ordinal)
            || a.EmailAddresses.Length != b.EmailAddresses.Length)
        {
            return false;
        }

        for (int i = 0; i < a.EmailAddresses.Length; i++)
        {
            if (!SameText(a.EmailAddresses[i], b.EmailAddresses[i]))
            {
                return false;
            }
        }

        return (a, b) switch
        {
            (RemoteMailbox x, RemoteMailbox y) => SameText(x.RemoteRoutingAddress, y.RemoteRoutingAddress),
            (MailUser x, MailUser y) => x.IsContact == y.IsContact && SameText(x.ExternalEmailAddress, y.ExternalEmailAddress),
            _ => true,
        };

        static bool SameText(ProxyAddress? x, ProxyAddress? y) =>
            ReferenceEquals(x, y)
            || (x is not null && y is not null
                && string.Equals(x.Prefix, y.Prefix, StringComparison.Ordinal)
                && string.Equals(x.Address, y.Address, StringComparison.Ordinal));
    }

    private static void Keep<T>(List<T> list, ImmutableArray<T> kept)
    {
        if (list.Count != kept.Length)
        {
            list.Clear();
            list.AddRange(kept);
        }
    }
}
