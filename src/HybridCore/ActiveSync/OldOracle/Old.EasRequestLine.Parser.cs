using System;
using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace HybridCore.ActiveSync;

// The parser proper. One generic implementation serves UTF-16 (char) and UTF-8 (byte) input; the JIT
// specialises it per element type, so the typeof(T) tests below cost nothing at run time. Locals need no
// zeroing: every one is assigned before it is read (the parser has no stackalloc).
[SkipLocalsInit]
internal ref partial struct EasRequestLineOld
{
    // The general path for text, without the narrowing fast path: what text with non-ASCII characters takes. Tests
    // check that every ASCII query gets the same answer from both paths.
    internal static bool TryParseGeneral(ReadOnlySpan<char> query, Span<byte> buffer, out EasRequestLineOld line, out EasQueryErrorInfo error)
        => TryParseQuery(query, buffer, out line, out error);

    // The query alone; the plain form's headers are applied after (TryApplyHeaders), so the common call without
    // headers does not copy an empty header struct.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParseCore<T>(ReadOnlySpan<T> query, Span<byte> buffer, out EasRequestLineOld line, out EasQueryErrorInfo error)
        where T : unmanaged
    {
        // The base64 form as clients send it (digits, optional '=' padding) first: EasRequestLineOld.Base64.cs.
        if (MayBeBase64Run(query))
        {
            int base64 = TryParseBase64Run(query, buffer, out line, out error);
            if (base64 >= 0)
            {
                return base64 != 0;
            }
        }

        if (buffer.Length >= MaxDecodedBytes && query.Length <= MaxNarrowedQuery)
        {
            // Queries up to MaxNarrowedQuery (nearly every real one) are marked in one vectorised pass (MarkBlocks);
            // text that is all ASCII is narrowed into the end of the scratch buffer in the same pass and parsed as
            // bytes. Offsets are unchanged (one byte per char).
            MarkBlocks blocks;
            Unsafe.SkipInit(out blocks);
            if (typeof(T) == typeof(char))
            {
                ReadOnlySpan<char> chars = MemoryMarshal.Cast<T, char>(query);
                Span<byte> narrowedQuery = buffer[^chars.Length..];
                if (NarrowAndMarkAll(chars, narrowedQuery, blocks))
                {
                    return TryParseMarked(narrowedQuery, blocks, buffer, out line, out error);
                }
            }
            else
            {
                ReadOnlySpan<byte> bytes = MemoryMarshal.Cast<T, byte>(query);
                MarkAll(bytes, blocks);
                return TryParseMarked(bytes, blocks, buffer, out line, out error);
            }
        }

        return TryParseQuery(query, buffer, out line, out error);
    }

    // A query of at most MaxNarrowedQuery bytes whose blocks are marked (UTF-8 input or narrowed text).
    private static bool TryParseMarked(ReadOnlySpan<byte> query, scoped ReadOnlySpan<ulong> blocks, Span<byte> buffer, out EasRequestLineOld line, out EasQueryErrorInfo error)
    {
        Clear(out line);
        EasQueryError reason;
        int offset;
        int start = query.Length > 0 && query[0] == '?' ? 1 : 0;
        if (start == query.Length)
        {
            reason = EasQueryError.Empty;
            offset = start;
        }
        else
        {
            reason = line.ParsePlainBytes(query, start, blocks, detect: true, buffer, out offset);
            if (reason == NotSettled)
            {
                if (IsPlainForm(query, start, out int digitRun))
                {
                    reason = line.ParsePlainBytes(query, start, blocks, detect: false, buffer, out offset);
                }
                else
                {
                    line._form = EasQueryForm.Base64;
                    reason = line.ParseBase64(query, start, digitRun, buffer, out offset);
                }
            }
        }

        return Finish(reason, offset, ref line, out error);
    }

    // The general parser: text the narrowing did not take (non-ASCII characters, or longer than MaxNarrowedQuery)
    // and UTF-8 longer than MaxNarrowedQuery. Same answers as the marked path (a differential test checks it).
    private static bool TryParseQuery<T>(ReadOnlySpan<T> query, Span<byte> buffer, out EasRequestLineOld line, out EasQueryErrorInfo error)
        where T : unmanaged
    {
        Clear(out line);
        EasQueryError reason;
        int offset;
        if (buffer.Length < MaxDecodedBytes)
        {
            reason = EasQueryError.BufferTooSmall;
            offset = 0;
        }
        else
        {
            int start = query.Length > 0 && At(query, 0) == '?' ? 1 : 0;
            if (start == query.Length)
            {
                reason = EasQueryError.Empty;
                offset = start;
            }
            else if (IsPlainForm(query, start, out int digitRun))
            {
                line._form = EasQueryForm.Plain;
                reason = line.ParsePlain(query, start, buffer, out offset);
            }
            else
            {
                line._form = EasQueryForm.Base64;
                reason = line.ParseBase64(query, start, digitRun, buffer, out offset);
            }
        }

        return Finish(reason, offset, ref line, out error);
    }

    // The parse's answer: true, or false with the error (and the view cleared, so nothing half-parsed is read).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Finish(EasQueryError reason, int offset, scoped ref EasRequestLineOld line, out EasQueryErrorInfo error)
    {
        if (reason == EasQueryError.None)
        {
            error = default;
            return true;
        }

        line = default;
        error = new EasQueryErrorInfo(reason, offset);
        return false;
    }

    // line = default, but in a few vector stores: for a struct this size holding spans the JIT zeroes one pointer
    // at a time in a loop. Zeroing is safe for the GC whatever the store width.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear(out EasRequestLineOld line)
    {
#if NET9_0_OR_GREATER
        Unsafe.SkipInit(out line);
        Unsafe.InitBlockUnaligned(ref Unsafe.As<EasRequestLineOld, byte>(ref line), 0, (uint)Unsafe.SizeOf<EasRequestLineOld>());
#else
        line = default;
#endif
    }

    // ---- Form detection -----------------------------------------------------------------------

    // [MS-ASHTTP] 2.2.1.1.1: the plain form is name=value pairs joined by '&'; the base64 form is base64
    // digits, in which '=' can only be trailing padding. So: any '&', any '=' followed by something other
    // than '=', or a known parameter name before the first '=' means the plain form.
    private static bool IsPlainForm<T>(ReadOnlySpan<T> query, int start, out int digitRun)
        where T : unmanaged
    {
        digitRun = -1;
        ReadOnlySpan<T> q = query[start..];
        if (typeof(T) == typeof(byte))
        {
            // One vectorised scan settles the usual cases: only base64 digits is the base64 form; a known name
            // followed by '=' (or a leading '&') is the plain form.
            ReadOnlySpan<byte> bytes = MemoryMarshal.Cast<T, byte>(q);
            int other = bytes.IndexOfAnyExcept(Base64Digits);
            digitRun = other < 0 ? bytes.Length : other;
            if (other < 0)
            {
                return false;
            }

            if (bytes[other] == '&' || (bytes[other] == '=' && other > 0 && TryParseName(bytes[..other], out _)))
            {
                return true;
            }
        }

        if (IndexOf(q, '&') >= 0)
        {
            return true;
        }

        int eq = IndexOf(q, '=');
        if (eq < 0)
        {
            return false;
        }

        if (eq > 0 && TryParseName(q[..eq], out _))
        {
            return true;
        }

        for (int i = eq; i < q.Length - 1; i++)
        {
            if (At(q, i) == '=' && At(q, i + 1) != '=')
            {
                return true;
            }
        }

        return false;
    }

    // ---- Plain form ([MS-ASHTTP] 2.2.1.1.1.2) --------------------------------------------------

    private EasQueryError ParsePlain<T>(ReadOnlySpan<T> query, int start, Span<byte> buffer, out int offset)
        where T : unmanaged
    {
        int used = 0;
        int pos = start;
        while (pos <= query.Length)
        {
            // Scan the name up to '=' or '&' (names are short, so a scalar loop beats a vector search).
            int nameEnd = pos;
            while (nameEnd < query.Length && At(query, nameEnd) is not '=' and not '&')
            {
                nameEnd++;
            }

            bool hasValue = nameEnd < query.Length && At(query, nameEnd) == '=';
            int valueStart = hasValue ? nameEnd + 1 : nameEnd;

            // Parameter names are matched ignoring case, as IIS and ASP.NET do; a name that is not an
            // EAS parameter (a proxy's or tool's addition, e.g. an IIS log's Log=) is skipped.
            if (nameEnd > pos && TryParseName(query[pos..nameEnd], out EasQueryParameter parameter))
            {
                int amp = IndexOf(query[valueStart..], '&');
                int end = amp < 0 ? query.Length : valueStart + amp;

                Fields field = ToField(parameter);
                if ((_present & field) != 0)
                {
                    offset = pos;
                    return EasQueryError.DuplicateParameter;
                }

                _present |= field;
                EasQueryError e = ParsePlainValue(parameter, query[valueStart..end], valueStart, buffer, ref used, out offset);
                if (e != EasQueryError.None)
                {
                    return e;
                }

                pos = end + 1;
            }
            else
            {
                int amp = valueStart < query.Length ? IndexOf(query[valueStart..], '&') : -1;
                pos = amp < 0 ? query.Length + 1 : valueStart + amp + 1;
            }
        }

        offset = query.Length;
        if ((_present & Fields.Command) == 0)
        {
            return EasQueryError.MissingCommand;
        }

        if ((_present & Fields.DeviceId) == 0)
        {
            return EasQueryError.DeviceIdMissing;
        }

        if ((_present & Fields.DeviceType) == 0)
        {
            return EasQueryError.DeviceTypeMissing;
        }

        offset = 0;
        return EasQueryError.None;
    }

    private EasQueryError ParsePlainValue<T>(EasQueryParameter parameter, ReadOnlySpan<T> raw, int rawOffset, Span<byte> buffer, scoped ref int used, out int offset)
        where T : unmanaged
    {
        offset = rawOffset;
        switch (parameter)
        {
            case EasQueryParameter.Cmd:
                // command-name = 1*ALPHA: no decoding needed; exact spelling first, then ignoring case.
                if (raw.IsEmpty)
                {
                    return EasQueryError.MissingCommand;
                }

                return TryParseCommand(raw, out _command) ? EasQueryError.None : EasQueryError.UnknownCommand;

            case EasQueryParameter.SaveInSent:
                // [MS-ASHTTP] 2.2.1.1.1.2.5: "T" to save in Sent Items, otherwise "F" (the default).
                if (raw.Length == 1 && (At(raw, 0) | 0x20) == 't')
                {
                    _options |= EasRequestOptions.SaveInSent;
                    return EasQueryError.None;
                }

                return raw.Length == 1 && (At(raw, 0) | 0x20) == 'f' ? EasQueryError.None : EasQueryError.InvalidParameterValue;

            case EasQueryParameter.User:
            case EasQueryParameter.DeviceId:
            case EasQueryParameter.DeviceType:
            case EasQueryParameter.AttachmentName:
            case EasQueryParameter.CollectionId:
            case EasQueryParameter.ItemId:
            case EasQueryParameter.LongId:
            case EasQueryParameter.Occurrence:
                EasQueryError e = DecodeValue(raw, rawOffset, buffer, ref used, out ReadOnlySpan<byte> value, out bool printable, out offset);
                if (e != EasQueryError.None)
                {
                    return e;
                }

                return !Store(parameter, value, printable) ? Reject(parameter, value, rawOffset, out offset) : EasQueryError.None;

            default:
                // A name the spec table marks plain but this parser does not model: accept and ignore.
                return EasQueryError.None;
        }
    }

    // Stores a decoded text value; returns whether it is valid.
    // 'printable' says the value is already known to be printable ASCII, so the control-character scan is skipped.
    private bool Store(EasQueryParameter parameter, ReadOnlySpan<byte> value, bool printable = false)
    {
        switch (parameter)
        {
            case EasQueryParameter.DeviceId:
                _deviceId = value;
                _rawDeviceId = value;
                return !value.IsEmpty && value.Length <= MaxDeviceIdLength && IsAlphanumeric(value);
            case EasQueryParameter.DeviceType:
                _deviceType = value;
                return !value.IsEmpty && IsVisibleAscii(value);
            case EasQueryParameter.User:
                _user = value;
                break;
            case EasQueryParameter.AttachmentName:
                _attachmentName = value;
                break;
            case EasQueryParameter.CollectionId:
                _collectionId = value;
                break;
            case EasQueryParameter.ItemId:
                _itemId = value;
                break;
            case EasQueryParameter.LongId:
                _longId = value;
                break;
            case EasQueryParameter.Occurrence:
                _occurrence = value;
                break;
        }

        return printable || IndexOfControl(value) < 0;
    }

    private static EasQueryError Reject(EasQueryParameter parameter, ReadOnlySpan<byte> value, int valueOffset, out int offset)
    {
        offset = valueOffset;
        return parameter switch
        {
            EasQueryParameter.DeviceId => value.IsEmpty ? EasQueryError.DeviceIdMissing
                : value.Length > MaxDeviceIdLength ? EasQueryError.DeviceIdTooLong
                : EasQueryError.DeviceIdInvalid,
            EasQueryParameter.DeviceType => value.IsEmpty ? EasQueryError.DeviceTypeMissing : EasQueryError.DeviceTypeInvalid,
            _ => EasQueryError.InvalidCharacter,
        };
    }

    // Percent-decodes one plain-form value into UTF-8 ('+' is a space, as in HTML form encoding, which is
    // how clients and IIS treat the query). UTF-8 input that needs no decoding is returned as a slice of the
    // query; everything else is written to the scratch buffer (at most MaxValueBytes per value).
    private static EasQueryError DecodeValue<T>(ReadOnlySpan<T> raw, int rawOffset, Span<byte> buffer, scoped ref int used, out ReadOnlySpan<byte> value, out bool printable, out int offset)
        where T : unmanaged
    {
        value = default;
        printable = false;
        offset = rawOffset;
        if (typeof(T) == typeof(byte))
        {
            ReadOnlySpan<byte> bytes = MemoryMarshal.Cast<T, byte>(raw);
            if (bytes.Length <= MaxValueBytes && IsPlainText(bytes))
            {
                value = bytes;
                printable = true;
                return EasQueryError.None;
            }

            if (bytes.IndexOfAny((byte)'%', (byte)'+') < 0)
            {
                if (bytes.Length > MaxValueBytes)
                {
                    return EasQueryError.ValueTooLong;
                }

                if (!Utf8.IsValid(bytes))
                {
                    return EasQueryError.InvalidUtf8;
                }

                value = bytes;
                return EasQueryError.None;
            }
        }
        else
        {
            // Printable ASCII with nothing to decode (the common case): a vectorised narrowing copy and one
            // vectorised check.
            ReadOnlySpan<char> chars = MemoryMarshal.Cast<T, char>(raw);
            if (chars.Length <= MaxValueBytes)
            {
                Span<byte> target = buffer.Slice(used, chars.Length);
                if (NarrowPlainText(chars, target))
                {
                    used += chars.Length;
                    value = target;
                    printable = true;
                    return EasQueryError.None;
                }
            }
        }

        return DecodeEscapedValue(raw, rawOffset, buffer, ref used, out value, out offset);
    }

    // The general case of DecodeValue: escapes, '+', non-ASCII, errors. Kept out of line so the fast path
    // above stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static EasQueryError DecodeEscapedValue<T>(ReadOnlySpan<T> raw, int rawOffset, Span<byte> buffer, scoped ref int used, out ReadOnlySpan<byte> value, out int offset)
        where T : unmanaged
    {
        value = default;
        offset = rawOffset;
        Span<byte> dest = buffer.Slice(used, MaxValueBytes);
        int n = 0;
        int high = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            int c = At(raw, i);
            if (c != '%' && c != '+' && c < 0x80)
            {
                // A run up to the next escape: copied in bulk (narrowed for chars; a non-ASCII char ends
                // the bulk copy and is encoded below).
                ReadOnlySpan<T> rest = raw[i..];
                int run = IndexOfEscape(rest);
                int copied;
                if (typeof(T) == typeof(char))
                {
                    OperationStatus status = Ascii.FromUtf16(MemoryMarshal.Cast<T, char>(rest[..run]), dest[n..], out copied);
                    if (status == OperationStatus.DestinationTooSmall)
                    {
                        offset = rawOffset;
                        return EasQueryError.ValueTooLong;
                    }
                }
                else
                {
                    ReadOnlySpan<byte> bytes = MemoryMarshal.Cast<T, byte>(rest[..run]);
                    if (!bytes.TryCopyTo(dest[n..]))
                    {
                        offset = rawOffset;
                        return EasQueryError.ValueTooLong;
                    }

                    copied = run;
                    high |= Ascii.IsValid(bytes) ? 0 : 0x80;
                }

                n += copied;
                i += copied - 1;
                continue;
            }

            int b;
            if (c == '%')
            {
                b = PercentEscape(raw, i);
                if (b < 0)
                {
                    offset = rawOffset + i;
                    return EasQueryError.InvalidPercentEncoding;
                }

                i += 2;
            }
            else if (c == '+')
            {
                b = ' ';
            }
            else if (c < 0x80 || typeof(T) == typeof(byte))
            {
                b = c;
            }
            else
            {
                // Non-ASCII UTF-16 in the query (a host that already decoded it): encode as UTF-8.
                ReadOnlySpan<char> rest = MemoryMarshal.Cast<T, char>(raw)[i..];
                if (Rune.DecodeFromUtf16(rest, out Rune rune, out int consumed) != OperationStatus.Done)
                {
                    offset = rawOffset + i;
                    return EasQueryError.InvalidUtf8;
                }

                if (n + rune.Utf8SequenceLength > MaxValueBytes)
                {
                    offset = rawOffset;
                    return EasQueryError.ValueTooLong;
                }

                n += rune.EncodeToUtf8(dest[n..]);
                high = 0x80;
                i += consumed - 1;
                continue;
            }

            if (n == MaxValueBytes)
            {
                offset = rawOffset;
                return EasQueryError.ValueTooLong;
            }

            dest[n++] = (byte)b;
            high |= b;
        }

        value = dest[..n];
        used += n;
        if (high >= 0x80 && !Utf8.IsValid(value))
        {
            return EasQueryError.InvalidUtf8;
        }

        return EasQueryError.None;
    }

    // The plain form's headers, after a successful parse; the base64 form carries its own version, policy key and
    // options, so headers are ignored for it ([MS-ASHTTP] 2.2.1.1.2.5/.6/.8). On an error the view is cleared.
    private bool TryApplyHeaders(scoped EasRequestHeaders headers, out EasQueryErrorInfo error)
    {
        error = default;
        if (_form != EasQueryForm.Plain)
        {
            return true;
        }

        EasQueryError reason = ApplyHeaders(headers, out int offset);
        if (reason == EasQueryError.None)
        {
            return true;
        }

        this = default;
        error = new EasQueryErrorInfo(reason, offset);
        return false;
    }

    private EasQueryError ApplyHeaders(scoped EasRequestHeaders headers, out int offset)
    {
        offset = 0;
        if (headers.IsUtf8)
        {
            if (!headers.ProtocolVersionUtf8.IsEmpty && !EasProtocolVersion.TryParse(headers.ProtocolVersionUtf8, out _version))
            {
                return EasQueryError.InvalidProtocolVersionHeader;
            }

            if (!headers.PolicyKeyUtf8.IsEmpty)
            {
                if (!Utf8Parser.TryParse(headers.PolicyKeyUtf8, out _policyKey, out int consumed) || consumed != headers.PolicyKeyUtf8.Length || !IsAllDigits(headers.PolicyKeyUtf8))
                {
                    return EasQueryError.InvalidPolicyKeyHeader;
                }

                _present |= Fields.PolicyKey;
            }

            return ApplyAcceptMultiPart(headers.AcceptMultiPartUtf8.Length, headers.AcceptMultiPartUtf8.IsEmpty ? 0 : headers.AcceptMultiPartUtf8[0]);
        }

        if (!headers.ProtocolVersionChars.IsEmpty && !EasProtocolVersion.TryParse(headers.ProtocolVersionChars, out _version))
        {
            return EasQueryError.InvalidProtocolVersionHeader;
        }

        if (!headers.PolicyKeyChars.IsEmpty)
        {
            if (!uint.TryParse(headers.PolicyKeyChars, NumberStyles.None, CultureInfo.InvariantCulture, out _policyKey))
            {
                return EasQueryError.InvalidPolicyKeyHeader;
            }

            _present |= Fields.PolicyKey;
        }

        return ApplyAcceptMultiPart(headers.AcceptMultiPartChars.Length, headers.AcceptMultiPartChars.IsEmpty ? 0 : headers.AcceptMultiPartChars[0]);
    }

    // [MS-ASHTTP] 2.2.1.1.2.5: MS-ASAcceptMultiPart is "T" (multipart) or "F".
    private EasQueryError ApplyAcceptMultiPart(int length, int first)
    {
        if (length == 0)
        {
            return EasQueryError.None;
        }

        if (length == 1 && (first | 0x20) == 't')
        {
            _options |= EasRequestOptions.AcceptMultiPart;
            return EasQueryError.None;
        }

        return length == 1 && (first | 0x20) == 'f' ? EasQueryError.None : EasQueryError.InvalidAcceptMultiPartHeader;
    }

    private static bool IsAllDigits(ReadOnlySpan<byte> s) => s.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;

    internal const string HexDigits = "0123456789ABCDEF";

    // ---- Small helpers -------------------------------------------------------------------------

    // The element at i as an int. Callers keep 0 <= i < s.Length (asserted), so the read skips the bounds check.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int At<T>(ReadOnlySpan<T> s, int i)
        where T : unmanaged
    {
        Debug.Assert((uint)i < (uint)s.Length);
        ref T first = ref MemoryMarshal.GetReference(s);
        return typeof(T) == typeof(char)
            ? Unsafe.Add(ref Unsafe.As<T, char>(ref first), i)
            : Unsafe.Add(ref Unsafe.As<T, byte>(ref first), i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOf<T>(ReadOnlySpan<T> s, char c)
        where T : unmanaged
        => typeof(T) == typeof(char)
            ? MemoryMarshal.Cast<T, char>(s).IndexOf(c)
            : MemoryMarshal.Cast<T, byte>(s).IndexOf((byte)c);

    // Narrows 'chars' into 'target' if every char is printable ASCII other than '%' and '+' (a value that needs
    // no decoding); returns false otherwise (the target then holds garbage). One pass: eight or sixteen chars per
    // step with Vector128 where the hardware has it, then a scalar tail. (The general span helpers were measured
    // slower here: their set-up cost dominates on values this short.)
    private static bool NarrowPlainText(ReadOnlySpan<char> chars, Span<byte> target)
    {
        Debug.Assert(target.Length >= chars.Length);
        int i = 0;
        if (Vector128.IsHardwareAccelerated && chars.Length >= 8)
        {
            ref ushort src = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
            ref byte dst = ref MemoryMarshal.GetReference(target);
            for (; i <= chars.Length - 16; i += 16)
            {
                Vector128<ushort> a = Vector128.LoadUnsafe(ref src, (nuint)i);
                Vector128<ushort> b = Vector128.LoadUnsafe(ref src, (nuint)(i + 8));
                if (!IsPlainText(a) || !IsPlainText(b))
                {
                    return false;
                }

                Vector128.Narrow(a, b).StoreUnsafe(ref dst, (nuint)i);
            }

            if (i <= chars.Length - 8)
            {
                Vector128<ushort> a = Vector128.LoadUnsafe(ref src, (nuint)i);
                if (!IsPlainText(a))
                {
                    return false;
                }

                Vector128.Narrow(a, a).GetLower().StoreUnsafe(ref dst, (nuint)i);
                i += 8;
            }
        }

        for (; i < chars.Length; i++)
        {
            char c = chars[i];
            if (c < ' ' || c > '~' || c == '%' || c == '+')
            {
                return false;
            }

            target[i] = (byte)c;
        }

        return true;
    }

    // Whether every byte is printable ASCII other than '%' and '+' (a UTF-8 value that needs no decoding).
    private static bool IsPlainText(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref byte src = ref MemoryMarshal.GetReference(bytes);
            for (; i <= bytes.Length - 16; i += 16)
            {
                if (!IsPlainText(Vector128.LoadUnsafe(ref src, (nuint)i)))
                {
                    return false;
                }
            }
        }

        for (; i < bytes.Length; i++)
        {
            byte c = bytes[i];
            if (c < ' ' || c > '~' || c == '%' || c == '+')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainText<TLane>(Vector128<TLane> v)
        where TLane : unmanaged, System.Numerics.INumberBase<TLane>
    {
        Vector128<TLane> bad = Vector128.LessThan(v, Vector128.Create(TLane.CreateTruncating(' ')))
            | Vector128.GreaterThan(v, Vector128.Create(TLane.CreateTruncating('~')))
            | Vector128.Equals(v, Vector128.Create(TLane.CreateTruncating('%')))
            | Vector128.Equals(v, Vector128.Create(TLane.CreateTruncating('+')));
        return bad == Vector128<TLane>.Zero;
    }

    // Length of the run before the first '%' or '+' (the whole span if there is none).
    private static int IndexOfEscape<T>(ReadOnlySpan<T> s)
        where T : unmanaged
    {
        int i = typeof(T) == typeof(char)
            ? MemoryMarshal.Cast<T, char>(s).IndexOfAny('%', '+')
            : MemoryMarshal.Cast<T, byte>(s).IndexOfAny((byte)'%', (byte)'+');
        return i < 0 ? s.Length : i;
    }

    // Exact spelling first (what clients send), then ignoring case.
    private static bool TryParseName<T>(ReadOnlySpan<T> name, out EasQueryParameter parameter)
        where T : unmanaged
    {
        if (typeof(T) == typeof(char))
        {
            ReadOnlySpan<char> chars = MemoryMarshal.Cast<T, char>(name);
            return EasQueryParameters.TryParsePlainName(chars, out parameter) || EasQueryParameters.TryParsePlainNameIgnoreCase(chars, out parameter);
        }

        // For UTF-8 the generated ignore-case match costs the same as the ordinal one (whole-word compares), so one call.
        return EasQueryParameters.TryParsePlainNameIgnoreCase(MemoryMarshal.Cast<T, byte>(name), out parameter);
    }

    private static bool TryParseCommand<T>(ReadOnlySpan<T> name, out EasCommand command)
        where T : unmanaged
    {
        if (typeof(T) == typeof(char))
        {
            ReadOnlySpan<char> chars = MemoryMarshal.Cast<T, char>(name);
            return EasCommands.TryParse(chars, out command) || EasCommands.TryParseIgnoreCase(chars, out command);
        }

        return EasCommands.TryParseIgnoreCase(MemoryMarshal.Cast<T, byte>(name), out command);
    }

    // The byte the escape "%XY" at s[i] stands for, or -1 when two hex digits do not follow the '%'.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PercentEscape<T>(ReadOnlySpan<T> s, int i)
        where T : unmanaged
    {
        int hi = i + 2 < s.Length ? HexValue(At(s, i + 1)) : -1;
        int lo = hi >= 0 ? HexValue(At(s, i + 2)) : -1;
        return lo < 0 ? -1 : (hi << 4) | lo;
    }

    private static int HexValue(int c)
    {
        if ((uint)(c - '0') <= 9)
        {
            return c - '0';
        }

        int lower = c | 0x20;
        return (uint)(lower - 'a') <= 5 ? lower - 'a' + 10 : -1;
    }

    // ALPHA / DIGIT: the plain device-id alphabet ([MS-ASHTTP] 2.2.1.1.1.2).
    private static bool IsAlphanumeric(ReadOnlySpan<byte> s) => All<AlphanumericCheck>(s);

    // VCHAR = %x21-7E ([MS-ASHTTP] 2.2.1.1.1.2, RFC 5234).
    private static bool IsVisibleAscii(ReadOnlySpan<byte> s) => All<VisibleAsciiCheck>(s);

    // Whether every byte passes the check. Values are short (device ids are at most 32 bytes), so instead of a scalar
    // tail the span is read as whole vectors that overlap at the end: 16 or more bytes as 16-byte loads, 8 to 15 as two
    // overlapping 8-byte halves, 4 to 7 as overlapping 4-byte quarters. Nothing is read outside the span.
    private static bool All<TCheck>(ReadOnlySpan<byte> s)
        where TCheck : struct, IByteCheck
    {
        ref byte p = ref MemoryMarshal.GetReference(s);
        int n = s.Length;
        if (!Vector128.IsHardwareAccelerated || n < 4)
        {
            for (int i = 0; i < n; i++)
            {
                if (!TCheck.Check(s[i]))
                {
                    return false;
                }
            }

            return true;
        }

        if (n >= 16)
        {
            for (int i = 0; i < n - 16; i += 16)
            {
                if (!TCheck.Check(Vector128.LoadUnsafe(ref p, (nuint)i)))
                {
                    return false;
                }
            }

            return TCheck.Check(Vector128.LoadUnsafe(ref p, (nuint)(n - 16)));
        }

        Vector128<byte> v = n >= 8
            ? Vector128.Create(Unsafe.ReadUnaligned<ulong>(ref p), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, n - 8))).AsByte()
            : Vector128.Create(Unsafe.ReadUnaligned<uint>(ref p)).WithElement(1, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, n - 4))).AsByte();
        return TCheck.Check(v);
    }

    private interface IByteCheck
    {
        static abstract bool Check(byte b);

        static abstract bool Check(Vector128<byte> v);
    }

    private readonly struct AlphanumericCheck : IByteCheck
    {
        // A digit is c - '0' <= 9, a letter is (c | 0x20) - 'a' <= 25 (unsigned).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Check(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'z' - 'a';

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Check(Vector128<byte> v)
            => (Vector128.LessThanOrEqual(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9))
                | Vector128.LessThanOrEqual((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)('z' - 'a'))))
                == Vector128<byte>.AllBitsSet;
    }

    private readonly struct VisibleAsciiCheck : IByteCheck
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Check(byte b) => (uint)(b - 0x21) <= 0x7E - 0x21;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Check(Vector128<byte> v)
            => Vector128.LessThanOrEqual(v - Vector128.Create((byte)0x21), Vector128.Create((byte)(0x7E - 0x21))) == Vector128<byte>.AllBitsSet;
    }

    // C0 controls and DEL are never accepted in a decoded value (they would end up in logs and headers).
    private static int IndexOfControl(ReadOnlySpan<byte> s)
    {
        int i = s.IndexOfAnyInRange((byte)0x00, (byte)0x1F);
        int j = s.IndexOf((byte)0x7F);
        return i < 0 ? j : j < 0 ? i : Math.Min(i, j);
    }
}
