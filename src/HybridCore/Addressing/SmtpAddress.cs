using System;
using System.Text;

namespace HybridCore.Addressing;

/// <summary>
/// An SMTP address <c>local@domain</c> (RFC 5321 4.1.2 Mailbox, RFC 5322 3.4.1 addr-spec, RFC 6531
/// UTF-8 local parts), immutable and validated at construction. The domain is a canonical
/// <see cref="DomainName"/>; the local part keeps its spelling. Two addresses are equal when the
/// domains are equal and the local parts are equal ignoring case: RFC 5321 lets the receiving
/// host decide, and Exchange resolves proxy addresses case-insensitively.
/// </summary>
public sealed class SmtpAddress : IEquatable<SmtpAddress>
{
    /// <summary>RFC 5321 4.5.3.1.1: at most 64 octets of local part.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>RFC 5321 4.5.3.1.3: a path is at most 256 octets including the angle brackets, so an address at most 254.</summary>
    public const int MaxLength = 254;

    private SmtpAddress(string localPart, DomainName domain)
    {
        LocalPart = localPart;
        Domain = domain;
        Value = string.Concat(localPart, "@", domain.Value);
    }

    /// <summary>The local part, as given.</summary>
    public string LocalPart { get; }

    /// <summary>The canonical domain.</summary>
    public DomainName Domain { get; }

    /// <summary>The address in canonical form: local part as given, <c>@</c>, canonical domain.</summary>
    public string Value { get; }

    /// <summary>Parses an SMTP address.</summary>
    /// <param name="value">The address.</param>
    /// <returns>The address.</returns>
    /// <exception cref="AddressFormatException">The address is not valid.</exception>
    public static SmtpAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value.AsSpan(), out SmtpAddress? a, out AddressError e) ? a : throw AddressFormatException.Create("SMTP address", e);
    }

    /// <summary>Tries to parse an SMTP address.</summary>
    /// <param name="value">The address.</param>
    /// <param name="address">The address when the method returns true.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SmtpAddress? address) =>
        TryParse(value, out address, out _);

    /// <summary>Tries to parse an SMTP address, reporting why it is invalid.</summary>
    /// <param name="value">The address.</param>
    /// <param name="address">The address when the method returns true.</param>
    /// <param name="error">Why and where the address is invalid when the method returns false.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SmtpAddress? address, out AddressError error) =>
        TryParse(value, out address, out error, null);

    /// <summary>The same parse, with the domain's text shared through <paramref name="pool"/>.</summary>
    internal static bool TryParse(ReadOnlySpan<char> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SmtpAddress? address, out AddressError error, StringPool? pool)
    {
        address = null;
        if (value.IsEmpty)
        {
            error = new AddressError(AddressErrorReason.Empty, 0);
            return false;
        }

        // The last '@' separates: a quoted local part may itself contain '@'.
        int at = value.LastIndexOf('@');
        if (at < 0)
        {
            error = new AddressError(AddressErrorReason.MissingAt, value.Length);
            return false;
        }

        ReadOnlySpan<char> local = value[..at];
        if (!ValidateLocalPart(local, out error))
        {
            return false;
        }

        if (!DomainName.TryParse(value[(at + 1)..], out DomainName domain, out error, pool))
        {
            error = error with { Offset = error.Offset + at + 1 };
            return false;
        }

        int octets = Encoding.UTF8.GetByteCount(local) + 1 + domain.Value.Length;
        if (octets > MaxLength)
        {
            error = new AddressError(AddressErrorReason.TooLong, 0);
            return false;
        }

        address = new SmtpAddress(local.ToString(), domain);
        return true;
    }

    /// <summary>Splits <paramref name="value"/> at its last <c>@</c> without validating (for lookups).</summary>
    internal static bool TrySplit(ReadOnlySpan<char> value, out ReadOnlySpan<char> local, out ReadOnlySpan<char> domain)
    {
        int at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            local = default;
            domain = default;
            return false;
        }

        local = value[..at];
        domain = value[(at + 1)..];
        return true;
    }

    private static bool ValidateLocalPart(ReadOnlySpan<char> local, out AddressError error)
    {
        if (local.IsEmpty)
        {
            error = new AddressError(AddressErrorReason.EmptyLocalPart, 0);
            return false;
        }

        if (Encoding.UTF8.GetByteCount(local) > MaxLocalPartLength)
        {
            error = new AddressError(AddressErrorReason.TooLong, MaxLocalPartLength);
            return false;
        }

        if (local[0] == '"')
        {
            // RFC 5321 4.1.2 Quoted-string: DQUOTE *QcontentSMTP DQUOTE, qtextSMTP is %d32-33 / %d35-91 / %d93-126,
            // quoted-pairSMTP is "\" %d32-126.
            if (local.Length < 2 || local[^1] != '"')
            {
                error = new AddressError(AddressErrorReason.InvalidQuotedString, local.Length);
                return false;
            }

            for (int i = 1; i < local.Length - 1; i++)
            {
                char c = local[i];
                if (c == '\\')
                {
                    i++;
                    if (i >= local.Length - 1 || local[i] < 32 || local[i] > 126)
                    {
                        error = new AddressError(AddressErrorReason.InvalidQuotedString, i);
                        return false;
                    }
                }
                else if (c == '"' || (c < 32) || c == 127)
                {
                    error = new AddressError(AddressErrorReason.InvalidQuotedString, i);
                    return false;
                }
            }

            error = default;
            return true;
        }

        // RFC 5321 4.1.2 Dot-string = Atom *("." Atom); RFC 6531 3.3 adds UTF-8 non-ASCII to atext.
        for (int i = 0; i < local.Length; i++)
        {
            char c = local[i];
            if (c == '.')
            {
                if (i == 0 || i == local.Length - 1 || local[i - 1] == '.')
                {
                    error = new AddressError(AddressErrorReason.InvalidDot, i);
                    return false;
                }

                continue;
            }

            if (!IsAtext(c))
            {
                error = new AddressError(AddressErrorReason.InvalidLocalPartCharacter, i);
                return false;
            }
        }

        error = default;
        return true;
    }

    private static bool IsAtext(char c)
    {
        if (c >= 0x80)
        {
            return !char.IsControl(c) && !char.IsWhiteSpace(c);
        }

        // RFC 5322 3.2.3 atext.
        return char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public bool Equals(SmtpAddress? other) =>
        other is not null && Domain.Equals(other.Domain) && string.Equals(LocalPart, other.LocalPart, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SmtpAddress);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(LocalPart), Domain);

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <summary>Compares two addresses.</summary>
    /// <param name="left">An address.</param>
    /// <param name="right">An address.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(SmtpAddress? left, SmtpAddress? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two addresses.</summary>
    /// <param name="left">An address.</param>
    /// <param name="right">An address.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(SmtpAddress? left, SmtpAddress? right) => !(left == right);
}
