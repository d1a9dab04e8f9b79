using System;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace HybridCore.Addressing;

/// <summary>
/// A DNS domain name in the one canonical form HybridCore compares: ASCII (internationalised
/// labels converted to punycode, RFC 3492 / IDNA), lower case, no trailing dot.
/// <c>Contoso.COM.</c>, <c>contoso.com</c> are the same domain; so are <c>Bücher.example</c> and
/// <c>xn--bcher-kva.example</c>. Equality is ordinal on <see cref="Value"/>.
/// </summary>
/// <remarks>
/// The library runs with <c>InvariantGlobalization</c>. <see cref="IdnMapping"/> still converts
/// to punycode in that mode, but does no UTS #46 mapping (not even case folding, and
/// <see cref="string.Normalize()"/> is a no-op), so HybridCore lower-cases with the invariant
/// Unicode simple case mapping first. Inputs are expected in NFC, as DNS names and directory
/// attributes are in practice; NFKC compatibility mapping (full-width letters …) is not applied.
/// </remarks>
public readonly struct DomainName : IEquatable<DomainName>
{
    /// <summary>RFC 5321 4.5.3.1.2: at most 255 octets of domain.</summary>
    public const int MaxLength = 255;

    /// <summary>RFC 1035 2.3.4: at most 63 octets per label.</summary>
    public const int MaxLabelLength = 63;

    private readonly string? _value;

    private DomainName(string value) => _value = value;

    /// <summary>The canonical form (ASCII, lower case, no trailing dot); empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True for <c>default(DomainName)</c>.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>Parses and normalises a domain.</summary>
    /// <param name="value">The domain, ASCII or internationalised, with or without trailing dot.</param>
    /// <returns>The canonical domain.</returns>
    /// <exception cref="AddressFormatException">The domain is not valid.</exception>
    public static DomainName Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value.AsSpan(), out DomainName d, out AddressError e) ? d : throw AddressFormatException.Create("domain", e);
    }

    /// <summary>Tries to parse and normalise a domain.</summary>
    /// <param name="value">The domain.</param>
    /// <param name="domain">The canonical domain when the method returns true.</param>
    /// <returns>True when the domain is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out DomainName domain) => TryParse(value, out domain, out _);

    /// <summary>Tries to parse and normalise a domain, reporting why it is invalid.</summary>
    /// <param name="value">The domain.</param>
    /// <param name="domain">The canonical domain when the method returns true.</param>
    /// <param name="error">Why and where the domain is invalid when the method returns false.</param>
    /// <returns>True when the domain is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out DomainName domain, out AddressError error) => TryParse(value, out domain, out error, null);

    /// <summary><see cref="TryParse(ReadOnlySpan{char}, out DomainName, out AddressError)"/> that takes an ASCII
    /// domain's text from <paramref name="pool"/> when it is there (one string per distinct domain in a snapshot).</summary>
    internal static bool TryParse(ReadOnlySpan<char> value, out DomainName domain, out AddressError error, StringPool? pool)
    {
        domain = default;
        if (!TryNormalize(value, out string? normalized, out error, pool))
        {
            return false;
        }

        domain = new DomainName(normalized);
        return true;
    }

    /// <summary>
    /// True when <paramref name="other"/> names this domain, compared the canonical way
    /// (case-insensitive, IDN-aware, trailing dot ignored). Allocates nothing for ASCII input
    /// (including punycode); internationalised input is normalised first, which allocates.
    /// </summary>
    /// <param name="other">A domain as text.</param>
    /// <returns>True for the same domain.</returns>
    public bool Matches(ReadOnlySpan<char> other)
    {
        if (_value is null)
        {
            return false;
        }

        other = TrimTrailingDot(other);
        if (!Ascii.IsValid(other))
        {
            return TryNormalize(other, out string? n, out _) && string.Equals(n, _value, StringComparison.Ordinal);
        }

        return other.Equals(_value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The domain with punycode labels converted back to Unicode, for display.</summary>
    /// <returns>The Unicode form.</returns>
    public string ToUnicode()
    {
        if (_value is null || !_value.Contains("xn--", StringComparison.Ordinal))
        {
            return Value;
        }

        return new IdnMapping().GetUnicode(_value);
    }

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <inheritdoc/>
    public bool Equals(DomainName other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DomainName d && Equals(d);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Compares two domains.</summary>
    /// <param name="left">A domain.</param>
    /// <param name="right">A domain.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(DomainName left, DomainName right) => left.Equals(right);

    /// <summary>Compares two domains.</summary>
    /// <param name="left">A domain.</param>
    /// <param name="right">A domain.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(DomainName left, DomainName right) => !left.Equals(right);

    internal static ReadOnlySpan<char> TrimTrailingDot(ReadOnlySpan<char> value) =>
        value.Length > 1 && value[^1] == '.' ? value[..^1] : value;

    /// <summary>The normalisation every domain goes through (models, index keys, slow lookup path).</summary>
    internal static bool TryNormalize(ReadOnlySpan<char> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? normalized, out AddressError error, StringPool? pool = null)
    {
        normalized = null;
        if (value.IsEmpty)
        {
            error = new AddressError(AddressErrorReason.EmptyDomain, 0);
            return false;
        }

        if (value[0] == '[')
        {
            error = new AddressError(AddressErrorReason.DomainLiteralNotSupported, 0);
            return false;
        }

        // A single trailing dot is the DNS root (an absolute name); it does not change the domain.
        ReadOnlySpan<char> trimmed = TrimTrailingDot(value);
        string ascii;
        if (Ascii.IsValid(trimmed))
        {
            if (!ValidateAscii(trimmed, out error))
            {
                return false;
            }

            Span<char> lowered = stackalloc char[MaxLength];
            Ascii.ToLower(trimmed, lowered, out int written);
            ascii = pool is null ? new string(lowered[..written]) : pool.Get(lowered[..written]);
            normalized = ascii;
            return ValidatePunycodeLabels(ascii, out error);
        }

        // Internationalised: lower-case first (IdnMapping does no case folding in invariant mode),
        // then punycode each label (RFC 3490 ToASCII, STD3 rules: letters, digits, hyphen).
        for (int i = 0; i < trimmed.Length; i++)
        {
            if (char.IsControl(trimmed[i]) || char.IsWhiteSpace(trimmed[i]))
            {
                error = new AddressError(AddressErrorReason.InvalidDomainCharacter, i);
                return false;
            }
        }

        string lower = trimmed.ToString().ToLowerInvariant();
        try
        {
            ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(lower);
        }
        catch (ArgumentException)
        {
            error = new AddressError(AddressErrorReason.InvalidIdn, 0);
            return false;
        }

        ascii = ascii.ToLowerInvariant();
        if (ascii.Length > 1 && ascii[^1] == '.')
        {
            ascii = ascii[..^1];
        }

        if (!ValidateAscii(ascii, out error))
        {
            // Offsets in the punycode form do not map back onto the input; report the start.
            error = error with { Offset = 0 };
            return false;
        }

        normalized = ascii;
        return true;
    }

    private static bool ValidateAscii(ReadOnlySpan<char> d, out AddressError error)
    {
        if (d.Length > MaxLength)
        {
            error = new AddressError(AddressErrorReason.TooLong, MaxLength);
            return false;
        }

        int labelStart = 0;
        for (int i = 0; i <= d.Length; i++)
        {
            if (i == d.Length || d[i] == '.')
            {
                int len = i - labelStart;
                if (len == 0)
                {
                    error = new AddressError(AddressErrorReason.EmptyLabel, i);
                    return false;
                }

                if (len > MaxLabelLength)
                {
                    error = new AddressError(AddressErrorReason.LabelTooLong, labelStart + MaxLabelLength);
                    return false;
                }

                // RFC 1123 2.1 / RFC 952: labels do not start or end with a hyphen.
                if (d[labelStart] == '-')
                {
                    error = new AddressError(AddressErrorReason.LabelHyphen, labelStart);
                    return false;
                }

                if (d[i - 1] == '-')
                {
                    error = new AddressError(AddressErrorReason.LabelHyphen, i - 1);
                    return false;
                }

                labelStart = i + 1;
                continue;
            }

            char c = d[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                error = new AddressError(AddressErrorReason.InvalidDomainCharacter, i);
                return false;
            }
        }

        error = default;
        return true;
    }

    /// <summary>An ASCII label starting with <c>xn--</c> must be valid punycode.</summary>
    private static bool ValidatePunycodeLabels(string ascii, out AddressError error)
    {
        error = default;
        if (!ascii.Contains("xn--", StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            string unicode = new IdnMapping { UseStd3AsciiRules = true }.GetUnicode(ascii);
            Debug.Assert(unicode.Length > 0);

            // Punycode that decodes to something whose canonical form differs (e.g. upper-case
            // letters encoded) is not the canonical name of any domain.
            string again = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(unicode.ToLowerInvariant());
            if (!string.Equals(again, ascii, StringComparison.Ordinal))
            {
                error = new AddressError(AddressErrorReason.InvalidIdn, ascii.IndexOf("xn--", StringComparison.Ordinal));
                return false;
            }

            return true;
        }
        catch (ArgumentException)
        {
            error = new AddressError(AddressErrorReason.InvalidIdn, ascii.IndexOf("xn--", StringComparison.Ordinal));
            return false;
        }
    }
}
