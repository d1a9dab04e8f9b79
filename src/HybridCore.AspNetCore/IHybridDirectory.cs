using HybridCore.DirectoryModel;

namespace HybridCore.AspNetCore;

/// <summary>
/// Where the middleware looks users and organization relationships up. The host implements it over its
/// own directory (Active Directory, a database, a cache); <see cref="InMemoryHybridDirectory"/> ships with
/// the package for files and tests.
/// </summary>
/// <remarks>Implementations must be thread-safe; the middleware calls them concurrently.</remarks>
public interface IHybridDirectory
{
    /// <summary>
    /// Finds the recipient an authenticated user name or an Autodiscover e-mail address belongs to: a UPN,
    /// any SMTP address of the recipient, or a down-level logon name <c>DOMAIN\user</c>.
    /// </summary>
    /// <param name="userName">The name as the client sent it.</param>
    /// <param name="cancellationToken">Cancelled when the request is aborted.</param>
    /// <returns>The recipient found, or <see cref="RecipientLookupResult.NotFound"/>.</returns>
    ValueTask<RecipientLookupResult> FindRecipientAsync(string userName, CancellationToken cancellationToken);

    /// <summary>
    /// The organization relationships in force. The middleware caches the resolver it builds over the
    /// returned instance, so return the same instance until the relationships change.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the request is aborted.</param>
    /// <returns>The relationships, indexed by domain.</returns>
    ValueTask<RelationshipIndex> GetRelationshipsAsync(CancellationToken cancellationToken);
}
