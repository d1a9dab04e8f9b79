using HybridCore.DirectoryModel;

namespace HybridCore.AspNetCore;

/// <summary>
/// An immutable, in-memory <see cref="IHybridDirectory"/> over the core's indexes. Lookups complete
/// synchronously and allocate nothing.
/// </summary>
public sealed class InMemoryHybridDirectory : IHybridDirectory
{
    private readonly ValueTask<RelationshipIndex> _relationshipsTask;

    /// <summary>Creates the directory from prepared indexes.</summary>
    /// <param name="recipients">The recipients.</param>
    /// <param name="relationships">The organization relationships.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public InMemoryHybridDirectory(RecipientIndex recipients, RelationshipIndex relationships)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(relationships);
        Recipients = recipients;
        Relationships = relationships;
        _relationshipsTask = new ValueTask<RelationshipIndex>(relationships);
    }

    /// <summary>Creates the directory from models.</summary>
    /// <param name="recipients">The recipients.</param>
    /// <param name="relationships">The organization relationships.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public InMemoryHybridDirectory(IEnumerable<Recipient> recipients, IEnumerable<OrganizationRelationship> relationships)
        : this(new RecipientIndex(recipients ?? throw new ArgumentNullException(nameof(recipients))),
               new RelationshipIndex(relationships ?? throw new ArgumentNullException(nameof(relationships))))
    {
    }

    /// <summary>Creates the directory from a validated snapshot.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    public InMemoryHybridDirectory(DirectorySnapshot snapshot)
        : this((snapshot ?? throw new ArgumentNullException(nameof(snapshot))).RecipientIndex, snapshot.RelationshipIndex)
    {
    }

    /// <summary>Loads the directory from JSON in the models' format (<see cref="DirectoryDocument"/>).</summary>
    /// <param name="utf8Json">UTF-8 JSON.</param>
    /// <returns>The directory.</returns>
    /// <exception cref="DirectoryValidationException">The JSON is malformed or has invalid entries (every problem, with its path).</exception>
    public static InMemoryHybridDirectory FromJson(ReadOnlySpan<byte> utf8Json) => new(DirectorySnapshot.FromJson(utf8Json));

    /// <summary>The recipient index.</summary>
    public RecipientIndex Recipients { get; }

    /// <summary>The relationship index.</summary>
    public RelationshipIndex Relationships { get; }

    /// <inheritdoc/>
    public ValueTask<RecipientLookupResult> FindRecipientAsync(string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return new ValueTask<RecipientLookupResult>(Recipients.Find(userName));
    }

    /// <inheritdoc/>
    public ValueTask<RelationshipIndex> GetRelationshipsAsync(CancellationToken cancellationToken) => _relationshipsTask;
}
