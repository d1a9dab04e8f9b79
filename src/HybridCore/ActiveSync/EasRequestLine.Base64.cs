using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace HybridCore.ActiveSync;

// The base64 form ([MS-ASHTTP] 2.2.1.1.1.1): the query's base64 digits are un-escaped and decoded with the BCL's
// Base64 into the scratch buffer, then the byte sequence is walked once.
public ref partial struct EasRequestLine
{
    // The most base64 digits a valid sequence can take: more would decode to more than MaxSequenceBytes (3094).
    private const int MaxSequenceDigits = (((MaxSequenceBytes + 1) * 8) - 1) / 6;

    // Digits are gathered in a stack chunk of this many (a multiple of 4) and decoded a chunk at a time.
    private const int ChunkDigits = 256;

    // The base64 digits of RFC 4648 section 4: 'A'-'Z', 'a'-'z', '0'-'9', '+', '/'.
    private static readonly SearchValues<byte> Base64Bytes = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private EasRequestLineError ParseBase64<T>(ReadOnlySpan<T> query, int start, Span<byte> buffer, out int offset)
        where T : unmanaged
    {
        offset = 0;
        EasRequestLineError e = typeof(T) == typeof(byte) && TryDecodeDigits(MemoryMarshal.Cast<T, byte>(query)[start..], buffer, out int length)
            ? EasRequestLineError.None
            : DecodeBase64(query, start, buffer, out length, out offset);
        if (e == EasRequestLineError.None)
        {
            e = ParseSequence(buffer[..length], buffer[length..], out int byteOffset);
            if (e != EasRequestLineError.None)
            {
                // Report the position of the base64 digit that carries the first bit of the offending byte.
                offset = DigitOffset(query, start, (int)((long)byteOffset * 8 / 6));
            }
        }

        return e;
    }

    // Decodes the base64 digits of query[start..] into the buffer, one element at a time (TryDecodeDigits takes the
    // usual query in one call). Accepted, as real clients send them: raw '+' and '/' (a raw '+' is a digit, never a
    // space), percent-encoded digits (%2B, %2F) and padding (%3D), and missing '=' padding. Bits left over after the
    // last whole byte are ignored. Errors come in query order.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static EasRequestLineError DecodeBase64<T>(ReadOnlySpan<T> query, int start, Span<byte> buffer, out int length, out int offset)
        where T : unmanaged
    {
        Unsafe.SkipInit(out DigitChunk chunkStorage);
        Span<byte> chunk = chunkStorage;
        int held = 0; // digits in the chunk
        int count = 0; // digits so far
        int n = 0; // bytes decoded
        bool padding = false;
        length = 0;
        for (int i = start; i < query.Length; i++)
        {
            int at = i;
            int c = At(query, i);
            if (c == '%')
            {
                c = PercentEscape(query, i);
                if (c < 0)
                {
                    offset = i;
                    return EasRequestLineError.InvalidPercentEncoding;
                }

                i += 2;
            }

            if (c == '=')
            {
                padding = true;
                continue;
            }

            // A digit after padding is an error; so is the digit that would decode past the longest sequence, which
            // stops the walk before the buffer could overflow.
            offset = at;
            if (padding || c > 0x7F || !Base64Bytes.Contains((byte)c))
            {
                return EasRequestLineError.InvalidBase64;
            }

            if (count == MaxSequenceDigits)
            {
                return EasRequestLineError.ValueTooLong;
            }

            chunk[held++] = (byte)c;
            count++;
            n += held == ChunkDigits ? DecodeChunk(chunk, ref held, buffer[n..]) : 0;
        }

        if ((count & 3) == 1)
        {
            // A lone digit after the last group carries 6 bits: less than a byte, so the text was cut.
            offset = query.Length;
            return EasRequestLineError.Truncated;
        }

        length = n + (held == 0 ? 0 : DecodeChunk(chunk, ref held, buffer[n..]));
        offset = 0;
        return EasRequestLineError.None;
    }

    // The usual query, UTF-8 and only digits (no escapes or padding), decoded in one call; false for anything else,
    // which DecodeBase64 walks. Base64 skips white space, which the grammar does not allow; white space would
    // leave fewer bytes written than the digits make, so 'written' is checked.
    private static bool TryDecodeDigits(ReadOnlySpan<byte> digits, Span<byte> buffer, out int length)
    {
        int whole = digits.Length & ~3;
        int tail = digits.Length & 3;
        length = (whole / 4 * 3) + (tail == 0 ? 0 : tail - 1);
        if (digits.Length > MaxSequenceDigits || tail == 1
            || Base64.DecodeFromUtf8(digits[..whole], buffer, out _, out int written) != OperationStatus.Done || written != whole / 4 * 3)
        {
            return false;
        }

        if (tail == 0)
        {
            return true;
        }

        // The last 2 or 3 digits, completed with 'A' (zero bits) as in DecodeChunk.
        Span<byte> group = [(byte)'A', (byte)'A', (byte)'A', (byte)'A'];
        digits[whole..].CopyTo(group);
        return Base64.DecodeFromUtf8(group, buffer[written..], out _, out int last) == OperationStatus.Done && last == 3;
    }

    [InlineArray(ChunkDigits)]
    private struct DigitChunk
    {
        private byte _first;
    }

    // Decodes the digits held in the chunk (never one past a whole group), empties it and returns the bytes written. A
    // last group of 2 or 3 digits is completed with 'A' (zero bits) and only its whole bytes count: leftover bits are ignored.
    private static int DecodeChunk(Span<byte> chunk, ref int held, Span<byte> destination)
    {
        int partial = held & 3;
        Debug.Assert(partial != 1);
        int whole = partial == 0 ? held : held + 4 - partial;
        chunk[held..whole].Fill((byte)'A');
        OperationStatus status = Base64.DecodeFromUtf8(chunk[..whole], destination, out _, out int written);
        Debug.Assert(status == OperationStatus.Done);
        held = 0;
        return partial == 0 ? written : written - 4 + partial;
    }

    // Walks the decoded byte sequence of [MS-ASHTTP] 2.2.1.1.1.1; every length is checked against what remains before
    // it is trusted. Each step sets 'offset' to the byte it reads, so an error points at it. 'scratch' (after the
    // sequence) receives a binary device id's hex text.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private EasRequestLineError ParseSequence(ReadOnlySpan<byte> s, Span<byte> scratch, out int offset)
    {
        int length = s.Length;

        // Protocol version (1 byte): 121, 140, 141, 160 or 161; 2.5 and 12.0 must use the plain form. Command code
        // (1 byte, 2.2.1.1.1.1.2). Locale (2 bytes): an LCID ([MS-LCID]), little-endian as the spec's example shows.
        offset = 0;
        EasRequestLineError e = length < 1 ? EasRequestLineError.Truncated
            : !EasProtocolVersion.TryFromEncodedValue(s[0], out _version) ? EasRequestLineError.UnknownProtocolVersion
            : !_version.SupportsBase64Query ? EasRequestLineError.UnsupportedProtocolVersionForForm
            : (offset = 1) > length - 1 ? EasRequestLineError.Truncated
            : !EasCommands.TryFromCode(s[1], out _command) ? EasRequestLineError.UnknownCommand
            : (offset = 2) > length - 2 ? EasRequestLineError.Truncated
            : (offset = 4) > length - 1 ? EasRequestLineError.Truncated
            : s[4] > length - 5 ? EasRequestLineError.LengthPastEnd : EasRequestLineError.None;
        if (e != EasRequestLineError.None)
        {
            return e;
        }

        // Device ID length (1 byte) and Device ID (a string or a GUID).
        _locale = BinaryPrimitives.ReadUInt16LittleEndian(s[2..]);
        Fields present = Fields.Command | Fields.Locale | Fields.DeviceId | Fields.DeviceType;
        int idLength = s[4];
        _rawDeviceId = _deviceId = s.Slice(5, idLength);
        if ((uint)(idLength - 1) >= MaxDeviceIdLength || !IsAlphanumeric(_deviceId))
        {
            offset = 5;
            e = StoreBinaryDeviceId(_rawDeviceId, scratch);
            if (e != EasRequestLineError.None)
            {
                return e;
            }

            present |= Fields.BinaryDeviceId;
        }

        // Policy key length (1 byte, 0 or 4) and Policy key (optional, 4 bytes, little-endian like the locale).
        int pos = offset = 5 + idLength;
        int keyLength = pos < length ? s[pos] : -1;
        e = keyLength < 0 ? EasRequestLineError.Truncated
            : keyLength is not 0 and not 4 ? EasRequestLineError.InvalidPolicyKeyLength
            : keyLength > length - pos - 1 ? EasRequestLineError.LengthPastEnd : EasRequestLineError.None;
        if (e != EasRequestLineError.None)
        {
            return e;
        }

        if (keyLength != 0)
        {
            _policyKey = BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(pos + 1, 4));
            present |= Fields.PolicyKey;
        }

        // Device type length (1 byte) and Device type: 1 or more VCHAR, as the plain form's device-type.
        pos = offset = pos + 1 + keyLength;
        int typeLength = pos < length ? s[pos] : -1;
        e = typeLength < 0 ? EasRequestLineError.Truncated
            : typeLength > length - pos - 1 ? EasRequestLineError.LengthPastEnd
            : typeLength == 0 ? EasRequestLineError.DeviceTypeMissing
            : !IsVisibleAscii(_deviceType = s.Slice(pos + 1, typeLength)) ? EasRequestLineError.DeviceTypeInvalid : EasRequestLineError.None;
        if (e != EasRequestLineError.None)
        {
            return e;
        }

        _present = present;
        pos += 1 + typeLength;
        offset = 0;
        return pos == length ? EasRequestLineError.None : ParseParameters(s, pos, out offset);
    }

    // Command parameters, from 'pos' to the end: Tag (1 byte), Length (1 byte), Value ([MS-ASHTTP] 2.2.1.1.1.1.1).
    // _present already holds the fixed fields.
    private EasRequestLineError ParseParameters(ReadOnlySpan<byte> s, int pos, out int offset)
    {
        int length = s.Length;
        Fields present = _present;
        while (pos < length)
        {
            offset = pos + 1;
            int valueLength = pos + 1 < length ? s[pos + 1] : -1;
            if (valueLength < 0 || valueLength > length - pos - 2)
            {
                return valueLength < 0 ? EasRequestLineError.Truncated : EasRequestLineError.LengthPastEnd;
            }

            ReadOnlySpan<byte> value = s.Slice(pos + 2, valueLength);
            offset = pos;
            bool known = EasQueryParameters.TryFromTag(s[pos], out EasQueryParameter parameter);
            Fields field = ToField(parameter);
            pos += 2 + valueLength;
            if (!known || (present & field) != 0)
            {
                return known ? EasRequestLineError.DuplicateParameter : EasRequestLineError.UnknownParameterTag;
            }

            present |= field;
            if (parameter == EasQueryParameter.Options)
            {
                // A single-byte bitmask ([MS-ASHTTP] 2.2.1.1.1.1.3): SaveInSent 0x01, AcceptMultiPart 0x02.
                if (valueLength != 1)
                {
                    return EasRequestLineError.InvalidParameterValue;
                }

                _options = (EasRequestOptions)value[0];
                continue;
            }

            // Printable ASCII (what nearly every value is) is valid UTF-8 without controls: one vector check
            // instead of the UTF-8 validation and the two control-character scans.
            bool printable = IsPrintableAscii(value);
            EasRequestLineError e = !printable && !Utf8.IsValid(value) ? EasRequestLineError.InvalidUtf8
                : Store(parameter, value, printable, visible: false) != EasRequestLineError.None ? EasRequestLineError.InvalidCharacter
                : EasRequestLineError.None;
            if (e != EasRequestLineError.None)
            {
                return e;
            }
        }

        _present = present;
        offset = 0;
        return EasRequestLineError.None;
    }

    // [MS-ASHTTP] 2.2.1.1.1.1: the Device ID is "a string or a GUID". One stable text form whichever form a
    // device uses: bytes that are all ASCII letters and digits are the text itself (what the plain form's
    // device-id = 1*32(ALPHA / DIGIT) allows); anything else is raw bytes, shown as upper-case hexadecimal
    // in byte order (a 16-byte GUID gives 32 characters, again a valid plain-form device id). This is the case
    // the caller's quick test (1 to 32 letters and digits) did not settle: missing, too long, or binary.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private EasRequestLineError StoreBinaryDeviceId(ReadOnlySpan<byte> id, Span<byte> scratch)
    {
        bool text = IsAlphanumeric(id);
        if (id.IsEmpty || text || id.Length > MaxBinaryDeviceIdBytes)
        {
            return id.IsEmpty ? EasRequestLineError.DeviceIdMissing
                : !text || id.Length > MaxDeviceIdLength ? EasRequestLineError.DeviceIdTooLong : EasRequestLineError.None;
        }

        Convert.TryToHexString(id, scratch, out int written);
        _deviceId = scratch[..written];
        return EasRequestLineError.None;
    }

    // Index in the query of the base64 digit number 'digit' (counting a %XX escape as one digit).
    private static int DigitOffset<T>(ReadOnlySpan<T> query, int start, int digit)
        where T : unmanaged
    {
        for (int i = start, count = 0; i < query.Length; i++, count++)
        {
            int c = At(query, i);
            if (count == digit && c != '=')
            {
                return i;
            }

            i += c == '%' ? 2 : 0;
        }

        return query.Length;
    }
}
