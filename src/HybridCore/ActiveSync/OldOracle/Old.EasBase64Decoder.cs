using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace HybridCore.ActiveSync;

// A base64 decoder for the short digit runs of the base64 request line ([MS-ASHTTP] 2.2.1.1.1.1 encodes the byte
// sequence in base64 as RFC 4648 section 4 defines it, alphabet 'A'-'Z' 'a'-'z' '0'-'9' '+' '/'). It decodes the
// leading run of digits of a UTF-8 or UTF-16 span and stops at the first other character, so one pass both finds
// where the digits end (form detection) and decodes them; the caller handles what follows (padding, escapes).
//
// Why not System.Buffers.Text.Base64: it cannot start from UTF-16, it treats a non-digit as an error or
// whitespace rather than an end, and its set-up costs more than the whole decode of a typical 36-digit query.
//
// The vector path (x86 with SSSE3, Arm64 with AdvSimd) takes 16 digits per step:
// - classify: each byte's high and low nibble index two 16-byte tables of bit classes; a byte is a digit when
//   the two classes share no bit (every byte >= 0x80, or a UTF-16 char > 0xFF narrowed with saturation, lands in
//   a high-nibble class that no low nibble allows);
// - map: a third table, indexed by the high nibble, holds what to add to the character to get its 6-bit value
//   ('A'-'Z' -65, 'a'-'z' -71, '0'-'9' +4, '+' +19); '/' shares its high nibble with '+', so its index is moved
//   down by one to a slot holding +16;
// - pack: each 4-byte lane of 6-bit values a b c d becomes the 24-bit (a << 18) | (b << 12) | (c << 6) | d
//   (two multiply-adds on x86, shifts and masks elsewhere), and a shuffle puts the three bytes of every lane in
//   order into the first 12 bytes of the vector, which is stored whole (so the destination needs 4 spare bytes).
// The last partial block is not read past the end: the final 16 elements are re-read (overlapping digits
// already checked) to find where the run ends, and its last whole groups are decoded from an overlapping block.
// Everything else (short runs, no vector hardware) takes a scalar loop, one group of four at a time.
internal static class EasBase64DecoderOld
{
    // The longest run decoded by the vector path starts its last store at 3 * (run / 4) - 12 and writes 16 bytes.
    private const int VectorSlack = 4;

    /// <summary>Whether the 16-digit vector path runs on this machine.</summary>
    internal static bool IsVectorized => Vector128.IsHardwareAccelerated && (Ssse3.IsSupported || AdvSimd.Arm64.IsSupported);

    /// <summary>
    /// Decodes the leading run of base64 digits of <paramref name="source"/> (UTF-8 bytes or UTF-16 chars), in whole
    /// groups of four, into <paramref name="destination"/>, which must hold at least
    /// <c>DecodedLength(source.Length)</c> bytes.
    /// </summary>
    /// <returns>The length of the run (the index of the first element that is not a base64 digit, or the length of
    /// <paramref name="source"/>); <paramref name="written"/> is then <c>3 * (run / 4)</c>. The 0 to 3 digits after
    /// the last whole group are counted in the run but not decoded.</returns>
    internal static int DecodeGroups<T>(ReadOnlySpan<T> source, Span<byte> destination, out int written)
        where T : unmanaged
    {
        if (destination.Length < DecodedLength(source.Length))
        {
            // Not a caller's mistake the parser can make; decode nothing rather than write past the end.
            Debug.Fail("destination too short");
            written = 0;
            return 0;
        }

        return DecodeGroupsUnchecked(source, destination, out written);
    }

