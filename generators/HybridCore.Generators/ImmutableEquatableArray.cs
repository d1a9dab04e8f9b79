using System;
using System.Collections;
using System.Collections.Generic;

namespace HybridCore.Generators;

/// <summary>
/// An immutable array with structural equality, so that pipeline values compare by content and
/// the incremental generator can tell an unchanged input from a changed one.
/// </summary>
internal sealed class ImmutableEquatableArray<T> : IEquatable<ImmutableEquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    public static ImmutableEquatableArray<T> Empty { get; } = new(Array.Empty<T>());

    private readonly T[] _values;

    public ImmutableEquatableArray(IEnumerable<T> values) => _values = new List<T>(values).ToArray();

    private ImmutableEquatableArray(T[] values) => _values = values;

    public T this[int index] => _values[index];

    public int Count => _values.Length;

    public bool Equals(ImmutableEquatableArray<T>? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (_values.Length != other._values.Length)
        {
            return false;
        }

        for (int i = 0; i < _values.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is ImmutableEquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        int hash = 17;
        foreach (T value in _values)
        {
            hash = unchecked((hash * 31) + (value is null ? 0 : value.GetHashCode()));
        }

        return hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();
}
