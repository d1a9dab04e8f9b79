using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace HybridCore.Diagnostics.Logs;

/// <summary>
/// The strings of recently seen byte sequences of one column (user, device id, user agent ...): a hit costs a hash and a
/// byte comparison, no decoding and no allocation. Log columns repeat a few thousand values millions of times, so
/// after the first few thousand lines nearly every value is a hit. Direct-mapped with <see cref="Slots"/> slots: a
/// colliding value replaces the one in its slot, so memory stays bounded (values longer than <see cref="MaxKeyBytes"/>
/// are decoded every time and not kept). The string returned is always <c>decode(bytes)</c>, cached or not.
/// </summary>
internal sealed class Utf8StringCache
{
    /// <summary>Slots of the table (a power of two).</summary>
    internal const int Slots = 1 << 12;

    /// <summary>Longest byte sequence kept.</summary>
    internal const int MaxKeyBytes = 1024;

    private readonly Entry[] _entries = new Entry[Slots];
    private readonly Func<ReadOnlySpan<byte>, string> _decode;

    /// <param name="decode">Turns the bytes into the string; must depend on the bytes only.</param>
    public Utf8StringCache(Func<ReadOnlySpan<byte>, string> decode) => _decode = decode;

    /// <summary>Hits so far (for tests).</summary>
    internal long Hits { get; private set; }

    private struct Entry
    {
        public byte[]? Key;
        public string Value;
    }

    /// <summary>The string of <paramref name="value"/>; <see langword="null"/> when it is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string? Get(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return null;
        }

        if (value.Length > MaxKeyBytes)
        {
            return _decode(value);
        }

        ref Entry e = ref _entries[Hash(value) & (Slots - 1)];
        if (e.Key is { } key && value.SequenceEqual(key))
        {
            Hits++;
            return e.Value;
        }

        string text = _decode(value);
        e.Key = value.ToArray();
        e.Value = text;
        return text;
    }

    /// <summary>The length and the first, middle and last 8 bytes read as 64-bit words and mixed (FNV-1a over the
    /// bytes of values shorter than 8). A weak hash only costs misses: a hit is confirmed by comparing every byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> value)
    {
        ulong h;
        if (value.Length >= 8)
        {
            ulong first = BinaryPrimitives.ReadUInt64LittleEndian(value);
            ulong middle = BinaryPrimitives.ReadUInt64LittleEndian(value.Slice((value.Length - 8) / 2));
            ulong last = BinaryPrimitives.ReadUInt64LittleEndian(value.Slice(value.Length - 8));
            h = (first * 0x9E3779B97F4A7C15UL) ^ (middle * 0x94D049BB133111EBUL) ^ (last * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)value.Length;
        }
        else
        {
            h = 0xCBF29CE484222325UL;
            foreach (byte b in value)
            {
                h = (h ^ b) * 0x100000001B3UL;
            }
        }

        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (int)(h >> 40);
    }
}