    /// <summary><see cref="DecodeGroups"/> for a caller that has already made sure that <paramref name="destination"/>
    /// holds <c>DecodedLength(source.Length)</c> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DecodeGroupsUnchecked<T>(ReadOnlySpan<T> source, Span<byte> destination, out int written)
        where T : unmanaged
    {
        Debug.Assert(typeof(T) == typeof(byte) || typeof(T) == typeof(char));
        Debug.Assert(destination.Length >= DecodedLength(source.Length));
        int length = source.Length;
        ref T src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (IsVectorized && length >= 16)
        {
            // Bounds: a block is read only at i with i + 16 <= length, so no load leaves 'source'; it is stored at
            // 3 * i / 4 with i <= length - 16, so the 16-byte store ends at or before 3 * length / 4 + 4, which
            // DecodedLength includes. (Indexes are unsigned so that i / 4 * 3 is a shift and a lea.)
            nuint last = (nuint)length - 16;
            nuint at = 0;
            Vector128<byte> values;
            Vector128<byte> invalid;
            int run;
            while (true)
            {
                values = Translate(Load16(ref src, at), out invalid);
                if (invalid != Vector128<byte>.Zero)
                {
                    run = (int)at + BitOperations.TrailingZeroCount(NonZeroMask(invalid));
                    break;
                }

                Pack(values).StoreUnsafe(ref dst, at / 4 * 3);
                at += 16;
                if (at > last)
                {
                    if (at == (nuint)length)
                    {
                        written = length / 4 * 3;
                        return length;
                    }

                    // Fewer than 16 elements remain: classify the last 16 of the span instead (the first at - last
                    // of them are digits already decoded), so nothing past the end is read. When they are all
                    // digits and end on a group boundary (a whole query without padding), they are the last block.
                    values = Translate(Load16(ref src, last), out invalid);
                    uint rest = NonZeroMask(invalid) >> (int)(at - last);
                    if (rest == 0 && (length & 3) == 0)
                    {
                        Pack(values).StoreUnsafe(ref dst, last / 4 * 3);
                        written = length / 4 * 3;
                        return length;
                    }

                    run = rest == 0 ? length : (int)at + BitOperations.TrailingZeroCount(rest);
                    break;
                }
            }

            // The run's last whole groups after 'at' (one to three of them): decode the 16 digits that end with them,
            // overlapping groups already decoded (which are written again with the same bytes). All 16 are digits,
            // since they end at or before the end of the run.
            i = (int)at;
            int end = run & ~3;
            if (end - i >= 4 && end >= 16)
            {
                nuint from = (nuint)end - 16;
                values = Translate(Load16(ref src, from), out invalid);
                Debug.Assert(invalid == Vector128<byte>.Zero);
                Pack(values).StoreUnsafe(ref dst, from / 4 * 3);
                i = end;
            }

            if (end - i < 4)
            {
                written = end / 4 * 3;
                return run;
            }

            // Only a run shorter than 16 gets here (i == 0): the scalar loop below does it.
            Debug.Assert(i == 0 && run < 16);
        }

        return DecodeGroupsScalar(source, destination, i, out written);
    }

    // One group of four at a time from 'i' (a multiple of 4): short runs, and machines without the vector path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int DecodeGroupsScalar<T>(ReadOnlySpan<T> source, Span<byte> destination, int i, out int written)
        where T : unmanaged
    {
        int length = source.Length;
        int n = i / 4 * 3;
        ReadOnlySpan<sbyte> map = Base64Map;
        for (; i <= length - 4; i += 4, n += 3)
        {
            int d0 = Digit(map, Element(source, i)), d1 = Digit(map, Element(source, i + 1));
            int d2 = Digit(map, Element(source, i + 2)), d3 = Digit(map, Element(source, i + 3));
            if ((d0 | d1 | d2 | d3) < 0)
            {
                break;
            }

            int v = (d0 << 18) | (d1 << 12) | (d2 << 6) | d3;
            destination[n] = (byte)(v >> 16);
            destination[n + 1] = (byte)(v >> 8);
            destination[n + 2] = (byte)v;
        }

        written = n;
        int end = i;
        while (end < length && end - i < 4 && Digit(map, Element(source, end)) >= 0)
        {
            end++;
        }

        return end;
    }

    /// <summary>The destination length <see cref="DecodeGroups"/> needs for a source of <paramref name="sourceLength"/> elements.</summary>
    internal static int DecodedLength(int sourceLength) => (int)((uint)sourceLength / 4 * 3) + VectorSlack;

    /// <summary>The 6-bit value of a base64 digit, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Digit(ReadOnlySpan<sbyte> map, int c) => (uint)c < (uint)map.Length ? map[c] : -1;

    // RFC 4648 section 4, table 1: the value of each ASCII character that is a base64 digit, -1 for the others.
    internal static ReadOnlySpan<sbyte> Base64Map =>
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Element<T>(ReadOnlySpan<T> s, int i)
        where T : unmanaged
        => typeof(T) == typeof(char)
            ? MemoryMarshal.Cast<T, char>(s)[i]
            : MemoryMarshal.Cast<T, byte>(s)[i];

