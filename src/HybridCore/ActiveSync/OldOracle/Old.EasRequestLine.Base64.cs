using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;

namespace HybridCore.ActiveSync;

// The base64 form ([MS-ASHTTP] 2.2.1.1.1.1): decoding the query's base64 digits and walking the byte sequence.
// (SkipLocalsInit on the other part covers this one.)
internal ref partial struct EasRequestLineOld
{
    // ---- Base64 form ([MS-ASHTTP] 2.2.1.1.1.1) -------------------------------------------------

    // The shortest digit run the fast path takes. Longer than every plain parameter name (the longest,
    // AttachmentName, has 14 letters), so a run this long followed by '=' cannot be the plain form's "Name=";
    // shorter runs (at most 11 decoded bytes, barely a valid sequence) take the general path.
    internal const int MinFastDigits = 16;

    // The longest digit run the fast path takes: what decodes to at most MaxSequenceBytes (longer runs are an
    // error the general path reports, ValueTooLong at the digit where the buffer would overflow).
    private const int MaxFastDigits = MaxSequenceBytes / 3 * 4;

    // A cheap test, inlined into the caller, that spares plain-form queries the call to TryParseBase64Run: false when
    // one of the first 16 elements is '=' or '&' (nearly every plain query: its first name is at most 14 letters).
    // Never false for a query the fast path takes: after an optional '?' it starts with MinFastDigits digits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MayBeBase64Run<T>(ReadOnlySpan<T> query)
        where T : unmanaged
    {
        if (!Vector128.IsHardwareAccelerated || query.Length < MinFastDigits)
        {
            return true;
        }

        // Bound: 16 elements at the start of a query of at least 16.
        Vector128<byte> first;
        if (typeof(T) == typeof(byte))
        {
            first = Vector128.LoadUnsafe(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(query)));
        }
        else
        {
            // Truncating: a non-ASCII char whose low byte is '=' or '&' only sends the query to the general path,
            // which the fast path would have done too (its digits are ASCII).
            ref ushort chars = ref Unsafe.As<T, ushort>(ref MemoryMarshal.GetReference(query));
            first = Vector128.Narrow(Vector128.LoadUnsafe(ref chars), Vector128.LoadUnsafe(ref chars, 8));
        }

        return (Vector128.Equals(first, Vector128.Create((byte)'=')) | Vector128.Equals(first, Vector128.Create((byte)'&'))) == Vector128<byte>.Zero;
    }

    // The base64 form's fast path, tried before anything else: a query (after an optional '?') that is a run of at
    // least MinFastDigits base64 digits followed by nothing but '=' padding, as real clients send it, is the base64
    // form whatever the general form detection would look at, and needs no escape or padding handling beyond the
    // 0-3 digits of a last partial group. It is decoded straight from the input (bytes or UTF-16, no narrowing
    // copy) into the scratch buffer, and the sequence parsed from there. Returns 1 (parsed) or 0 (failed, 'error'
    // set) for such a query, with exactly the reason, offset and fields the general path gives it (tests check
    // both paths agree); -1 for any other query, 'line' and 'error' then unassigned, and the general path decides.
    // Not inlined: the caller's own inlining budget would otherwise run out inside it (and leave the small helpers
    // below as calls), whatever the caller.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int TryParseBase64Run<T>(ReadOnlySpan<T> query, Span<byte> buffer, out EasRequestLineOld line, out EasQueryErrorInfo error)
        where T : unmanaged
    {
        int start = query.Length > 0 && At(query, 0) == '?' ? 1 : 0;
        ReadOnlySpan<T> digits = query[start..];
        if (buffer.Length < MaxDecodedBytes || digits.Length > MaxFastDigits)
        {
            return NotBase64Run(out line, out error);
        }

        // Bound: DecodedLength(MaxFastDigits) = 2323 <= MaxDecodedBytes <= buffer.Length.
        int run = EasBase64DecoderOld.DecodeGroupsUnchecked(digits, buffer, out int length);
        if (run != digits.Length || (run & 3) != 0 || run < MinFastDigits)
        {
            // Padding, a partial last group, something else after the digits, or too few of them.
            length = FinishBase64Run(digits, run, buffer, length);
            if (length < 0)
            {
                return NotBase64Run(out line, out error);
            }
        }

        Clear(out line);
        line._form = EasQueryForm.Base64;
        int end = line.ParseFixedFields(buffer, length);
        if (end == length)
        {
            error = default;
            return 1;
        }

        // Command parameters, or a sequence the straight line did not settle.
        return line.FinishBase64Sequence(query, start, buffer, length, end, out error);
    }

    // After ParseFixedFields: the command parameters from 'end', or, when the fixed fields were not valid (end < 0),
    // the exact walk of ParseSequence for the reason and offset. Clears the view on an error.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int FinishBase64Sequence<T>(ReadOnlySpan<T> query, int start, Span<byte> buffer, int length, int end, out EasQueryErrorInfo error)
        where T : unmanaged
    {
        ReadOnlySpan<byte> sequence = buffer[..length];
        EasQueryError e = end < 0
            ? ParseSequence(sequence, buffer[length..], out int byteOffset)
            : ParseParameters(sequence, end, out byteOffset);
        if (e == EasQueryError.None)
        {
            error = default;
            return 1;
        }

        this = default;

        // Report the position of the base64 digit that carries the first bit of the offending byte.
        error = new EasQueryErrorInfo(e, DigitOffset(query, start, (int)((long)byteOffset * 8 / 6)));
        return 0;
    }

    // The end of a digit run that is not a whole number of groups up to the end of the query: the run must be at
    // least MinFastDigits long and followed only by '=' (otherwise -1: not for the fast path). The last partial
    // group is decoded after the 'length' bytes of whole groups: two digits carry one byte, three carry two (the bits
    // left over are ignored, as the general path does); one digit is less than a byte, which the general path reports
    // as truncated (-1 too). Returns the decoded length.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int FinishBase64Run<T>(ReadOnlySpan<T> digits, int run, Span<byte> buffer, int length)
        where T : unmanaged
    {
        if (run < MinFastDigits || (run & 3) == 1)
        {
            return -1;
        }

        for (int i = run; i < digits.Length; i++)
        {
            if (At(digits, i) != '=')
            {
                return -1;
            }
        }

        int partial = run & 3;
        if (partial != 0)
        {
            ReadOnlySpan<sbyte> map = EasBase64DecoderOld.Base64Map;
            int at = run - partial;
            int v = (EasBase64DecoderOld.Digit(map, At(digits, at)) << 6) | EasBase64DecoderOld.Digit(map, At(digits, at + 1));
            if (partial == 2)
            {
                buffer[length++] = (byte)(v >> 4);
            }
            else
            {
                v = (v << 6) | EasBase64DecoderOld.Digit(map, At(digits, at + 2));
                buffer[length++] = (byte)(v >> 10);
                buffer[length++] = (byte)(v >> 2);
            }
        }

        return length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NotBase64Run(out EasRequestLineOld line, out EasQueryErrorInfo error)
    {
#if NET9_0_OR_GREATER
        Unsafe.SkipInit(out line);
        Unsafe.SkipInit(out error);
#else
        line = default;
        error = default;
#endif
        return -1;
    }

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
        ReadOnlySpan<sbyte> map = EasBase64DecoderOld.Base64Map;
        int acc = 0;
        int bits = 0;
        int n = 0;
        int digits = 0;
        bool padding = false;
        length = 0;
        int i = start;

        if (typeof(T) == typeof(byte))
        {
            // The leading run of plain base64 digits (form detection already measured it), in whole groups of four,
            // through the vectorised decoder; escapes, padding and a partial last group are left to the loops below.
            // (Text keeps to the scalar loops: it gets here only when it is not ASCII or very long, and
            // TryParseGeneral keeps it as the reference the fast path is tested against.)
            ReadOnlySpan<T> rest = query[start..];
            int run = Math.Min(digitRun >= 0 ? digitRun : rest.Length, MaxSequenceBytes / 3 * 4);
            run = EasBase64DecoderOld.DecodeGroups(rest[..run], buffer, out n) & ~3;
            i += run;
            digits = run;
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

    // The fixed fields of the fast path, in straight-line code for a valid sequence (what nearly every request
    // sends): version, command code, locale, device id, policy key, device type, from the sequence decoded into
    // buffer[..length]. Returns where the command parameters start (length if there are none), or -1 if any field is
    // invalid or missing: the exact walk (ParseSequence) then finds the reason and offset, so this adds no error case
    // of its own. buffer[length..] receives a binary device id's hex text (at most 32 bytes; MaxDecodedBytes less
    // the longest fast-path sequence, 2319 bytes, leaves 33).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ParseFixedFields(Span<byte> buffer, int length)
    {
        // The shortest complete fixed part: version, command, locale (2), three length bytes, a 1-byte device id
        // and a 1-byte device type.
        Debug.Assert(buffer.Length - length >= 32);
        if (length < 9)
        {
            return -1;
        }

        // Version, command code and locale in one little-endian read.
        ref byte p = ref MemoryMarshal.GetReference(buffer);
        uint head = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (!EasProtocolVersion.TryFromEncodedValue((int)(head & 0xFF), out EasProtocolVersion version)
            || !version.SupportsBase64Query
            || !EasCommands.TryFromCode((int)((head >> 8) & 0xFF), out EasCommand command))
        {
            return -1;
        }

        // Bounds, in unsigned native ints (no sign extension): 4 < 9 <= length, so the device id length byte is in
        // the sequence; each later length byte is read only after its index is checked against the length, and
        // each value ends before the next length byte (or at 'end' <= length for the device type).
        nuint size = (nuint)length;
        nuint idLength = Unsafe.Add(ref p, 4);
        nuint keyAt = 5 + idLength;
        if (keyAt >= size)
        {
            return -1;
        }

        nuint keyLength = Unsafe.Add(ref p, keyAt);
        nuint typeAt = keyAt + 1 + keyLength;
        if ((keyLength & ~(nuint)4) != 0 || typeAt >= size)
        {
            return -1;
        }

        nuint typeLength = Unsafe.Add(ref p, typeAt);
        nuint end = typeAt + 1 + typeLength;
        if (typeLength == 0 || end > size)
        {
            return -1;
        }

        Fields present = Fields.Command | Fields.Locale | Fields.DeviceId | Fields.DeviceType;
        ReadOnlySpan<byte> deviceId = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, 5), (int)idLength);
        _rawDeviceId = deviceId;
        _deviceId = deviceId;
        if (idLength - 1 >= MaxDeviceIdLength || !IsAlphanumeric(deviceId))
        {
            // Missing, too long, or raw bytes (a GUID).
            if (StoreBinaryDeviceId(deviceId, buffer[length..]) != EasQueryError.None)
            {
                return -1;
            }

            present |= Fields.BinaryDeviceId;
        }

        ReadOnlySpan<byte> deviceType = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, typeAt + 1), (int)typeLength);
        if (!IsVisibleAscii(deviceType))
        {
            return -1;
        }

        if (keyLength != 0)
        {
            _policyKey = BinaryPrimitives.ReadUInt32LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, keyAt + 1), 4));
            present |= Fields.PolicyKey;
        }

        _version = version;
        _command = command;
        _locale = (ushort)(head >> 16);
        _deviceType = deviceType;
        _present = present;
        return (int)end;
    }

    // Walks the decoded byte sequence of [MS-ASHTTP] 2.2.1.1.1.1. Every length is checked against what
    // remains before it is trusted. 'scratch' (after the sequence) receives a binary device id's hex text.
    // Written for the common case: the position lives in a register (no ref/out helpers), each check's failure
    // sets the offset and returns at once, and the fields present are collected in a local and stored once
    // (on an error the caller discards the whole view, so what was stored before it does not matter).
    private EasQueryError ParseSequence(ReadOnlySpan<byte> s, Span<byte> scratch, out int offset)
    {
        int length = s.Length;

        // Protocol version (1 byte): 121, 140, 141, 160 or 161; 2.5 and 12.0 must use the plain form.
        offset = 0;
        if (length < 1)
        {
            return EasQueryError.Truncated;
        }

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
        if (length < 2)
        {
            return EasQueryError.Truncated;
        }

        if (!EasCommands.TryFromCode(s[1], out _command))
        {
            return EasQueryError.UnknownCommand;
        }

        // Locale (2 bytes): an LCID ([MS-LCID]), little-endian as the spec's example shows (09 04 = 0x0409).
        offset = 2;
        if (length < 4)
        {
            return EasQueryError.Truncated;
        }

        _locale = BinaryPrimitives.ReadUInt16LittleEndian(s[2..]);

        // Device ID length (1 byte) and Device ID (a string or a GUID).
        offset = 4;
        if (length < 5)
        {
            return EasQueryError.Truncated;
        }

        int idLength = s[4];
        if (idLength > length - 5)
        {
            return EasQueryError.LengthPastEnd;
        }

        Fields present = Fields.Command | Fields.Locale | Fields.DeviceId | Fields.DeviceType;
        ReadOnlySpan<byte> deviceId = s.Slice(5, idLength);
        _rawDeviceId = deviceId;
        _deviceId = deviceId;
        if ((uint)(idLength - 1) >= MaxDeviceIdLength || !IsAlphanumeric(deviceId))
        {
            offset = 5;
            EasQueryError e = StoreBinaryDeviceId(deviceId, scratch);
            if (e != EasQueryError.None)
            {
                return e;
            }

            present |= Fields.BinaryDeviceId;
        }

        // Policy key length (1 byte, 0 or 4) and Policy key (optional, 4 bytes, little-endian like the locale).
        int pos = 5 + idLength;
        offset = pos;
        if (pos >= length)
        {
            return EasQueryError.Truncated;
        }

        int keyLength = s[pos];
        if (keyLength != 0)
        {
            if (keyLength != 4)
            {
                return EasQueryError.InvalidPolicyKeyLength;
            }

            if (length - pos - 1 < 4)
            {
                return EasQueryError.LengthPastEnd;
            }

            _policyKey = BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(pos + 1, 4));
            present |= Fields.PolicyKey;
        }

        // Device type length (1 byte) and Device type: 1 or more VCHAR, as the plain form's device-type.
        pos += 1 + keyLength;
        offset = pos;
        if (pos >= length)
        {
            return EasQueryError.Truncated;
        }

        int typeLength = s[pos];
        if (typeLength > length - pos - 1)
        {
            return EasQueryError.LengthPastEnd;
        }

        ReadOnlySpan<byte> deviceType = s.Slice(pos + 1, typeLength);
        _deviceType = deviceType;
        if (typeLength == 0)
        {
            return EasQueryError.DeviceTypeMissing;
        }

        if (!IsVisibleAscii(deviceType))
        {
            return EasQueryError.DeviceTypeInvalid;
        }

        // Command parameters.
        _present = present;
        return ParseParameters(s, pos + 1 + typeLength, out offset);
    }

    // Command parameters, from 'pos' to the end: Tag (1 byte), Length (1 byte), Value ([MS-ASHTTP] 2.2.1.1.1.1.1).
    // _present already holds the fixed fields.
    private EasQueryError ParseParameters(ReadOnlySpan<byte> s, int pos, out int offset)
    {
        int length = s.Length;
        Fields present = _present;
        while (pos < length)
        {
            offset = pos + 1;
            if (pos + 1 >= length)
            {
                return EasQueryError.Truncated;
            }

            int tag = s[pos];
            int valueLength = s[pos + 1];
            if (valueLength > length - pos - 2)
            {
                return EasQueryError.LengthPastEnd;
            }

            ReadOnlySpan<byte> value = s.Slice(pos + 2, valueLength);
            offset = pos;
            pos += 2 + valueLength;
            if (!EasQueryParameters.TryFromTag(tag, out EasQueryParameter parameter))
            {
                return EasQueryError.UnknownParameterTag;
            }

            Fields field = ToField(parameter);
            if ((present & field) != 0)
            {
                return EasQueryError.DuplicateParameter;
            }

            present |= field;
            if (parameter == EasQueryParameter.Options)
            {
                // A single-byte bitmask ([MS-ASHTTP] 2.2.1.1.1.1.3): SaveInSent 0x01, AcceptMultiPart 0x02.
                if (valueLength != 1)
                {
                    return EasQueryError.InvalidParameterValue;
                }

                _options = (EasRequestOptions)value[0];
                continue;
            }

            // Printable ASCII (what nearly every value is) is valid UTF-8 without controls: one vector check
            // instead of the UTF-8 validation and the two control-character scans.
            bool printable = All<PrintableAsciiCheck>(value);
            if (!printable && !Utf8.IsValid(value))
            {
                return EasQueryError.InvalidUtf8;
            }

            if (!Store(parameter, value, printable))
            {
                return EasQueryError.InvalidCharacter;
            }
        }

        _present = present;
        offset = 0;
        return EasQueryError.None;
    }

    // [MS-ASHTTP] 2.2.1.1.1.1: the Device ID is "a string or a GUID". One stable text form whichever form a
    // device uses: bytes that are all ASCII letters and digits are the text itself (what the plain form's
    // device-id = 1*32(ALPHA / DIGIT) allows); anything else is raw bytes, shown as upper-case hexadecimal
    // in byte order (a 16-byte GUID gives 32 characters, again a valid plain-form device id). This is the case
    // the caller's quick test (1 to 32 letters and digits) did not settle: missing, too long, or binary.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private EasQueryError StoreBinaryDeviceId(ReadOnlySpan<byte> id, Span<byte> scratch)
    {
        if (id.IsEmpty)
        {
            return EasQueryError.DeviceIdMissing;
        }

        if (IsAlphanumeric(id))
        {
            return id.Length > MaxDeviceIdLength ? EasQueryError.DeviceIdTooLong : EasQueryError.None;
        }

        if (id.Length > MaxBinaryDeviceIdBytes)
        {
            return EasQueryError.DeviceIdTooLong;
        }

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

    // The base64 digits of RFC 2045: 'A'-'Z', 'a'-'z', '0'-'9', '+', '/'.
    private static readonly SearchValues<byte> Base64Digits =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    // %x20-7E: printable ASCII, space included.
    private readonly struct PrintableAsciiCheck : IByteCheck
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Check(byte b) => (uint)(b - 0x20) <= 0x7E - 0x20;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Check(Vector128<byte> v)
            => Vector128.LessThanOrEqual(v - Vector128.Create((byte)0x20), Vector128.Create((byte)(0x7E - 0x20))) == Vector128<byte>.AllBitsSet;
    }
}
