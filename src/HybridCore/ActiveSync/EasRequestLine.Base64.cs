using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace HybridCore.ActiveSync;

// The base64 form ([MS-ASHTTP] 2.2.1.1.1.1): decoding the query's base64 digits and walking the byte sequence.
// (SkipLocalsInit on the other part covers this one.)
public ref partial struct EasRequestLine
{
    // ---- Base64 form ([MS-ASHTTP] 2.2.1.1.1.1) -------------------------------------------------

    private EasQueryError ParseBase64<T>(ReadOnlySpan<T> query, int start, int digitRun, Span<byte> buffer, out int offset)
        where T : unmanaged
    {
        EasQueryError e = DecodeBase64(query, start, digitRun, buffer, out int length, out offset);
        if (e != EasQueryError.None)
        {
            return e;
        }

        e = ParseSequence(buffer[..length], buffer[length..], out int byteOffset);
        if (e != EasQueryError.None)
        {
            // Report the position of the base64 digit that carries the first bit of the offending byte.
            offset = DigitOffset(query, start, (int)((long)byteOffset * 8 / 6));
        }

        return e;
    }

    // Decodes the base64 digits of the query into the buffer. Accepted, as real clients send them: raw
    // '+' and '/' (a raw '+' is a digit, never a space), their percent-encoded forms %2B, %2F and %3D,
    // and missing '=' padding. Bits left over after the last whole byte are ignored.
    // 'digitRun', when not -1, is the number of base64 digits at 'start' (form detection already counted them).
    private static EasQueryError DecodeBase64<T>(ReadOnlySpan<T> query, int start, int digitRun, Span<byte> buffer, out int length, out int offset)
        where T : unmanaged
    {
        ReadOnlySpan<sbyte> map = Base64Map;
        int acc = 0;
        int bits = 0;
        int n = 0;
        int digits = 0;
        bool padding = false;
        length = 0;
        int i = start;

        if (typeof(T) == typeof(byte))
        {
            // Fastest path: the leading run of plain base64 digits, in whole groups of four, through the runtime's
            // vectorised decoder. The run is checked first (one vectorised scan), so the decoder sees only digits:
            // it never meets the whitespace it would skip, nor padding, nor escapes.
            ReadOnlySpan<byte> rest = MemoryMarshal.Cast<T, byte>(query)[start..];
            int run = digitRun >= 0 ? digitRun : rest.IndexOfAnyExcept(Base64Digits);
            int whole = Math.Min((run < 0 ? rest.Length : run) & ~3, MaxSequenceBytes / 3 * 4);
            if (whole > 0)
            {
                OperationStatus status = Base64.DecodeFromUtf8(rest[..whole], buffer, out int consumed, out n);
                Debug.Assert(status == OperationStatus.Done && consumed == whole);
                i += whole;
                digits = whole;
            }
        }

        // Fast path: whole groups of four plain digits, three bytes each.
        while (i <= query.Length - 4 && n <= MaxSequenceBytes - 3)
        {
            int c0 = At(query, i), c1 = At(query, i + 1), c2 = At(query, i + 2), c3 = At(query, i + 3);
            if ((c0 | c1 | c2 | c3) >= 128)
            {
                break;
            }

            int d0 = map[c0], d1 = map[c1], d2 = map[c2], d3 = map[c3];
            if ((d0 | d1 | d2 | d3) < 0)
            {
                break;
            }

            int v = (d0 << 18) | (d1 << 12) | (d2 << 6) | d3;
            buffer[n] = (byte)(v >> 16);
            buffer[n + 1] = (byte)(v >> 8);
            buffer[n + 2] = (byte)v;
            n += 3;
            i += 4;
            digits += 4;
        }

        // General path: escapes, padding, a partial last group, errors.
        for (; i < query.Length; i++)
        {
            int c = At(query, i);
            int at = i;
            if (c == '%')
            {
                c = PercentEscape(query, i);
                if (c < 0)
                {
                    offset = i;
                    return EasQueryError.InvalidPercentEncoding;
                }

                i += 2;
            }

            if (c == '=')
            {
                padding = true;
                continue;
            }

            int d = c < 128 ? map[c] : -1;
            if (d < 0 || padding)
            {
                offset = at;
                return EasQueryError.InvalidBase64;
            }

            digits++;
            acc = ((acc << 6) | d) & 0xFFFFFF;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                if (n == MaxSequenceBytes)
                {
                    // Longer than any valid sequence: stop before the buffer could overflow.
                    offset = at;
                    return EasQueryError.ValueTooLong;
                }

                buffer[n++] = (byte)(acc >> bits);
            }
        }

        if ((digits & 3) == 1)
        {
            // A lone digit after the last group carries 6 bits: less than a byte, so the text was cut.
            offset = query.Length;
            return EasQueryError.Truncated;
        }

        length = n;
        offset = 0;
        return EasQueryError.None;
    }

    // Walks the decoded byte sequence of [MS-ASHTTP] 2.2.1.1.1.1. Every length is checked against what
    // remains before it is trusted. 'scratch' (after the sequence) receives a binary device id's hex text.
    private EasQueryError ParseSequence(ReadOnlySpan<byte> s, Span<byte> scratch, out int offset)
    {
        offset = 0;
        if (s.Length < 1)
        {
            return EasQueryError.Truncated;
        }

        // Protocol version (1 byte): 121, 140, 141, 160 or 161; 2.5 and 12.0 must use the plain form.
        if (!EasProtocolVersion.TryFromEncodedValue(s[0], out _version))
        {
            return EasQueryError.UnknownProtocolVersion;
        }

        if (!_version.SupportsBase64Query)
        {
            return EasQueryError.UnsupportedProtocolVersionForForm;
        }

        // Command code (1 byte), [MS-ASHTTP] 2.2.1.1.1.1.2.
        offset = 1;
        if (s.Length < 2)
        {
            return EasQueryError.Truncated;
        }

        if (!EasCommands.TryFromCode(s[1], out _command))
        {
            return EasQueryError.UnknownCommand;
        }

        _present |= Fields.Command;

        // Locale (2 bytes): an LCID ([MS-LCID]), little-endian as the spec's example shows (09 04 = 0x0409).
        offset = 2;
        if (s.Length < 4)
        {
            return EasQueryError.Truncated;
        }

        _locale = BinaryPrimitives.ReadUInt16LittleEndian(s[2..]);
        _present |= Fields.Locale;

        // Device ID length (1 byte) and Device ID (a string or a GUID).
        int pos = 4;
        EasQueryError e = ReadLengthPrefixed(s, ref pos, out ReadOnlySpan<byte> deviceId, out offset);
        if (e != EasQueryError.None)
        {
            return e;
        }

        e = StoreBase64DeviceId(deviceId, scratch);
        if (e != EasQueryError.None)
        {
            offset = pos - deviceId.Length;
            return e;
        }

        // Policy key length (1 byte, 0 or 4) and Policy key (optional, 4 bytes, little-endian like the locale).
        offset = pos;
        if (pos >= s.Length)
        {
            return EasQueryError.Truncated;
        }

        int policyKeyLength = s[pos];
        if (policyKeyLength is not 0 and not 4)
        {
            return EasQueryError.InvalidPolicyKeyLength;
        }

        e = ReadLengthPrefixed(s, ref pos, out ReadOnlySpan<byte> policyKey, out offset);
        if (e != EasQueryError.None)
        {
            return e;
        }

        if (policyKey.Length == 4)
        {
            _policyKey = BinaryPrimitives.ReadUInt32LittleEndian(policyKey);
            _present |= Fields.PolicyKey;
        }

        // Device type length (1 byte) and Device type.
        int typeAt = pos;
        e = ReadLengthPrefixed(s, ref pos, out ReadOnlySpan<byte> deviceType, out offset);
        if (e != EasQueryError.None)
        {
            return e;
        }

        _present |= Fields.DeviceType;
        if (!Store(EasQueryParameter.DeviceType, deviceType))
        {
            offset = typeAt;
            return deviceType.IsEmpty ? EasQueryError.DeviceTypeMissing : EasQueryError.DeviceTypeInvalid;
        }

        // Command parameters: Tag (1 byte), Length (1 byte), Value ([MS-ASHTTP] 2.2.1.1.1.1.1).
        while (pos < s.Length)
        {
            int tagAt = pos;
            int tag = s[pos++];
            e = ReadLengthPrefixed(s, ref pos, out ReadOnlySpan<byte> value, out offset);
            if (e != EasQueryError.None)
            {
                return e;
            }

            offset = tagAt;
            if (!EasQueryParameters.TryFromTag(tag, out EasQueryParameter parameter))
            {
                return EasQueryError.UnknownParameterTag;
            }

            Fields field = ToField(parameter);
            if ((_present & field) != 0)
            {
                return EasQueryError.DuplicateParameter;
            }

            _present |= field;
            if (parameter == EasQueryParameter.Options)
            {
                // A single-byte bitmask ([MS-ASHTTP] 2.2.1.1.1.1.3): SaveInSent 0x01, AcceptMultiPart 0x02.
                if (value.Length != 1)
                {
                    return EasQueryError.InvalidParameterValue;
                }

                _options = (EasRequestOptions)value[0];
                continue;
            }

            if (!Utf8.IsValid(value))
            {
                return EasQueryError.InvalidUtf8;
            }

            if (!Store(parameter, value))
            {
                return EasQueryError.InvalidCharacter;
            }
        }

        offset = 0;
        return EasQueryError.None;
    }

    // Reads a one-byte length and that many bytes at 'pos', advancing past both.
    private static EasQueryError ReadLengthPrefixed(ReadOnlySpan<byte> s, scoped ref int pos, out ReadOnlySpan<byte> value, out int offset)
    {
        value = default;
        offset = pos;
        if (pos >= s.Length)
        {
            return EasQueryError.Truncated;
        }

        int length = s[pos];
        if (length > s.Length - pos - 1)
        {
            return EasQueryError.LengthPastEnd;
        }

        value = s.Slice(pos + 1, length);
        pos += 1 + length;
        return EasQueryError.None;
    }

    // [MS-ASHTTP] 2.2.1.1.1.1: the Device ID is "a string or a GUID". One stable text form whichever form a
    // device uses: bytes that are all ASCII letters and digits are the text itself (what the plain form's
    // device-id = 1*32(ALPHA / DIGIT) allows); anything else is raw bytes, shown as upper-case hexadecimal
    // in byte order (a 16-byte GUID gives 32 characters, again a valid plain-form device id).
    private EasQueryError StoreBase64DeviceId(ReadOnlySpan<byte> id, Span<byte> scratch)
    {
        _present |= Fields.DeviceId;
        _rawDeviceId = id;
        if (id.IsEmpty)
        {
            return EasQueryError.DeviceIdMissing;
        }

        if (IsAlphanumeric(id))
        {
            _deviceId = id;
            return id.Length > MaxDeviceIdLength ? EasQueryError.DeviceIdTooLong : EasQueryError.None;
        }

        if (id.Length > MaxBinaryDeviceIdBytes)
        {
            return EasQueryError.DeviceIdTooLong;
        }

        _present |= Fields.BinaryDeviceId;
        Span<byte> hex = scratch[..(id.Length * 2)];
        for (int i = 0; i < id.Length; i++)
        {
            hex[2 * i] = (byte)HexDigits[id[i] >> 4];
            hex[(2 * i) + 1] = (byte)HexDigits[id[i] & 0xF];
        }

        _deviceId = hex;
        return EasQueryError.None;
    }

    // Index in the query of the base64 digit number 'digit' (counting a %XX escape as one digit).
    private static int DigitOffset<T>(ReadOnlySpan<T> query, int start, int digit)
        where T : unmanaged
    {
        int count = 0;
        for (int i = start; i < query.Length; i++)
        {
            int c = At(query, i);
            if (count == digit && c != '=')
            {
                return i;
            }

            if (c == '%')
            {
                i += 2;
            }

            count++;
        }

        return query.Length;
    }

    // Base64 alphabet of RFC 2045 (which [MS-ASHTTP] 2.2.1.1.1.1 cites): 'A'-'Z', 'a'-'z', '0'-'9', '+', '/'.
    private static ReadOnlySpan<sbyte> Base64Map =>
    [
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
        52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
        -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
        15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
        -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
        41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
    ];

    // The base64 digits of RFC 2045: 'A'-'Z', 'a'-'z', '0'-'9', '+', '/'.
    private static readonly SearchValues<byte> Base64Digits =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);
}