    // 16 elements at i as bytes; UTF-16 is narrowed with unsigned saturation, so every char above 0xFF becomes 0xFF
    // (or 0x00 on x86 for chars from 0x8000, which the signed pack sees as negative), neither of them a digit.
    // Callers keep i + 16 <= the span's length.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Load16<T>(ref T first, nuint i)
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            return Vector128.LoadUnsafe(ref Unsafe.As<T, byte>(ref first), i);
        }

        ref ushort chars = ref Unsafe.As<T, ushort>(ref first);
        Vector128<ushort> lower = Vector128.LoadUnsafe(ref chars, i);
        Vector128<ushort> upper = Vector128.LoadUnsafe(ref chars, i + 8);
        if (Sse2.IsSupported)
        {
            return Sse2.PackUnsignedSaturate(lower.AsInt16(), upper.AsInt16());
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.ExtractNarrowingSaturateUpper(AdvSimd.ExtractNarrowingSaturateLower(lower), upper);
        }

        Vector128<ushort> max = Vector128.Create((ushort)0xFF);
        return Vector128.Narrow(Vector128.Min(lower, max), Vector128.Min(upper, max));
    }

    // The 6-bit values of 16 characters; 'invalid' is non-zero in every lane that is not a base64 digit (whose
    // value is then meaningless).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Translate(Vector128<byte> c, out Vector128<byte> invalid)
    {
        Vector128<byte> high = Vector128.ShiftRightLogical(c.AsUInt16(), 4).AsByte() & Vector128.Create((byte)0x0F);
        Vector128<byte> low = c & Vector128.Create((byte)0x0F);

        // Bit classes. High nibble 2: bit 0; 3: bit 1; 4 and 6: bit 2; 5 and 7: bit 3; any other: bit 4. A low
        // nibble carries the bit of every high-nibble class in which it is NOT a digit: in row 2 only B ('+') and
        // F ('/') are digits; in row 3, 0-9; in rows 4 and 6, 1-F; in rows 5 and 7, 0-A; in the others, none.
        Vector128<byte> highClass = Vector128.Create(
            (byte)0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
        Vector128<byte> lowClass = Vector128.Create(
            (byte)0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
        invalid = Lookup(lowClass, low) & Lookup(highClass, high);

        // What to add to a digit, by high nibble (slot 1 is '/', moved down from slot 2 of '+').
        Vector128<byte> offsets = Vector128.Create(
            (byte)0, 16, 19, 4, unchecked((byte)-65), unchecked((byte)-65), unchecked((byte)-71), unchecked((byte)-71), 0, 0, 0, 0, 0, 0, 0, 0);
        Vector128<byte> slash = Vector128.Equals(c, Vector128.Create((byte)'/'));
        return c + Lookup(offsets, high + slash);
    }

    // Four 6-bit values per 4-byte lane to three bytes per lane, in order, in the first 12 bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Pack(Vector128<byte> values)
    {
        Vector128<uint> merged;
        if (Ssse3.IsSupported)
        {
            // a * 64 + b and c * 64 + d in 16-bit lanes, then (a * 64 + b) * 4096 + (c * 64 + d) in 32-bit lanes.
            Vector128<short> pairs = Ssse3.MultiplyAddAdjacent(values, Vector128.Create((short)0x0140).AsSByte());
            merged = Sse2.MultiplyAddAdjacent(pairs, Vector128.Create(0x00011000).AsInt16()).AsUInt32();
        }
        else
        {
            Vector128<uint> x = values.AsUInt32();
            merged = ((x & Vector128.Create(0x3Fu)) << 18)
                | ((x & Vector128.Create(0x3F00u)) << 4)
                | ((x >> 10) & Vector128.Create(0xFC0u))
                | (x >> 24);
        }

        // Lane k holds its 24 bits little-endian in bytes 4k..4k+2; the output wants them most significant first.
        return Lookup(merged.AsByte(), Vector128.Create((byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0xFF, 0xFF, 0xFF, 0xFF));
    }

    // table[index] per byte, for indexes 0-15 (and 0 for 0xFF on both instruction sets).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Lookup(Vector128<byte> table, Vector128<byte> index)
    {
        if (Ssse3.IsSupported)
        {
            return Ssse3.Shuffle(table, index);
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.VectorTableLookup(table, index);
        }

        return Vector128.Shuffle(table, index);
    }

    // One bit per lane that is not zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NonZeroMask(Vector128<byte> v) => ~Vector128.Equals(v, Vector128<byte>.Zero).ExtractMostSignificantBits() & 0xFFFF;
}
