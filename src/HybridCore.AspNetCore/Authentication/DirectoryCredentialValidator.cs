using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using HybridCore.DirectoryModel;

namespace HybridCore.AspNetCore.Authentication;

/// <summary>
/// Validates Basic credentials against an <see cref="IHybridDirectory"/> and a table of password hashes
/// (<see cref="PasswordHash"/>) keyed by recipient identity.
/// </summary>
/// <remarks>
/// <para>The user name is looked up like any authenticated name (UPN, SMTP address, <c>DOMAIN\user</c>); the
/// recipient's <see cref="Recipient.Identity"/> selects the hash.</para>
/// <para>Every check that runs PBKDF2 costs the same: as many iterations as the directory's costliest hash. An
/// unknown user burns that many; a user whose hash has fewer iterations burns the difference after the
/// comparison. So timing tells neither unknown users from wrong passwords nor users apart by their hash.</para>
/// <para>The cost is bounded: at most <see cref="CredentialCheckLimits.MaxConcurrentChecks"/> checks run at once
/// and at most <see cref="CredentialCheckLimits.MaxQueuedChecks"/> wait; a check that finds the queue full fails
/// at once, without hashing. Because devices send Basic credentials on every request, successful checks are
/// remembered for <see cref="CredentialCheckLimits.SuccessCacheDuration"/> under an HMAC of user name and password
/// (never the password itself), and a remembered check takes neither a slot nor CPU: legitimate devices keep being
/// served while wrong passwords queue. Rate limiting of failures per client belongs in front of this (ASP.NET
/// Core's rate limiter; <c>hybridcore serve</c> does it).</para>
/// </remarks>
public sealed class DirectoryCredentialValidator : IHybridCredentialValidator
{
    /// <summary>How long a successful check is remembered by default.</summary>
    public static readonly TimeSpan SuccessCacheDuration = CredentialCheckLimits.DefaultSuccessCacheDuration;

    private const int MaxCacheEntries = 10_000;

    private readonly IHybridDirectory _directory;
    private readonly FrozenDictionary<string, string> _hashes;
    private readonly TimeProvider _time;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string Identity, long ExpiresAt)> _recent = new(StringComparer.Ordinal);
    private readonly CredentialCheckLimits _limits;
    private readonly SemaphoreSlim _slots;
    private readonly int _costIterations;
    private int _pending;

    /// <summary>Creates the validator.</summary>
    /// <param name="directory">Where user names are looked up.</param>
    /// <param name="passwordHashes">Recipient identity → <see cref="PasswordHash"/> text.</param>
    /// <param name="timeProvider">The clock for the success cache; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="limits">Concurrency, queue and cache limits; <see cref="CredentialCheckLimits"/>' defaults when null.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A hash is malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public DirectoryCredentialValidator(IHybridDirectory directory, IEnumerable<KeyValuePair<string, string>> passwordHashes, TimeProvider? timeProvider = null, CredentialCheckLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(passwordHashes);
        _limits = limits ?? new CredentialCheckLimits();
        ArgumentOutOfRangeException.ThrowIfLessThan(_limits.MaxConcurrentChecks, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfNegative(_limits.MaxQueuedChecks, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(_limits.SuccessCacheDuration, TimeSpan.Zero, nameof(limits));
        _slots = new SemaphoreSlim(_limits.MaxConcurrentChecks, _limits.MaxConcurrentChecks);
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
            _costIterations = Math.Max(_costIterations, PasswordHash.GetIterations(hash));
        }

        if (_costIterations == 0)
        {
            _costIterations = PasswordHash.DefaultIterations;
        }

        _hashes = hashes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The PBKDF2 iterations every check costs: the largest count among the hashes
    /// (<see cref="PasswordHash.DefaultIterations"/> when there are none).</summary>
    public int CostIterations => _costIterations;

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

        // Bounded cost: a full queue fails at once, before the directory or PBKDF2 is touched, whoever the user is.
        if (Interlocked.Increment(ref _pending) > _limits.MaxConcurrentChecks + _limits.MaxQueuedChecks)
        {
            Interlocked.Decrement(ref _pending);
            return null;
        }

        string? identity;
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                identity = await CheckAsync(userName, password, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }

        if (identity is null || _limits.SuccessCacheDuration == TimeSpan.Zero)
        {
            return identity;
        }

        if (_recent.Count >= MaxCacheEntries)
        {
            _recent.Clear();
        }

        _recent[cacheKey] = (identity, now + (long)(_limits.SuccessCacheDuration.TotalSeconds * _time.TimestampFrequency));
        return identity;
    }

    private async ValueTask<string?> CheckAsync(string userName, string password, CancellationToken cancellationToken)
    {
        RecipientLookupResult found = await _directory.FindRecipientAsync(userName, cancellationToken).ConfigureAwait(false);
        if (found.Recipient is not { } recipient || !_hashes.TryGetValue(recipient.Identity, out string? hash))
        {
            PasswordHash.Burn(password, _costIterations);
            return null;
        }

        bool match = PasswordHash.Verify(password, hash);

        // Pad to the directory's costliest check, so the time does not tell which hash (or user) was checked.
        PasswordHash.Burn(password, _costIterations - PasswordHash.GetIterations(hash));
        return match ? recipient.Identity : null;
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

/// <summary>Bounds on what <see cref="DirectoryCredentialValidator"/> spends on password checks.</summary>
public sealed record CredentialCheckLimits
{
    /// <summary>The default of <see cref="SuccessCacheDuration"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultSuccessCacheDuration = TimeSpan.FromMinutes(5);

    /// <summary>How many PBKDF2 checks may run at once. Default: half the processors (at least 1), so that wrong
    /// passwords can never take every core from the requests that are already authenticated.</summary>
    public int MaxConcurrentChecks { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>How many checks may wait for a slot; one more fails at once (401) without hashing. Default 64.</summary>
    public int MaxQueuedChecks { get; init; } = 64;

    /// <summary>How long a successful check is remembered (keyed by an HMAC of user name and password); zero
    /// turns the cache off. Default <see cref="DefaultSuccessCacheDuration"/>.</summary>
    public TimeSpan SuccessCacheDuration { get; init; } = DefaultSuccessCacheDuration;
}
