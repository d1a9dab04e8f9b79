using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;

namespace HybridCore.ActiveSync;

// The byte-level fast path of the plain form: one vectorised pass marks every "interesting" byte of the query
// ('&', '=', '%', '+', and anything outside printable ASCII) as a bit in a 64-bit mask per 64-byte block; the
// parser then hops from one marked byte to the next (trailing-zero count), so a name or a value that needs no
// decoding is never looked at byte by byte. Text input that is all ASCII is narrowed once, in bulk, into the
// end of the scratch buffer and parsed here too; values with escapes are then decoded in place (decoding only
// shrinks). Error reasons and offsets are exactly those of the general path (EasRequestLineOld.Parser.cs), which
// still handles text with non-ASCII characters. (SkipLocalsInit on the other part covers this one: the 64-byte
// copy in LoadShort is written before it is read, and bytes past the query are masked off.)
internal ref partial struct EasRequestLineOld
{
    // Longest text query narrowed into the scratch buffer: the narrowed copy sits at the end of the buffer, and
    // the base64 form decodes at most 3/4 of it (plus a 32-byte hex device id) at the start, so the two never meet.
    private const int MaxNarrowedQuery = 1024;

    // ParsePlainBytes' answer when the first marked byte does not settle the form.
    private const EasQueryError NotSettled = (EasQueryError)(-1);

    // Marks, for the 64 bytes at 'p', every '&', '=', '%', '+' and every byte outside 0x20..0x7E.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mark64(ref byte p)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return Mark(Vector512.LoadUnsafe(ref p)).ExtractMostSignificantBits();
        }

        if (Vector256.IsHardwareAccelerated)
        {
            ulong lo = Mark(Vector256.LoadUnsafe(ref p)).ExtractMostSignificantBits();
            ulong hi = Mark(Vector256.LoadUnsafe(ref p, 32)).ExtractMostSignificantBits();
            return lo | (hi << 32);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            ulong m0 = Mark(Vector128.LoadUnsafe(ref p)).ExtractMostSignificantBits();
            ulong m1 = Mark(Vector128.LoadUnsafe(ref p, 16)).ExtractMostSignificantBits();
            ulong m2 = Mark(Vector128.LoadUnsafe(ref p, 32)).ExtractMostSignificantBits();
            ulong m3 = Mark(Vector128.LoadUnsafe(ref p, 48)).ExtractMostSignificantBits();
            return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
        }

        ulong mask = 0;
        for (int i = 0; i < 64; i++)
        {
            if (IsMarked(Unsafe.Add(ref p, i)))
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Mark(Vector512<byte> v)
        => Vector512.GreaterThan(v - Vector512.Create((byte)0x20), Vector512.Create((byte)(0x7E - 0x20)))
            | Vector512.Equals(v, Vector512.Create((byte)'&'))
            | Vector512.Equals(v, Vector512.Create((byte)'='))
            | Vector512.Equals(v, Vector512.Create((byte)'%'))
            | Vector512.Equals(v, Vector512.Create((byte)'+'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Mark(Vector256<byte> v)
        => Vector256.GreaterThan(v - Vector256.Create((byte)0x20), Vector256.Create((byte)(0x7E - 0x20)))
            | Vector256.Equals(v, Vector256.Create((byte)'&'))
            | Vector256.Equals(v, Vector256.Create((byte)'='))
            | Vector256.Equals(v, Vector256.Create((byte)'%'))
            | Vector256.Equals(v, Vector256.Create((byte)'+'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Mark(Vector128<byte> v)
        => Vector128.GreaterThan(v - Vector128.Create((byte)0x20), Vector128.Create((byte)(0x7E - 0x20)))
            | Vector128.Equals(v, Vector128.Create((byte)'&'))
            | Vector128.Equals(v, Vector128.Create((byte)'='))
            | Vector128.Equals(v, Vector128.Create((byte)'%'))
            | Vector128.Equals(v, Vector128.Create((byte)'+'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsMarked(byte b) => (uint)(b - 0x20) > 0x7E - 0x20 || b is (byte)'&' or (byte)'=' or (byte)'%' or (byte)'+';

    // One 64-bit mark mask per 64-byte block of a query of at most MaxNarrowedQuery bytes, computed in one pass before
    // parsing (for text, in the same pass that narrows it: the narrowed bytes are marked while still in registers, so
    // the parser never re-loads what the narrowing has just stored).
    [InlineArray(MaxNarrowedQuery / 64)]
    private struct MarkBlocks
    {
        private ulong _first;
    }

    // Marks every 64-byte block of 'query' (at most MaxNarrowedQuery bytes) into 'blocks'. The last, partial block is
    // re-read as the final 64 bytes of the query (shifted); a query shorter than 64 bytes is read in overlapping
    // 16- or 8-byte windows. Nothing outside the query is read.
    private static void MarkAll(ReadOnlySpan<byte> query, Span<ulong> blocks)
    {
        int n = query.Length;
        Debug.Assert(n <= MaxNarrowedQuery && blocks.Length >= (n + 63) / 64);
        ref byte p = ref MemoryMarshal.GetReference(query);
        if (n < 64)
        {
            blocks[0] = MarkShort(ref p, n);
            return;
        }

        int i = 0;
        int k = 0;
        for (; i <= n - 64; i += 64, k++)
        {
            blocks[k] = Mark64(ref Unsafe.Add(ref p, i));
        }

        if (i < n)
        {
            blocks[k] = Mark64(ref Unsafe.Add(ref p, n - 64)) >> (64 - (n - i));
        }
    }

    // The marks of a query of fewer than 64 bytes.
    private static ulong MarkShort(ref byte p, int n)
    {
        Debug.Assert(n < 64);
        ulong mask = 0;
        if (Vector128.IsHardwareAccelerated && n >= 16)
        {
            for (int i = 0; i < n - 16; i += 16)
            {
                mask |= (ulong)Mark(Vector128.LoadUnsafe(ref p, (nuint)i)).ExtractMostSignificantBits() << i;
            }

            return mask | ((ulong)Mark(Vector128.LoadUnsafe(ref p, (nuint)(n - 16))).ExtractMostSignificantBits() << (n - 16));
        }

        if (Vector128.IsHardwareAccelerated && n >= 8)
        {
            // Two overlapping 8-byte windows; the vectors' upper halves are zero (marked), so keep 8 bits of each.
            ulong lo = Mark(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref p)).AsByte()).ExtractMostSignificantBits() & 0xFF;
            ulong hi = Mark(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, n - 8))).AsByte()).ExtractMostSignificantBits() & 0xFF;
            return lo | (hi << (n - 8));
        }

        for (int i = 0; i < n; i++)
        {
            if (IsMarked(Unsafe.Add(ref p, i)))
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }

    // Narrows 'chars' (at most MaxNarrowedQuery) into 'bytes' and marks every 64-byte block into 'blocks', in one pass;
    // false, with 'bytes' and 'blocks' partly written, if a char is not ASCII. Same block and window scheme as MarkAll.
    private static bool NarrowAndMarkAll(ReadOnlySpan<char> chars, Span<byte> bytes, Span<ulong> blocks)
    {
        int n = chars.Length;
        Debug.Assert(n <= MaxNarrowedQuery && bytes.Length == n && blocks.Length >= (n + 63) / 64);
        ref ushort src = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
        ref byte dst = ref MemoryMarshal.GetReference(bytes);
        if (n < 64)
        {
            return NarrowAndMarkShort(ref src, ref dst, n, out blocks[0]);
        }

        int i = 0;
        int k = 0;
        for (; i <= n - 64; i += 64, k++)
        {
            if (!NarrowAndMark64(ref src, ref dst, i, out blocks[k]))
            {
                return false;
            }
        }

        if (i < n)
        {
            if (!NarrowAndMark64(ref src, ref dst, n - 64, out ulong last))
            {
                return false;
            }

            blocks[k] = last >> (64 - (n - i));
        }

        return true;
    }

    // Narrows and marks the 64 chars at src[i], storing the bytes at dst[i].
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NarrowAndMark64(ref ushort src, ref byte dst, int i, out ulong mask)
    {
        nuint at = (nuint)i;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<ushort> a = Vector512.LoadUnsafe(ref src, at);
            Vector512<ushort> b = Vector512.LoadUnsafe(ref src, at + 32);
            mask = 0;
            if (((a | b) & Vector512.Create((ushort)0xFF80)) != Vector512<ushort>.Zero)
            {
                return false;
            }

            Vector512<byte> v = Vector512.Narrow(a, b);
            v.StoreUnsafe(ref dst, at);
            mask = Mark(v).ExtractMostSignificantBits();
            return true;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<ushort> a = Vector256.LoadUnsafe(ref src, at);
            Vector256<ushort> b = Vector256.LoadUnsafe(ref src, at + 16);
            Vector256<ushort> c = Vector256.LoadUnsafe(ref src, at + 32);
            Vector256<ushort> d = Vector256.LoadUnsafe(ref src, at + 48);
            mask = 0;
            if (((a | b | c | d) & Vector256.Create((ushort)0xFF80)) != Vector256<ushort>.Zero)
            {
                return false;
            }

            Vector256<byte> lo = Vector256.Narrow(a, b);
            Vector256<byte> hi = Vector256.Narrow(c, d);
            lo.StoreUnsafe(ref dst, at);
            hi.StoreUnsafe(ref dst, at + 32);
            mask = Mark(lo).ExtractMostSignificantBits() | ((ulong)Mark(hi).ExtractMostSignificantBits() << 32);
            return true;
        }

        mask = 0;
        for (int j = 0; j < 64; j += 16)
        {
            if (!NarrowAndMark16(ref src, ref dst, i + j, out uint m))
            {
                return false;
            }

            mask |= (ulong)m << j;
        }

        return true;
    }

    // Narrows and marks the 16 chars at src[i] (Vector128, or scalar without hardware acceleration).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NarrowAndMark16(ref ushort src, ref byte dst, int i, out uint mask)
    {
        mask = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<ushort> a = Vector128.LoadUnsafe(ref src, (nuint)i);
            Vector128<ushort> b = Vector128.LoadUnsafe(ref src, (nuint)(i + 8));
            if (((a | b) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
            {
                return false;
            }

            Vector128<byte> v = Vector128.Narrow(a, b);
            v.StoreUnsafe(ref dst, (nuint)i);
            mask = Mark(v).ExtractMostSignificantBits();
            return true;
        }

        for (int j = 0; j < 16; j++)
        {
            ushort c = Unsafe.Add(ref src, i + j);
            if (c > 0x7F)
            {
                return false;
            }

            Unsafe.Add(ref dst, i + j) = (byte)c;
            mask |= IsMarked((byte)c) ? 1u << j : 0;
        }

        return true;
    }

    // NarrowAndMarkAll for fewer than 64 chars: overlapping 16-char windows, or one char at a time below 16.
    private static bool NarrowAndMarkShort(ref ushort src, ref byte dst, int n, out ulong mask)
    {
        Debug.Assert(n < 64);
        mask = 0;
        if (n >= 16)
        {
            uint m;
            for (int i = 0; i < n - 16; i += 16)
            {
                if (!NarrowAndMark16(ref src, ref dst, i, out m))
                {
                    return false;
                }

                mask |= (ulong)m << i;
            }

            if (!NarrowAndMark16(ref src, ref dst, n - 16, out m))
            {
                return false;
            }

            mask |= (ulong)m << (n - 16);
            return true;
        }

        for (int i = 0; i < n; i++)
        {
            ushort c = Unsafe.Add(ref src, i);
            if (c > 0x7F)
            {
                return false;
            }

            Unsafe.Add(ref dst, i) = (byte)c;
            mask |= IsMarked((byte)c) ? 1UL << i : 0;
        }

        return true;
    }

    // The plain form over bytes, in one pass over the marked bytes: UTF-8 input, or text narrowed into the end of the
    // buffer. A value that needs no decoding is a slice of the query; an escaped value is decoded into the front of
    // the buffer as it is scanned, copying the runs between escapes in bulk. (A narrowed query is at most
    // MaxNarrowedQuery bytes and decoded values are never longer than their text, so the two regions never meet.)
    //
    // With 'detect', the form is first recognised from the query's first marked byte, which settles nearly every plain
    // query: a '&', or a '=' followed by something other than '=' (both mean the plain form, see IsPlainForm). When it
    // does not settle it, nothing is parsed and the result is NotSettled.
    private EasQueryError ParsePlainBytes(ReadOnlySpan<byte> query, int start, scoped ReadOnlySpan<ulong> blocks, bool detect, Span<byte> buffer, out int offset)
    {
        // The walk over the marks: 'mask' holds the unvisited marks of the block at 'block' (bits past the query are
        // never set, MarkAll). Each step below moves to the next block with a mark if this one is used up, then takes
        // its lowest mark, or the query length when none is left. It is written out at each use, without a call, so
        // that 'mask' and 'block' stay in registers whatever the JIT inlines: a helper (a Marks struct with a Next
        // method) was left as a call when the JIT inlined the parser into a caller and ran out of inlining budget,
        // and the struct then lived in memory (text via Parse 56 -> 51 ns in a Stopwatch harness, UTF-8 unchanged).
        int n = query.Length;
        int block = 0;
        ulong mask = n > 0 ? blocks[0] : 0;
        while (mask == 0 && block + 64 < n)
        {
            block += 64;
            mask = blocks[block >> 6];
        }

        int mark = mask != 0 ? block + BitOperations.TrailingZeroCount(mask) : n;
        mask &= mask - 1;

        Debug.Assert(mark >= start, "a leading '?' is never marked");
        if (detect && (mark >= query.Length - 1 || (query[mark] != '&' && (query[mark] != '=' || query[mark + 1] == '='))))
        {
            offset = 0;
            return NotSettled;
        }

        _form = EasQueryForm.Plain;
        int used = 0;

        int pos = start;
        while (pos <= query.Length)
        {
            // Name: up to the first '=' or '&'.
            while (mark < query.Length && query[mark] is not (byte)'=' and not (byte)'&')
            {
                while (mask == 0 && block + 64 < n)
                {
                    block += 64;
                    mask = blocks[block >> 6];
                }

                mark = mask != 0 ? block + BitOperations.TrailingZeroCount(mask) : n;
                mask &= mask - 1;
            }

            int nameEnd = mark;
            int valueStart = nameEnd;
            if (nameEnd < query.Length && query[nameEnd] == '=')
            {
                valueStart = nameEnd + 1;
                while (mask == 0 && block + 64 < n)
                {
                    block += 64;
                    mask = blocks[block >> 6];
                }

                mark = mask != 0 ? block + BitOperations.TrailingZeroCount(mask) : n;
                mask &= mask - 1;
            }

            // Parameter names are matched ignoring case, as IIS and ASP.NET do; a name that is not an EAS
            // parameter (a proxy's or tool's addition, e.g. an IIS log's Log=) is skipped.
            EasQueryParameter parameter = default;
            bool known = nameEnd > pos && TryParseName(query[pos..nameEnd], out parameter);
            if (known)
            {
                Fields field = ToField(parameter);
                if ((_present & field) != 0)
                {
                    offset = pos;
                    return EasQueryError.DuplicateParameter;
                }

                _present |= field;
            }

            // Value: up to the next '&', noting the first escape and any byte outside printable ASCII.
            int firstEscape = -1;
            int lastEscape = -1;
            bool other = false;
            while (mark < query.Length)
            {
                byte b = query[mark];
                if (b == '&')
                {
                    break;
                }

                if (b is (byte)'%' or (byte)'+')
                {
                    firstEscape = firstEscape < 0 ? mark : firstEscape;
                    lastEscape = mark;
                }
                else
                {
                    other |= b != '=';
                }

                while (mask == 0 && block + 64 < n)
                {
                    block += 64;
                    mask = blocks[block >> 6];
                }

                mark = mask != 0 ? block + BitOperations.TrailingZeroCount(mask) : n;
                mask &= mask - 1;
            }

            if (known)
            {
                EasQueryError e = IsTextParameter(parameter)
                    ? ParseTextValue(parameter, query, blocks, valueStart, mark, firstEscape, lastEscape, other, buffer, ref used, out offset)
                    : ParseFlagValue(parameter, query[valueStart..mark], valueStart, out offset);
                if (e != EasQueryError.None)
                {
                    return e;
                }
            }

            // 'mark' is at the '&' that ends the value, or at the end of the query.
            pos = mark + 1;
            if (mark < query.Length)
            {
                while (mask == 0 && block + 64 < n)
                {
                    block += 64;
                    mask = blocks[block >> 6];
                }

                mark = mask != 0 ? block + BitOperations.TrailingZeroCount(mask) : n;
                mask &= mask - 1;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsTextParameter(EasQueryParameter parameter)
        => parameter is EasQueryParameter.User or EasQueryParameter.DeviceId or EasQueryParameter.DeviceType
            or EasQueryParameter.AttachmentName or EasQueryParameter.CollectionId or EasQueryParameter.ItemId
            or EasQueryParameter.LongId or EasQueryParameter.Occurrence;

    // Cmd and SaveInSent: short values that are never decoded.
    private EasQueryError ParseFlagValue(EasQueryParameter parameter, ReadOnlySpan<byte> raw, int rawOffset, out int offset)
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
                if (raw.Length == 1 && (raw[0] | 0x20) == 't')
                {
                    _options |= EasRequestOptions.SaveInSent;
                    return EasQueryError.None;
                }

                return raw.Length == 1 && (raw[0] | 0x20) == 'f' ? EasQueryError.None : EasQueryError.InvalidParameterValue;

            default:
                // A name the spec table marks plain but this parser does not model: accept and ignore.
                return EasQueryError.None;
        }
    }

    // A text value, query[valueStart..end]: percent-decoded ('+' is a space, as in HTML form encoding, which is how
    // clients and IIS treat the query), at most MaxValueBytes, UTF-8, no controls, and then the parameter's own rules
    // (Store). Same reasons and offsets as the general path's DecodeValue. 'firstEscape' is the query index of the
    // first '%' or '+' (or -1); 'other' says the value has bytes outside printable ASCII.
    private EasQueryError ParseTextValue(EasQueryParameter parameter, ReadOnlySpan<byte> query, scoped ReadOnlySpan<ulong> blocks, int valueStart, int end, int firstEscape, int lastEscape, bool other, Span<byte> buffer, scoped ref int used, out int offset)
    {
        offset = valueStart;
        ReadOnlySpan<byte> value;
        bool printable;
        if (firstEscape < 0)
        {
            value = query[valueStart..end];
            if (value.Length > MaxValueBytes)
            {
                return EasQueryError.ValueTooLong;
            }

            if (other && !Utf8.IsValid(value))
            {
                return EasQueryError.InvalidUtf8;
            }

            // Printable ASCII with nothing to decode (the common case) skips the control-character scan.
            printable = !other;
        }
        else
        {
            Span<byte> dest = buffer.Slice(used, MaxValueBytes);
            EasQueryError e = DecodeEscaped(query[..end], blocks, valueStart, firstEscape, lastEscape, dest, out int n, out int decoded, out int at);
            if (e != EasQueryError.None)
            {
                offset = at;
                return e;
            }

            value = dest[..n];
            used += n;
            if ((other || decoded >= 0x80) && !Utf8.IsValid(value))
            {
                return EasQueryError.InvalidUtf8;
            }

            printable = !other && decoded == 0;
        }

        return !Store(parameter, value, printable) ? Reject(parameter, value, valueStart, out offset) : EasQueryError.None;
    }

    // Decodes the escaped value query[valueStart..] (the query cut at the value's end) into 'dest' (MaxValueBytes long),
    // copying the runs between escapes in bulk; the escapes are found from the block marks, so no byte is scanned
    // twice. 'decoded' is 0 when every byte an escape produced is printable ASCII (otherwise it is at least 0x80).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static EasQueryError DecodeEscaped(ReadOnlySpan<byte> query, scoped ReadOnlySpan<ulong> blocks, int valueStart, int firstEscape, int lastEscape, Span<byte> dest, out int written, out int decoded, out int offset)
    {
        ReadOnlySpan<byte> raw = query[valueStart..];
        offset = valueStart;
        written = 0;
        decoded = 0;
        int n = 0;
        int run = 0;
        int at = firstEscape - valueStart;
        while (true)
        {
            int length = at - run;
            if (length > MaxValueBytes - n)
            {
                return EasQueryError.ValueTooLong;
            }

            CopySmall(raw.Slice(run, length), dest[n..]);
            n += length;
            if (at == raw.Length)
            {
                break;
            }

            int c = ' ';
            run = at + 1;
            if (raw[at] == '%')
            {
                c = PercentEscape(raw, at);
                if (c < 0)
                {
                    offset = valueStart + at;
                    return EasQueryError.InvalidPercentEncoding;
                }

                run = at + 3;
            }

            if (n == MaxValueBytes)
            {
                return EasQueryError.ValueTooLong;
            }

            dest[n++] = (byte)c;
            decoded |= (uint)(c - 0x20) > 0x7E - 0x20 ? 0x100 | c : 0;
            // The last escape (the value walk saw them all: the hex digits of an escape are never marked) ends the
            // walk without looking at the marks again; most escaped values have one.
            at = valueStart + at == lastEscape ? raw.Length : NextEscape(query, blocks, valueStart + run) - valueStart;
        }

        written = n;
        offset = 0;
        return EasQueryError.None;
    }

    // The position of the first '%' or '+' in query[from..], or the query length: a walk over the block marks.
    private static int NextEscape(ReadOnlySpan<byte> query, scoped ReadOnlySpan<ulong> blocks, int from)
    {
        int end = query.Length;
        if (from >= end)
        {
            return end;
        }

        int block = from & ~63;
        ulong mask = blocks[block >> 6] & (ulong.MaxValue << (from & 63));
        while (true)
        {
            while (mask == 0)
            {
                block += 64;
                if (block >= end)
                {
                    return end;
                }

                mask = blocks[block >> 6];
            }

            int at = block + BitOperations.TrailingZeroCount(mask);
            if (at >= end)
            {
                return end;
            }

            if (query[at] is (byte)'%' or (byte)'+')
            {
                return at;
            }

            mask &= mask - 1;
        }
    }

    // Copies a short run (most are a few bytes) without a call: overlapping 8- or 4-byte moves, or Memmove when long.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopySmall(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = source.Length;
        if ((uint)n > (uint)destination.Length || n > 16)
        {
            source.CopyTo(destination);
            return;
        }

        ref byte s = ref MemoryMarshal.GetReference(source);
        ref byte d = ref MemoryMarshal.GetReference(destination);
        if (n >= 8)
        {
            ulong head = Unsafe.ReadUnaligned<ulong>(ref s);
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, n - 8));
            Unsafe.WriteUnaligned(ref d, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, n - 8), tail);
        }
        else if (n >= 4)
        {
            uint head = Unsafe.ReadUnaligned<uint>(ref s);
            uint tail = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref s, n - 4));
            Unsafe.WriteUnaligned(ref d, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, n - 4), tail);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i);
            }
        }
    }
}
