using System;
using System.Collections.Generic;

namespace HybridCore.Addressing;

/// <summary>
/// Hands out one string per distinct text, so that the many addresses of a directory that share a domain
/// (<c>contoso.com</c>, <c>contoso.mail.onmicrosoft.com</c>) hold one copy of it instead of one each. One pool lives for
/// one snapshot build (never static); it stops growing at <see cref="MaxEntries"/> distinct texts, after which
/// unknown texts are copied as usual, so a directory with a domain per recipient costs no more than without it.
/// </summary>
internal sealed class StringPool
{
    /// <summary>The most distinct texts kept.</summary>
    public const int MaxEntries = 4096;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The pooled string equal to <paramref name="text"/>, or a new one (kept while the pool has room).</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out string? pooled))
        {
            return pooled;
        }

        string s = text.ToString();
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(s);
        }

        return s;
    }
}
