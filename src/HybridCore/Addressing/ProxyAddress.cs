using System;

namespace HybridCore.Addressing;

/// <summary>The kind of a proxy address, from its prefix.</summary>
public enum ProxyAddressType : byte
{
    /// <summary>A prefix HybridCore does not know (kept as written, never matched as SMTP).</summary>
    Custom = 0,

    /// <summary><c>SMTP:</c> / <c>smtp:</c>.</summary>
    Smtp,

    /// <summary><c>X500:</c> (legacy Exchange DN, kept after migrations).</summary>
    X500,

    /// <summary><c>X400:</c>.</summary>
    X400,

    /// <summary><c>SIP:</c>.</summary>
    Sip,

    /// <summary><c>EUM:</c> (Unified Messaging).</summary>
    Eum,
}

/// <summary>
/// One entry of a recipient's <c>EmailAddresses</c> (proxyAddresses): <c>TYPE:address</c>.
/// By Exchange's convention an upper-case prefix (<c>SMTP:</c>) marks the primary address of that
/// type and a lower-case one (<c>smtp:</c>) a secondary one; both are valid ways to reach the
/// recipient. Only <see cref="ProxyAddressType.Smtp"/> addresses are parsed as <see cref="SmtpAddress"/>;
/// other types are kept apart, as written.
/// </summary>
public sealed class ProxyAddress : IEquatable<ProxyAddress>
{
    /// <summary>Upper bound on a proxy address, so hostile input stays bounded.</summary>
    public const int MaxLength = 2048;

    private ProxyAddress(string prefix, ProxyAddressType type, bool isPrimary, string address, SmtpAddress? smtp)
    {
        Prefix = prefix;
        Type = type;
        IsPrimary = isPrimary;
        Address = address;
        Smtp = smtp;
    }

    /// <summary>The prefix as written (<c>SMTP</c>, <c>smtp</c>, <c>X500</c> …), without the colon.</summary>
    public string Prefix { get; }

    /// <summary>The kind of address.</summary>
    public ProxyAddressType Type { get; }

    /// <summary>True when the prefix is written in upper case (the primary address of its type).</summary>
    public bool IsPrimary { get; }

    /// <summary>The part after the colon (for SMTP, the canonical address).</summary>
    public string Address { get; }

    /// <summary>The parsed SMTP address when <see cref="Type"/> is <see cref="ProxyAddressType.Smtp"/>; otherwise null.</summary>
    public SmtpAddress? Smtp { get; }

    /// <summary>This address with <paramref name="smtp"/> (an address with the same text) in place of its own, so that a
    /// recipient holds one copy of an address it has twice (a remote routing address that is also a proxy).</summary>
    internal ProxyAddress WithSmtp(SmtpAddress smtp) => new(Prefix, Type, IsPrimary, smtp.Value, smtp);

    /// <summary>The prefix's text: the two spellings almost every SMTP proxy has are literals, not a copy per address.</summary>
    private static string SmtpPrefix(ReadOnlySpan<char> prefix) =>
        prefix.SequenceEqual("SMTP") ? "SMTP" : prefix.SequenceEqual("smtp") ? "smtp" : prefix.ToString();

