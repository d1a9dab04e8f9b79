using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using HybridCore.AspNetCore.Directory;
using HybridCore.Directory;

namespace HybridCore.AspNetCore.Authentication;

/// <summary>
/// Validates Basic credentials against an <see cref="IHybridDirectory"/> and a table of password hashes
/// (<see cref="PasswordHash"/>) keyed by recipient identity.
/// </summary>
/// <remarks>
/// The user name is looked up like any authenticated name (UPN, SMTP address, <c>DOMAIN\user</c>); the
/// recipient's <see cref="Recipient.Identity"/> selects the hash. Unknown users cost one dummy hash
/// computation so that timing does not tell them apart from wrong passwords. Because devices send
/// Basic credentials on every request, successful checks are remembered for <see cref="SuccessCacheDuration"/>
/// under a keyed hash of user name and password (never the password itself).
/// </remarks>
public sealed class DirectoryCredentialValidator : IHybridCredentialValidator
{
    /// <summary>How long a successful check is remembered.</summary>
    public static readonly TimeSpan SuccessCacheDuration = TimeSpan.FromMinutes(5);

    private const int MaxCacheEntries = 10_000;

    private readonly IHybridDirectory _directory;
    private readonly FrozenDictionary<string, string> _hashes;
    private readonly TimeProvider _time;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string Identity, long ExpiresAt)> _recent = new(StringComparer.Ordinal);

    /// <summary>Creates the validator.</summary>
    /// <param name="directory">Where user names are looked up.</param>
    /// <param name="passwordHashes">Recipient identity → <see cref="PasswordHash"/> text.</param>
    /// <param name="timeProvider">The clock for the success cache; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A hash is malformed.</exception>
    public DirectoryCredentialValidator(IHybridDirectory directory, IEnumerable<KeyValuePair<string, string>> passwordHashes, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(passwordHashes);
        _directory = directory;
        _time = timeProvider ?? TimeProvider.System;
        var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string identity, string hash) in passwordHashes)
        {
            if (!PasswordHash.IsValid(hash))
            {
                throw new ArgumentException($"The password hash of '{identity}' is not a valid {PasswordHash.Algorithm} hash.", nameof(passwordHashes));
            }

            hashes[identity] = hash;
        }

        _hashes = hashes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>How many recipients have a password.</summary>
    public int Count => _hashes.Count;

    /// <inheritdoc/>
    public async ValueTask<string?> ValidateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        string cacheKey = CacheKey(userName, password);
        long now = _time.GetTimestamp();
        if (_recent.TryGetValue(cacheKey, out var hit) && hit.ExpiresAt > now)
        {
            return hit.Identity;
        }

        RecipientLookupResult found = await _directory.FindRecipientAsync(userName, cancellationToken).ConfigureAwait(false);
        if (found.Recipient is not { } recipient || !_hashes.TryGetValue(recipient.Identity, out string? hash))
        {
            PasswordHash.VerifyDummy(password);
            return null;
        }

        if (!PasswordHash.Verify(password, hash))
        {
            return null;
        }

        if (_recent.Count >= MaxCacheEntries)
        {
            _recent.Clear();
        }

        _recent[cacheKey] = (recipient.Identity, now + (long)(SuccessCacheDuration.TotalSeconds * _time.TimestampFrequency));
        return recipient.Identity;
    }

    private string CacheKey(string userName, string password)
    {
        byte[] input = Encoding.UTF8.GetBytes(string.Concat(userName.ToUpperInvariant(), "\0", password));
        try
        {
            return Convert.ToBase64String(HMACSHA256.HashData(_cacheKey, input));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }
}
