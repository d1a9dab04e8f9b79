using System.Runtime.CompilerServices;

namespace HybridCore.Wbxml;

/// <summary>
/// Everything a <see cref="WbxmlReader"/> needs to go on with the next buffer: the options, the
/// header, the current code page, the open elements and the document offset. Take it from
/// <see cref="WbxmlReader.CurrentState"/> after <see cref="WbxmlReader.Read"/> returned false on a
/// non-final buffer, and pass it with the unconsumed bytes plus the new ones to a new reader.
/// </summary>
/// <remarks>The open elements are kept inline for the first <see cref="InlineDepth"/> levels, so a
/// state never allocates unless <see cref="WbxmlReaderOptions.MaxDepth"/> is raised above that and a
/// document goes that deep; copies of such a state share the overflow array.</remarks>
public struct WbxmlReaderState
{
    /// <summary>Open elements kept without allocating.</summary>
    public const int InlineDepth = 64;

    internal WbxmlReaderOptions _options;
    internal long _offset;
    internal int _depth;
    internal uint _publicId;
    internal uint _charset;
    internal byte _page;
    internal byte _version;
    internal Phase _phase;
    internal TagStack _tags;
    internal ushort[]? _overflowTags;

    /// <summary>Creates the state for the start of a document.</summary>
    public WbxmlReaderState(WbxmlReaderOptions options)
    {
        _options = options;
    }

    internal enum Phase : byte
    {
        Header = 0,
        Body = 1,
        Done = 2,
    }

    /// <summary>The options the reader was created with.</summary>
    public readonly WbxmlReaderOptions Options => _options;

    /// <summary>Bytes of the document consumed so far (the offset of the next unread byte).</summary>
    public readonly long DocumentOffset => _offset;

    /// <summary>True once the root element has been closed.</summary>
    public readonly bool IsDocumentComplete => _phase == Phase.Done;

    /// <summary>Number of elements open now.</summary>
    public readonly int Depth => _depth;

    internal void Push(ushort tag)
    {
        if (_depth < InlineDepth)
        {
            _tags[_depth] = tag;
        }
        else
        {
            int index = _depth - InlineDepth;
            if (_overflowTags is null || _overflowTags.Length <= index)
            {
                var grown = new ushort[System.Math.Max(16, index * 2)];
                _overflowTags?.CopyTo(grown, 0);
                _overflowTags = grown;
            }

            _overflowTags[index] = tag;
        }

        _depth++;
    }

    internal ushort Pop()
    {
        _depth--;
        return _depth < InlineDepth ? _tags[_depth] : _overflowTags![_depth - InlineDepth];
    }

    [InlineArray(InlineDepth)]
    internal struct TagStack
    {
        private ushort _element0;
    }
}