    /// <summary>Creates a primary (<c>SMTP:</c>) or secondary (<c>smtp:</c>) SMTP proxy address.</summary>
    /// <param name="address">The address.</param>
    /// <param name="isPrimary">Upper-case prefix when true.</param>
    /// <returns>The proxy address.</returns>
    public static ProxyAddress FromSmtp(SmtpAddress address, bool isPrimary)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new ProxyAddress(isPrimary ? "SMTP" : "smtp", ProxyAddressType.Smtp, isPrimary, address.Value, address);
    }

    /// <summary>Parses <c>TYPE:address</c>.</summary>
    /// <param name="value">The proxy address.</param>
    /// <param name="allowBareSmtp">When true a value without prefix that contains <c>@</c> is taken as a primary SMTP
    /// address, as Exchange's cmdlets do for <c>-RemoteRoutingAddress</c>.</param>
    /// <returns>The proxy address.</returns>
    /// <exception cref="AddressFormatException">The value is not valid.</exception>
    public static ProxyAddress Parse(string value, bool allowBareSmtp = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value.AsSpan(), allowBareSmtp, out ProxyAddress? p, out AddressError e) ? p : throw AddressFormatException.Create("proxy address", e);
    }

    /// <summary>Tries to parse <c>TYPE:address</c>.</summary>
    /// <param name="value">The proxy address.</param>
    /// <param name="allowBareSmtp">Accept a bare SMTP address as primary SMTP.</param>
    /// <param name="proxy">The proxy address when the method returns true.</param>
    /// <param name="error">Why and where the value is invalid when the method returns false.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, bool allowBareSmtp, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProxyAddress? proxy, out AddressError error) =>
        TryParse(value, allowBareSmtp, out proxy, out error, null);

    /// <summary>The same parse, with an SMTP address's domain text shared through <paramref name="pool"/>.</summary>
    internal static bool TryParse(ReadOnlySpan<char> value, bool allowBareSmtp, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProxyAddress? proxy, out AddressError error, StringPool? pool)
    {
        proxy = null;
        if (value.IsEmpty)
        {
            error = new AddressError(AddressErrorReason.Empty, 0);
            return false;
        }

        if (value.Length > MaxLength)
        {
            error = new AddressError(AddressErrorReason.TooLong, MaxLength);
            return false;
        }

        int colon = value.IndexOf(':');
        int at = value.IndexOf('@');
        if (colon < 0 || (at >= 0 && at < colon))
        {
            if (allowBareSmtp && at >= 0)
            {
                if (!SmtpAddress.TryParse(value, out SmtpAddress? bare, out error, pool))
                {
                    return false;
                }

                proxy = FromSmtp(bare, isPrimary: true);
                return true;
            }

            error = new AddressError(AddressErrorReason.MissingProxyPrefix, 0);
            return false;
        }

        ReadOnlySpan<char> prefix = value[..colon];
        if (prefix.IsEmpty || prefix.Length > 9)
        {
            error = new AddressError(AddressErrorReason.InvalidProxyPrefix, 0);
            return false;
        }

        bool anyLower = false;
        for (int i = 0; i < prefix.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(prefix[i]))
            {
                error = new AddressError(AddressErrorReason.InvalidProxyPrefix, i);
                return false;
            }

            anyLower |= char.IsAsciiLetterLower(prefix[i]);
        }

        ReadOnlySpan<char> rest = value[(colon + 1)..];
        if (rest.IsEmpty)
        {
            error = new AddressError(AddressErrorReason.EmptyProxyAddress, colon + 1);
            return false;
        }

        ProxyAddressType type = ClassifyPrefix(prefix);
        if (type == ProxyAddressType.Smtp)
        {
            if (!SmtpAddress.TryParse(rest, out SmtpAddress? smtp, out error, pool))
            {
                error = error with { Offset = error.Offset + colon + 1 };
                return false;
            }

            proxy = new ProxyAddress(SmtpPrefix(prefix), type, !anyLower, smtp.Value, smtp);
            return true;
        }

        for (int i = 0; i < rest.Length; i++)
        {
            if (char.IsControl(rest[i]))
            {
                error = new AddressError(AddressErrorReason.ControlCharacter, colon + 1 + i);
                return false;
            }
        }

        proxy = new ProxyAddress(prefix.ToString(), type, !anyLower, rest.ToString(), null);
        error = default;
        return true;
    }

    private static ProxyAddressType ClassifyPrefix(ReadOnlySpan<char> prefix)
    {
        if (prefix.Equals("SMTP", StringComparison.OrdinalIgnoreCase))
        {
            return ProxyAddressType.Smtp;
        }

        if (prefix.Equals("X500", StringComparison.OrdinalIgnoreCase))
        {
            return ProxyAddressType.X500;
        }

        if (prefix.Equals("X400", StringComparison.OrdinalIgnoreCase))
        {
            return ProxyAddressType.X400;
        }

        if (prefix.Equals("SIP", StringComparison.OrdinalIgnoreCase))
        {
            return ProxyAddressType.Sip;
        }

        return prefix.Equals("EUM", StringComparison.OrdinalIgnoreCase) ? ProxyAddressType.Eum : ProxyAddressType.Custom;
    }

    /// <summary>Equal when prefix (case-sensitively: primary and secondary differ) and address match;
    /// SMTP addresses compare as <see cref="SmtpAddress"/>, others ignoring case.</summary>
    /// <param name="other">The other proxy address.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(ProxyAddress? other) =>
        other is not null
        && string.Equals(Prefix, other.Prefix, StringComparison.Ordinal)
        && (Smtp is not null ? Smtp.Equals(other.Smtp) : string.Equals(Address, other.Address, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ProxyAddress);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(Prefix), Smtp is not null ? Smtp.GetHashCode() : StringComparer.OrdinalIgnoreCase.GetHashCode(Address));

    /// <summary><c>PREFIX:address</c>.</summary>
    /// <returns>The proxy address as text.</returns>
    public override string ToString() => string.Concat(Prefix, ":", Address);
}
