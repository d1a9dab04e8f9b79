using System;
using System.Diagnostics.CodeAnalysis;

namespace HybridCore.ActiveSync;

/// <summary>
/// An Exchange ActiveSync protocol version: one of 2.5, 12.0, 12.1, 14.0, 14.1, 16.0 and 16.1
/// ([MS-ASHTTP] 2.2.1.1.2.6), or <see cref="Unknown"/> (the default value) when a request did not say.
/// Versions compare in protocol order (2.5 &lt; 12.0 &lt; … &lt; 16.1; <see cref="Unknown"/> is lowest).
/// </summary>
/// <remarks>
/// The value is stored as the single byte the base64 query form uses for it
/// ([MS-ASHTTP] 2.2.1.1.1.1, "Protocol version": major × 10 + minor, e.g. 141 for 14.1), so it is
/// one byte wide, compares as an integer and never allocates.
/// </remarks>
public readonly struct EasProtocolVersion : IEquatable<EasProtocolVersion>, IComparable<EasProtocolVersion>, ISpanFormattable, IUtf8SpanFormattable
{
    private readonly byte _value;

    private EasProtocolVersion(byte value) => _value = value;

    /// <summary>No version (the request did not carry one). Equal to <see langword="default"/>.</summary>
    public static EasProtocolVersion Unknown => default;

    /// <summary>Protocol version 2.5.</summary>
    public static EasProtocolVersion V2_5 => new(25);

    /// <summary>Protocol version 12.0.</summary>
    public static EasProtocolVersion V12_0 => new(120);

    /// <summary>Protocol version 12.1.</summary>
    public static EasProtocolVersion V12_1 => new(121);

    /// <summary>Protocol version 14.0.</summary>
    public static EasProtocolVersion V14_0 => new(140);

    /// <summary>Protocol version 14.1.</summary>
    public static EasProtocolVersion V14_1 => new(141);

    /// <summary>Protocol version 16.0.</summary>
    public static EasProtocolVersion V16_0 => new(160);

    /// <summary>Protocol version 16.1, the latest ([MS-ASHTTP] 2.2.1.1.2.6).</summary>
    public static EasProtocolVersion V16_1 => new(161);

    /// <summary>The major version (14 for 14.1); 0 for <see cref="Unknown"/>.</summary>
    public int Major => _value / 10;

    /// <summary>The minor version (1 for 14.1); 0 for <see cref="Unknown"/>.</summary>
    public int Minor => _value % 10;

    /// <summary>Whether this is one of the seven known versions (not <see cref="Unknown"/>).</summary>
    public bool IsKnown => _value != 0;

    /// <summary>
    /// The version as the base64 query form encodes it (major × 10 + minor, e.g. 141); 0 for <see cref="Unknown"/>.
    /// </summary>
    public byte EncodedValue => _value;

    /// <summary>
    /// Whether the base64 query form may carry this version. [MS-ASHTTP] 2.2.1.1.1.1: the base64-encoded
    /// query value is supported only by 12.1, 14.0, 14.1, 16.0 and 16.1; 2.5 and 12.0 use the plain form.
    /// </summary>
    public bool SupportsBase64Query => _value >= 121;

    /// <summary>The matching flag of <see cref="EasProtocolVersionSet"/> (<see cref="EasProtocolVersionSet.None"/> for <see cref="Unknown"/>).</summary>
    public EasProtocolVersionSet ToFlag() => _value switch
    {
        25 => EasProtocolVersionSet.V2_5,
        120 => EasProtocolVersionSet.V12_0,
        121 => EasProtocolVersionSet.V12_1,
        140 => EasProtocolVersionSet.V14_0,
        141 => EasProtocolVersionSet.V14_1,
        160 => EasProtocolVersionSet.V16_0,
        161 => EasProtocolVersionSet.V16_1,
        _ => EasProtocolVersionSet.None,
    };

    /// <summary>Whether <paramref name="versions"/> contains this version.</summary>
    public bool IsIn(EasProtocolVersionSet versions) => (versions & ToFlag()) != 0;

    /// <summary>Maps a single flag of <see cref="EasProtocolVersionSet"/> to its version.</summary>
    /// <returns><see langword="false"/> if <paramref name="flag"/> is not exactly one version.</returns>
    public static bool TryFromFlag(EasProtocolVersionSet flag, out EasProtocolVersion version)
    {
        version = flag switch
        {
            EasProtocolVersionSet.V2_5 => V2_5,
            EasProtocolVersionSet.V12_0 => V12_0,
            EasProtocolVersionSet.V12_1 => V12_1,
            EasProtocolVersionSet.V14_0 => V14_0,
            EasProtocolVersionSet.V14_1 => V14_1,
            EasProtocolVersionSet.V16_0 => V16_0,
            EasProtocolVersionSet.V16_1 => V16_1,
            _ => default,
        };
        return version.IsKnown;
    }

    /// <summary>
    /// Maps the base64 query form's "Protocol version" byte ([MS-ASHTTP] 2.2.1.1.1.1) to a version:
    /// 25, 120, 121, 140, 141, 160 or 161. (Only 121 and up are valid in that form; see <see cref="SupportsBase64Query"/>.)
    /// </summary>
    public static bool TryFromEncodedValue(int value, out EasProtocolVersion version)
    {
        bool known = value is 25 or 120 or 121 or 140 or 141 or 160 or 161;
        version = known ? new EasProtocolVersion((byte)value) : default;
        return known;
    }

    /// <summary>
    /// Parses a version as the <c>MS-ASProtocolVersion</c> header writes it ("2.5", "12.0", … "16.1"),
    /// exactly (no spaces, no other spellings). Does not allocate.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out EasProtocolVersion version)
    {
        int value = -1;
        if (text.Length == 3 && text[0] == '2' && text[1] == '.' && text[2] == '5')
        {
            value = 25;
        }
        else if (text.Length == 4 && text[0] == '1' && text[2] == '.' && IsDigit(text[1]) && IsDigit(text[3]))
        {
            value = 100 + ((text[1] - '0') * 10) + (text[3] - '0');
        }

        return TryFromEncodedValue(value, out version);
    }

    /// <summary>Parses a version from UTF-8 text; see <see cref="TryParse(ReadOnlySpan{char}, out EasProtocolVersion)"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out EasProtocolVersion version)
    {
        Span<char> chars = stackalloc char[4];
        if (utf8Text.Length > 4)
        {
            version = default;
            return false;
        }

        for (int i = 0; i < utf8Text.Length; i++)
        {
            chars[i] = (char)utf8Text[i];
        }

        return TryParse(chars[..utf8Text.Length], out version);
    }

    /// <summary>Parses a version; see <see cref="TryParse(ReadOnlySpan{char}, out EasProtocolVersion)"/>.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not one of the seven versions.</exception>
    public static EasProtocolVersion Parse(ReadOnlySpan<char> text)
        => TryParse(text, out EasProtocolVersion v) ? v : throw new FormatException("Not an Exchange ActiveSync protocol version: '" + text.ToString() + "'.");

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    /// <summary>The version as the <c>MS-ASProtocolVersion</c> header writes it ("14.1"); "unknown" for <see cref="Unknown"/>. The strings are cached literals.</summary>
    public override string ToString() => _value switch
    {
        25 => "2.5",
        120 => "12.0",
        121 => "12.1",
        140 => "14.0",
        141 => "14.1",
        160 => "16.0",
        161 => "16.1",
        _ => "unknown",
    };

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        string s = ToString();
        if (s.AsSpan().TryCopyTo(destination))
        {
            charsWritten = s.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    /// <inheritdoc/>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        string s = ToString();
        if (utf8Destination.Length < s.Length)
        {
            bytesWritten = 0;
            return false;
        }

        for (int i = 0; i < s.Length; i++)
        {
            utf8Destination[i] = (byte)s[i];
        }

        bytesWritten = s.Length;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(EasProtocolVersion other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is EasProtocolVersion other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value;

    /// <inheritdoc/>
    public int CompareTo(EasProtocolVersion other) => _value.CompareTo(other._value);

    /// <summary>Equality.</summary>
    public static bool operator ==(EasProtocolVersion left, EasProtocolVersion right) => left._value == right._value;

    /// <summary>Inequality.</summary>
    public static bool operator !=(EasProtocolVersion left, EasProtocolVersion right) => left._value != right._value;

    /// <summary>Protocol order.</summary>
    public static bool operator <(EasProtocolVersion left, EasProtocolVersion right) => left._value < right._value;

    /// <summary>Protocol order.</summary>
    public static bool operator >(EasProtocolVersion left, EasProtocolVersion right) => left._value > right._value;

    /// <summary>Protocol order.</summary>
    public static bool operator <=(EasProtocolVersion left, EasProtocolVersion right) => left._value <= right._value;

    /// <summary>Protocol order.</summary>
    public static bool operator >=(EasProtocolVersion left, EasProtocolVersion right) => left._value >= right._value;
}
