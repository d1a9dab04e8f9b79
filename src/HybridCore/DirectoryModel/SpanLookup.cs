using System;
using System.Collections.Generic;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace HybridCore.DirectoryModel;

/// <summary>
/// An immutable string-keyed map, case-insensitive (ordinal, Unicode simple case folding), that
/// is queried with <see cref="ReadOnlySpan{T}"/> keys without allocating: a <c>FrozenDictionary</c>
/// with its span alternate lookup. Keys must be unique ignoring case.
/// </summary>
internal sealed class SpanLookup<TValue>
    where TValue : class
{
    private readonly FrozenDictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SpanLookup(IReadOnlyCollection<KeyValuePair<string, TValue>> items)
    {
        Count = items.Count;
        _lookup = items.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count { get; }

    public bool TryGetValue(ReadOnlySpan<char> key, [MaybeNullWhen(false)] out TValue value)
        => _lookup.TryGetValue(key, out value);
}
