using HybridCore.AspNetCore;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli.Tests.Authentication;

/// <summary>A directory that counts recipient lookups (a full credential check starts with one), thread-safe.</summary>
internal sealed class CountingDirectory(IHybridDirectory inner) : IHybridDirectory
{
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public ValueTask<RecipientLookupResult> FindRecipientAsync(string userName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return inner.FindRecipientAsync(userName, cancellationToken);
    }

    public ValueTask<RelationshipIndex> GetRelationshipsAsync(CancellationToken cancellationToken) => inner.GetRelationshipsAsync(cancellationToken);
}
