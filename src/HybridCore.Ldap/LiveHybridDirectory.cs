using HybridCore.AspNetCore;
using HybridCore.DirectoryModel;

namespace HybridCore.Ldap;

/// <summary>
/// An <see cref="IHybridDirectory"/> over a <see cref="DirectorySnapshot"/> that is replaced as a whole: each swap is
/// one reference write, so a request sees either the old or the new directory, never a mix. Lookups are the in-memory
/// index lookups of <see cref="InMemoryHybridDirectory"/> (no allocation, no LDAP traffic per request).
/// </summary>
public sealed class LiveHybridDirectory : IHybridDirectory
{
    private InMemoryHybridDirectory _current;

    /// <summary>Starts with <paramref name="initial"/>.</summary>
    public LiveHybridDirectory(DirectorySnapshot initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = new InMemoryHybridDirectory(initial);
        Snapshot = initial;
    }

    /// <summary>The snapshot requests currently see.</summary>
    public DirectorySnapshot Snapshot { get; private set; }

    /// <summary>Replaces the directory atomically.</summary>
    public void Swap(DirectorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var next = new InMemoryHybridDirectory(snapshot);
        Volatile.Write(ref _current, next);
        Snapshot = snapshot;
    }

    /// <inheritdoc/>
    public ValueTask<RecipientLookupResult> FindRecipientAsync(string userName, CancellationToken cancellationToken) =>
        Volatile.Read(ref _current).FindRecipientAsync(userName, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<RelationshipIndex> GetRelationshipsAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _current).GetRelationshipsAsync(cancellationToken);
}
