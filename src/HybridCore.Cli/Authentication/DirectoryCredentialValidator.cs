using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using HybridCore.AspNetCore;
using HybridCore.AspNetCore.Authentication;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli.Authentication;

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
/// remembered for <see cref="CredentialCheckLimits.SuccessCacheDuration"/>, one entry per user name, bound to an HMAC
/// of user name and password under a key drawn at random per validator (never the password itself) and compared in
/// fixed time; a remembered check takes neither a slot nor a PBKDF2 run (one HMAC-SHA256, about 2 µs): legitimate
/// devices keep being served while wrong passwords queue. Every request computes that HMAC, so a wrong password
/// costs the same whether or not the user logged on recently. The table is bounded
/// (<see cref="CredentialCheckLimits.MaxRememberedLogons"/>). Rate limiting of failures per client belongs in front of this (ASP.NET
/// Core's rate limiter; <c>hybridcore serve</c> does it).</para>
/// </remarks>
internal sealed class DirectoryCredentialValidator : IHybridCredentialValidator
{
    /// <summary>How long a successful check is remembered by default.</summary>
    public static readonly TimeSpan SuccessCacheDuration = CredentialCheckLimits.DefaultSuccessCacheDuration;

    private readonly IHybridDirectory _directory;
    private readonly FrozenDictionary<string, string> _hashes;
    private readonly TimeProvider _time;
    private readonly ThreadLocal<HMACSHA256> _mac;
    private readonly ConcurrentDictionary<string, RememberedLogon> _recent = new(StringComparer.OrdinalIgnoreCase);
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
        ArgumentOutOfRangeException.ThrowIfLessThan(_limits.MaxRememberedLogons, 1, nameof(limits));
        _slots = new SemaphoreSlim(_limits.MaxConcurrentChecks, _limits.MaxConcurrentChecks);
        _directory = directory;
        _time = timeProvider ?? TimeProvider.System;
        byte[] macKey = RandomNumberGenerator.GetBytes(32);
        _mac = new ThreadLocal<HMACSHA256>(() => new HMACSHA256(macKey));
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
    public ValueTask<string?> ValidateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);

        // The MAC is computed for every request, remembered or not, so the answer's timing does not tell whether
        // this user name logged on recently; a wrong password then goes the whole way, as for anyone else.
        Span<byte> mac = stackalloc byte[MacBytes];
        bool macked = TryComputeMac(userName, password, mac);
        long now = _time.GetTimestamp();
        if (macked && _recent.TryGetValue(userName, out RememberedLogon? hit) && hit.IsValid(mac, now))
        {
            return new(hit.Identity);
        }

        return CheckAndRememberAsync(userName, password, macked ? mac.ToArray() : null, cancellationToken);
    }

    private async ValueTask<string?> CheckAndRememberAsync(string userName, string password, byte[]? mac, CancellationToken cancellationToken)
    {
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

        if (identity is null || mac is null || _limits.SuccessCacheDuration == TimeSpan.Zero)
        {
            return identity;
        }

        Remember(userName, identity, mac, _time.GetTimestamp());
        return identity;
    }

    /// <summary>How many successful log-ons are remembered now (expired ones included until they are swept).</summary>
    internal int RememberedCount => _recent.Count;

    /// <summary>
    /// Remembers a success under the user name as sent (one entry per name: a later success replaces it). The table is
    /// bounded: when it is full, expired entries are swept, and if it is still full it is emptied (every device then
    /// pays for one full check again). Only successes get here, so only someone who knows passwords can fill it.
    /// </summary>
    private void Remember(string userName, string identity, byte[] mac, long now)
    {
        if (_recent.Count >= _limits.MaxRememberedLogons)
        {
            foreach (KeyValuePair<string, RememberedLogon> entry in _recent)
            {
                if (entry.Value.ExpiresAt <= now)
                {
                    _recent.TryRemove(entry);
                }
            }

            if (_recent.Count >= _limits.MaxRememberedLogons)
            {
                _recent.Clear();
            }
        }

        long expiresAt = now + (long)(_limits.SuccessCacheDuration.TotalSeconds * _time.TimestampFrequency);
        _recent[userName] = new RememberedLogon(identity, mac, expiresAt);
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

    /// <summary>
    /// HMAC-SHA256, under a key drawn at random for this validator, of the UTF-8 user name and password: what a
    /// remembered success is bound to (the password itself is never kept). The per-thread <see cref="HMACSHA256"/>
    /// keeps its keyed state, which costs a third of a one-shot HMAC, and the input never leaves the stack.
    /// False (nothing is remembered) for credentials longer than <see cref="MaxRememberedInputBytes"/>.
    /// </summary>
    private bool TryComputeMac(string userName, string password, Span<byte> mac)
    {
        int length = Encoding.UTF8.GetMaxByteCount(userName.Length + password.Length + 1);
        if (length > MaxRememberedInputBytes)
        {
            return false;
        }

        Span<byte> input = stackalloc byte[MaxRememberedInputBytes];
        int written = Encoding.UTF8.GetBytes(userName, input);
        input[written++] = 0;
        written += Encoding.UTF8.GetBytes(password, input[written..]);
        bool done = _mac.Value!.TryComputeHash(input[..written], mac, out int macBytes) && macBytes == MacBytes;
        CryptographicOperations.ZeroMemory(input[..written]);
        return done;
    }

    private const int MacBytes = 32;

    /// <summary>Credentials whose UTF-8 form may be longer than this (1 KiB; Basic headers are at most 4 KiB of base64
    /// by default) are checked every time rather than remembered.</summary>
    private const int MaxRememberedInputBytes = 1024;

    /// <summary>A remembered success: the recipient, the MAC of the credentials, and when it expires.</summary>
    private sealed class RememberedLogon(string identity, byte[] mac, long expiresAt)
    {
        public string Identity { get; } = identity;

        public long ExpiresAt { get; } = expiresAt;

        /// <summary>True while unexpired and for exactly these credentials (the MACs are compared in fixed time).</summary>
        public bool IsValid(ReadOnlySpan<byte> candidate, long now) =>
            CryptographicOperations.FixedTimeEquals(mac, candidate) && ExpiresAt > now;
    }
}

/// <summary>Bounds on what <see cref="DirectoryCredentialValidator"/> spends on password checks.</summary>
internal sealed record CredentialCheckLimits
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

    /// <summary>How many user names' successes are remembered at most; when full, expired entries are swept and, if
    /// that frees nothing, all are forgotten. Default 10 000.</summary>
    public int MaxRememberedLogons { get; init; } = 10_000;
}
