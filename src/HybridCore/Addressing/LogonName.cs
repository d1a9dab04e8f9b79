using System;

namespace HybridCore.Addressing;

/// <summary>
/// A down-level logon name <c>DOMAIN\account</c> (NetBIOS domain, sAMAccountName), as users type it
/// on phones configured against on-premises Exchange. Compared case-insensitively.
/// </summary>
public sealed class LogonName : IEquatable<LogonName>
{
    /// <summary>NetBIOS names are at most 15 characters.</summary>
    public const int MaxDomainLength = 15;

    /// <summary>sAMAccountName is at most 20 characters for user objects.</summary>
    public const int MaxAccountLength = 20;

    private LogonName(string domain, string account)
    {
        Domain = domain;
        Account = account;
        Value = string.Concat(domain, "\\", account);
    }

    /// <summary>The NetBIOS domain.</summary>
    public string Domain { get; }

    /// <summary>The account (sAMAccountName).</summary>
    public string Account { get; }

    /// <summary><c>DOMAIN\account</c>.</summary>
    public string Value { get; }

    /// <summary>Parses <c>DOMAIN\account</c>.</summary>
    /// <param name="value">The logon name.</param>
    /// <returns>The logon name.</returns>
    /// <exception cref="AddressFormatException">The value is not valid.</exception>
    public static LogonName Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value.AsSpan(), out LogonName? n, out AddressError e) ? n : throw AddressFormatException.Create("logon name", e);
    }

    /// <summary>Tries to parse <c>DOMAIN\account</c>.</summary>
    /// <param name="value">The logon name.</param>
    /// <param name="name">The logon name when the method returns true.</param>
    /// <param name="error">Why and where the value is invalid when the method returns false.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LogonName? name, out AddressError error) =>
        TryParse(value, out name, out error, null);

    /// <summary>The same parse, with the domain's text shared through <paramref name="pool"/>.</summary>
    internal static bool TryParse(ReadOnlySpan<char> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LogonName? name, out AddressError error, StringPool? pool)
    {
        name = null;
        if (value.IsEmpty)
        {
            error = new AddressError(AddressErrorReason.Empty, 0);
            return false;
        }

        int slash = value.IndexOf('\\');
        if (slash < 0)
        {
            error = new AddressError(AddressErrorReason.MissingBackslash, value.Length);
            return false;
        }

        ReadOnlySpan<char> domain = value[..slash];
        ReadOnlySpan<char> account = value[(slash + 1)..];

        // Characters Windows refuses in NetBIOS computer/domain names and in sAMAccountName.
        const string forbiddenDomain = "\\/:*?\"<>|";
        const string forbiddenAccount = "\"/\\[]:;|=,+*?<>@";
        int bad = IndexOfInvalid(domain, forbiddenDomain);
        if (domain.IsEmpty || domain.Length > MaxDomainLength || bad >= 0)
        {
            error = new AddressError(AddressErrorReason.InvalidLogonDomain, bad >= 0 ? bad : 0);
            return false;
        }

        bad = IndexOfInvalid(account, forbiddenAccount);
        if (account.IsEmpty || account.Length > MaxAccountLength || bad >= 0 || account[^1] == '.')
        {
            error = new AddressError(AddressErrorReason.InvalidLogonAccount, slash + 1 + (bad >= 0 ? bad : 0));
            return false;
        }

        name = new LogonName(pool is null ? domain.ToString() : pool.Get(domain), account.ToString());
        error = default;
        return true;
    }

    private static int IndexOfInvalid(ReadOnlySpan<char> s, string forbidden)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsControl(s[i]) || forbidden.Contains(s[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc/>
    public bool Equals(LogonName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LogonName);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
