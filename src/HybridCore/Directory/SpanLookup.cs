using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
#if NET9_0_OR_GREATER
using System.Collections.Frozen;
#endif

namespace HybridCore.Directory;

/// <summary>
/// An immutable string-keyed map, case-insensitive (ordinal, Unicode simple case folding), that
/// is queried with <see cref="ReadOnlySpan{T}"/> keys without allocating. On .NET 9+ it is a
/// <c>FrozenDictionary</c> with its span alternate lookup; on .NET 8, which has no alternate
/// lookups, it is <see cref="IgnoreCaseSpanTable{TValue}"/>. Keys must be unique ignoring case.
/// </summary>
internal sealed class SpanLookup<TValue>
    where TValue : class
{
#if NET9_0_OR_GREATER
    private readonly FrozenDictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> _lookup;
#else
    private readonly IgnoreCaseSpanTable<TValue> _table;
#endif

    public SpanLookup(IReadOnlyCollection<KeyValuePair<string, TValue>> items)
    {
        Count = items.Count;
#if NET9_0_OR_GREATER
        _lookup = items.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
#else
        _table = new IgnoreCaseSpanTable<TValue>(items);
#endif
    }

    public int Count { get; }

    public bool TryGetValue(ReadOnlySpan<char> key, [MaybeNullWhen(false)] out TValue value)
    {
#if NET9_0_OR_GREATER
        return _lookup.TryGetValue(key, out value);
#else
        return _table.TryGetValue(key, out value);
#endif
    }
}

/// <summary>
/// Open addressing (linear probing) over parallel arrays, hashing spans with
/// <see cref="string.GetHashCode(ReadOnlySpan{char}, StringComparison)"/> (OrdinalIgnoreCase) and
/// comparing with <see cref="MemoryExtensions.Equals(ReadOnlySpan{char}, ReadOnlySpan{char}, StringComparison)"/>.
/// The load factor is at most 1/2, so probes stay short; lookups allocate nothing.
/// Compiled on every target so the tests exercise it; used on .NET 8.
/// </summary>
internal sealed class IgnoreCaseSpanTable<TValue>
    where TValue : class
{
    private readonly string[] _keys;
    private readonly TValue[] _values;
    private readonly int[] _hashes;
    private readonly int[] _slots; // entry index + 1; 0 = empty
    private readonly int _mask;

    public IgnoreCaseSpanTable(IReadOnlyCollection<KeyValuePair<string, TValue>> items)
    {
        int n = items.Count;
        _keys = new string[n];
        _values = new TValue[n];
        _hashes = new int[n];
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, n * 2));
        _slots = new int[capacity];
        _mask = capacity - 1;
        int i = 0;
        foreach (KeyValuePair<string, TValue> kv in items)
        {
            int h = string.GetHashCode(kv.Key, StringComparison.OrdinalIgnoreCase);
            int slot = h & _mask;
            while (_slots[slot] != 0)
            {
                int e = _slots[slot] - 1;
                if (_hashes[e] == h && string.Equals(_keys[e], kv.Key, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException("Duplicate key: " + kv.Key, nameof(items));
                }

                slot = (slot + 1) & _mask;
            }

            _keys[i] = kv.Key;
            _values[i] = kv.Value;
            _hashes[i] = h;
            _slots[slot] = i + 1;
            i++;
        }

        Debug.Assert(i == n);
    }

    public int Count => _keys.Length;

    public bool TryGetValue(ReadOnlySpan<char> key, [MaybeNullWhen(false)] out TValue value)
    {
        int h = string.GetHashCode(key, StringComparison.OrdinalIgnoreCase);
        int slot = h & _mask;
        while (true)
        {
            int e = _slots[slot] - 1;
            if (e < 0)
            {
                value = null;
                return false;
            }

            if (_hashes[e] == h && key.Equals(_keys[e], StringComparison.OrdinalIgnoreCase))
            {
                value = _values[e];
                return true;
            }

            slot = (slot + 1) & _mask;
        }
    }
}
