using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using HybridCore.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridCore.Ldap;

/// <summary>
/// Checks Basic credentials against Active Directory: finds the user's DN with the service account (by UPN or SMTP
/// address, <c>DOMAIN\user</c>, or a bare account name), then binds as that DN with the given password.
/// </summary>
/// <remarks>
/// <para>An empty password is refused before any bind: a simple bind with a DN and no password is an
/// <em>unauthenticated</em> bind (RFC 4513 section 5.1.2), which a server may treat as anonymous and answer with
/// success.</para>
/// <para>An unknown user and a wrong password give the same answer (null), and an unknown user still costs a bind (as a
/// DN that does not exist), so neither the answer nor the time tells them apart. A server that cannot be reached or
/// refuses the service account is an <see cref="LdapDirectoryException"/>, never a successful log-on.</para>
/// <para>Devices send Basic credentials on every request, so a successful check is remembered for
/// <see cref="SuccessCacheDuration"/> under a keyed hash of user name and password (never the password).</para>
/// </remarks>
public sealed class LdapCredentialValidator : IHybridCredentialValidator
{
    private const int MaxCacheEntries = 10_000;
    private readonly LdapConnector _connector;
    private readonly string _baseDn;
    private readonly string? _netbiosDomain;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string Identity, long ExpiresAt)> _recent = new(StringComparer.Ordinal);

    /// <summary>Creates the validator.</summary>
    /// <param name="connector">Connections (the service account finds users).</param>
    /// <param name="baseDn">Where users are searched (the domain naming context).</param>
    /// <param name="netbiosDomain">The NetBIOS domain that <c>DOMAIN\user</c> names must carry; null accepts none.</param>
    /// <param name="logger">Where connection problems go.</param>
    /// <param name="timeProvider">The clock for the success cache.</param>
    public LdapCredentialValidator(LdapConnector connector, string baseDn, string? netbiosDomain, ILogger<LdapCredentialValidator>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentException.ThrowIfNullOrEmpty(baseDn);
        _connector = connector;
        _baseDn = baseDn;
        _netbiosDomain = netbiosDomain;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a successful check is remembered; zero turns the cache off.</summary>
    public TimeSpan SuccessCacheDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Binds made as users (for tests and metrics).</summary>
    public int UserBinds => Volatile.Read(ref _userBinds);

    private int _userBinds;

    /// <inheritdoc/>
    /// <exception cref="LdapDirectoryException">The directory could not be asked (not a wrong password).</exception>
    public async ValueTask<string?> ValidateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length == 0 || userName.Length == 0 || userName.Length > 512)
        {
            // RFC 4513 section 5.1.2: DN + empty password is an unauthenticated bind, not a check of anything.
            return null;
        }

        string cacheKey = CacheKey(userName, password);
        long now = _time.GetTimestamp();
        if (_recent.TryGetValue(cacheKey, out var hit) && hit.ExpiresAt > now)
        {
            return hit.Identity;
        }

        string? identity = await Task.Run(() => Validate(userName, password), cancellationToken).ConfigureAwait(false);
        if (identity is not null && SuccessCacheDuration > TimeSpan.Zero)
        {
            if (_recent.Count >= MaxCacheEntries)
            {
                _recent.Clear();
            }

            _recent[cacheKey] = (identity, now + (long)(SuccessCacheDuration.TotalSeconds * _time.TimestampFrequency));
        }

        return identity;
    }

    private string? Validate(string userName, string password)
    {
        string? filter = UserFilter(userName);
        (string Dn, string Identity)? user = null;
        if (filter is not null)
        {
            using LdapConnection service = _connector.OpenServiceConnection();
            var request = new SearchRequest(_baseDn, filter, SearchScope.Subtree, ExchangeAttributes.SamAccountName, ExchangeAttributes.Cn) { SizeLimit = 2 };
            SearchResponse response;
            try
            {
                response = (SearchResponse)service.SendRequest(request, _connector.Options.SearchTimeout);
            }
            catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.SizeLimitExceeded)
            {
                _logger.LogWarning("The user name '{UserName}' matches more than one directory entry; refused.", userName);
                response = null!;
            }
            catch (DirectoryOperationException e)
            {
                throw new LdapDirectoryException($"LDAP user search failed: {e.Response?.ResultCode} {e.Message}", e);
            }
            catch (LdapException e)
            {
                throw _connector.Describe(e, "user search");
            }

            if (response is { Entries.Count: 1 })
            {
                SearchResultEntry entry = response.Entries[0];
                user = (entry.DistinguishedName, LdapEntryMapper.Single(entry, ExchangeAttributes.SamAccountName) ?? LdapEntryMapper.Single(entry, ExchangeAttributes.Cn) ?? entry.DistinguishedName);
            }
        }

        // An unknown user binds too (as a DN that does not exist), so that the time taken does not tell.
        string dn = user?.Dn ?? "CN=" + Guid.NewGuid().ToString("N") + ",CN=HybridCore-no-such-user," + _baseDn;
        bool ok = Bind(dn, password);
        return ok && user is { } found ? found.Identity : null;
    }

    private bool Bind(string dn, string password)
    {
        using LdapConnection connection = _connector.Create();
        Interlocked.Increment(ref _userBinds);
        try
        {
            connection.Bind(new NetworkCredential(dn, password));
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            // invalidCredentials (RFC 4511 appendix A): wrong password, no such DN, or (AD) a disabled/locked account.
            return false;
        }
        catch (LdapException e)
        {
            throw _connector.Describe(e, "user bind");
        }
        catch (DirectoryOperationException e)
        {
            throw new LdapDirectoryException($"LDAP user bind failed: {e.Message}", e);
        }
    }

    /// <summary>The search filter for a user name, or null for a name that cannot match (a foreign domain).</summary>
    internal string? UserFilter(string userName)
    {
        int slash = userName.IndexOf('\\', StringComparison.Ordinal);
        if (slash >= 0)
        {
            string domain = userName[..slash];
            string account = userName[(slash + 1)..];
            if (account.Length == 0 || _netbiosDomain is null || !string.Equals(domain, _netbiosDomain, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return $"(&(objectClass=user)({ExchangeAttributes.SamAccountName}={LdapFilter.Escape(account)}))";
        }

        string v = LdapFilter.Escape(userName);
        return userName.Contains('@', StringComparison.Ordinal)
            ? $"(&(objectClass=user)(|({ExchangeAttributes.UserPrincipalName}={v})({ExchangeAttributes.ProxyAddresses}=smtp:{v})))"
            : $"(&(objectClass=user)({ExchangeAttributes.SamAccountName}={v}))";
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
