using HybridCore.DirectoryModel;
using HybridCore.Redirect;

namespace HybridCore.AspNetCore;

/// <summary>Builds one <see cref="RedirectResolver"/> per <see cref="RelationshipIndex"/> instance the directory returns.</summary>
internal sealed class ResolverCache(IHybridDirectory directory, RedirectPolicy policy)
{
    private RedirectResolver? _current;

    public ValueTask<RedirectResolver> GetAsync(CancellationToken cancellationToken)
    {
        ValueTask<RelationshipIndex> pending = directory.GetRelationshipsAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<RedirectResolver>(For(pending.Result)) : Slow(pending);

        async ValueTask<RedirectResolver> Slow(ValueTask<RelationshipIndex> p) => For(await p.ConfigureAwait(false));
    }

    private RedirectResolver For(RelationshipIndex relationships)
    {
        RedirectResolver? current = Volatile.Read(ref _current);
        if (current is not null && ReferenceEquals(current.Relationships, relationships))
        {
            return current;
        }

        var created = new RedirectResolver(relationships, policy);
        Volatile.Write(ref _current, created);
        return created;
    }
}
