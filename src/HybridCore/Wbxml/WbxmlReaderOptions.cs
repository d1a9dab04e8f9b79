using System;

namespace HybridCore.Wbxml;

/// <summary>
/// Limits and switches for <see cref="WbxmlReader"/>. The default value (<c>default</c> or
/// <c>new()</c>) has safe limits; a property set to 0 means "the default".
/// </summary>
public struct WbxmlReaderOptions : IEquatable<WbxmlReaderOptions>
{
    /// <summary>Default <see cref="MaxDepth"/>: 64 nested elements (real ActiveSync bodies stay below 16).</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Default <see cref="MaxStringLength"/>: 8 MiB.</summary>
    public const int DefaultMaxStringLength = 8 * 1024 * 1024;

    /// <summary>Default <see cref="MaxOpaqueLength"/>: 16 MiB.</summary>
    public const int DefaultMaxOpaqueLength = 16 * 1024 * 1024;

    /// <summary>Default <see cref="MaxDocumentSize"/>: 32 MiB.</summary>
    public const long DefaultMaxDocumentSize = 32L * 1024 * 1024;

    private int _maxDepth;
    private int _maxStringLength;
    private int _maxOpaqueLength;
    private long _maxDocumentSize;

    /// <summary>The most elements that may be open at once, the current one included. 0 means
    /// <see cref="DefaultMaxDepth"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxDepth
    {
        readonly get => _maxDepth == 0 ? DefaultMaxDepth : _maxDepth;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxDepth = value;
        }
    }

    /// <summary>The longest inline string in bytes (terminator excluded). 0 means <see cref="DefaultMaxStringLength"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or <see cref="int.MaxValue"/>.</exception>
    public int MaxStringLength
    {
        readonly get => _maxStringLength == 0 ? DefaultMaxStringLength : _maxStringLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfEqual(value, int.MaxValue);
            _maxStringLength = value;
        }
    }

    /// <summary>The longest opaque data in bytes. 0 means <see cref="DefaultMaxOpaqueLength"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxOpaqueLength
    {
        readonly get => _maxOpaqueLength == 0 ? DefaultMaxOpaqueLength : _maxOpaqueLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxOpaqueLength = value;
        }
    }

    /// <summary>The largest document in bytes, header included. 0 means <see cref="DefaultMaxDocumentSize"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public long MaxDocumentSize
    {
        readonly get => _maxDocumentSize == 0 ? DefaultMaxDocumentSize : _maxDocumentSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxDocumentSize = value;
        }
    }

    /// <summary>
    /// When true, code pages and tag tokens that [MS-ASWBXML] does not define are passed through
    /// (as <see cref="WbxmlTag"/> numbers without a name) instead of being rejected with
    /// <see cref="WbxmlError.UnknownCodePage"/> / <see cref="WbxmlError.UnknownTag"/>.
    /// </summary>
    public bool AllowUnknownTags { get; set; }

    /// <summary>When true, inline strings are not checked for well-formed UTF-8 (faster; the caller
    /// then validates what it decodes).</summary>
    public bool SkipUtf8Validation { get; set; }

    /// <inheritdoc/>
    public readonly bool Equals(WbxmlReaderOptions other) =>
        MaxDepth == other.MaxDepth && MaxStringLength == other.MaxStringLength && MaxOpaqueLength == other.MaxOpaqueLength
        && MaxDocumentSize == other.MaxDocumentSize && AllowUnknownTags == other.AllowUnknownTags
        && SkipUtf8Validation == other.SkipUtf8Validation;

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is WbxmlReaderOptions other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode() =>
        HashCode.Combine(MaxDepth, MaxStringLength, MaxOpaqueLength, MaxDocumentSize, AllowUnknownTags, SkipUtf8Validation);

    /// <summary>Compares two option values.</summary>
    public static bool operator ==(WbxmlReaderOptions left, WbxmlReaderOptions right) => left.Equals(right);

    /// <summary>Compares two option values.</summary>
    public static bool operator !=(WbxmlReaderOptions left, WbxmlReaderOptions right) => !left.Equals(right);
}
