using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace HybridCore.Wbxml;

/// <summary>
/// Writes ActiveSync WBXML ([MS-ASWBXML] 2.1.1) to an <see cref="IBufferWriter{T}"/> without allocating.
/// The header (version 1.3, public id 1, UTF-8, empty string table) is written with the first element;
/// SWITCH_PAGE is emitted whenever a tag's code page differs from the current one; an element gets the
/// content flag only when something is written inside it (otherwise it is an empty tag with no END).
/// </summary>
/// <remarks>Bytes are written into spans taken from the buffer writer and handed back with
/// <see cref="IBufferWriter{T}.Advance"/> when a span is full, and by <see cref="Flush"/>: call
/// <see cref="Flush"/> (or end the root element, which flushes) before using the output.
/// Misuse (an END with nothing open, a second root, strings outside an element) throws
/// <see cref="InvalidOperationException"/>.</remarks>
public ref struct WbxmlWriter
{
    private const int MinimumBufferSize = 256;
    private const int NoPendingTag = -1;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;
    private long _committed;
    private int _depth;
    private int _pendingTag;
    private byte _page;
    private bool _started;
    private bool _rootClosed;

    /// <summary>Creates a writer that appends one document to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    public WbxmlWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _pendingTag = NoPendingTag;
    }

    /// <summary>Elements open now, including a started element whose content is not yet known.</summary>
    public readonly int CurrentDepth => _depth + (_pendingTag == NoPendingTag ? 0 : 1);

    /// <summary>Bytes handed to the buffer writer so far.</summary>
    public readonly long BytesCommitted => _committed;

    /// <summary>Bytes written but not yet handed to the buffer writer.</summary>
    public readonly int BytesPending => _buffered;

    /// <summary>True once the root element has been closed.</summary>
    public readonly bool IsDocumentComplete => _rootClosed;

    /// <summary>Starts an element. Whether it gets the content flag is decided by what comes next.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The tag's token is outside 0x05–0x3F.</exception>
    /// <exception cref="InvalidOperationException">The root element is already closed.</exception>
    public void WriteStartElement(WbxmlTag tag)
    {
        byte token = tag.GetToken();
        if (token is < WbxmlConstants.FirstTagToken or > WbxmlConstants.TokenMask)
        {
            ThrowTagOutOfRange(tag);
        }

        if (_rootClosed)
        {
            ThrowInvalid("The root element is already closed; a WBXML document has one root element.");
        }

        if (!_started)
        {
            WriteHeader();
        }
        else
        {
            CommitPendingWithContent();
        }

        _pendingTag = (ushort)tag;
    }

    /// <summary>Ends the innermost element: an END token, or — when nothing was written inside it —
    /// the start tag without the content flag.</summary>
    /// <exception cref="InvalidOperationException">No element is open.</exception>
    public void WriteEndElement()
    {
        if (_pendingTag != NoPendingTag)
        {
            WriteTag((ushort)_pendingTag, withContent: false);
            _pendingTag = NoPendingTag;
        }
        else
        {
            if (_depth == 0)
            {
                ThrowInvalid("No element is open.");
            }

            Ensure(1)[0] = WbxmlConstants.End;
            _buffered++;
            _depth--;
        }

        if (_depth == 0)
        {
            _rootClosed = true;
            Flush();
        }
    }

    /// <summary>Writes an element without content.</summary>
    public void WriteEmptyElement(WbxmlTag tag)
    {
        WriteStartElement(tag);
        WriteEndElement();
    }

    /// <summary>Writes an element holding one inline string.</summary>
    public void WriteElementString(WbxmlTag tag, ReadOnlySpan<byte> utf8Value)
    {
        WriteStartElement(tag);
        WriteString(utf8Value);
        WriteEndElement();
    }

    /// <summary>Writes an element holding one inline string.</summary>
    public void WriteElementString(WbxmlTag tag, ReadOnlySpan<char> value)
    {
        WriteStartElement(tag);
        WriteString(value);
        WriteEndElement();
    }

    /// <summary>Writes an element holding opaque data.</summary>
    public void WriteElementOpaque(WbxmlTag tag, ReadOnlySpan<byte> data)
    {
        WriteStartElement(tag);
        WriteOpaque(data);
        WriteEndElement();
    }

    /// <summary>Writes an inline string (STR_I) from UTF-8 bytes.</summary>
    /// <exception cref="ArgumentException">The value holds a NUL byte (the terminator) or is not valid UTF-8.</exception>
    /// <exception cref="InvalidOperationException">No element is open.</exception>
    public void WriteString(ReadOnlySpan<byte> utf8Value)
    {
        if (utf8Value.Contains((byte)0))
        {
            throw new ArgumentException("A WBXML inline string cannot contain NUL: it is the terminator.", nameof(utf8Value));
        }

        if (!Utf8.IsValid(utf8Value))
        {
            throw new ArgumentException("The value is not valid UTF-8.", nameof(utf8Value));
        }

        BeginContent();
        Ensure(1)[0] = WbxmlConstants.StrI;
        _buffered++;
        WriteRaw(utf8Value);
        Ensure(1)[0] = 0;
        _buffered++;
    }

    /// <summary>Writes an inline string (STR_I), transcoding to UTF-8.</summary>
    /// <exception cref="ArgumentException">The value holds NUL or an unpaired surrogate.</exception>
    /// <exception cref="InvalidOperationException">No element is open.</exception>
    public void WriteString(ReadOnlySpan<char> value)
    {
        if (value.Contains('\0'))
        {
            throw new ArgumentException("A WBXML inline string cannot contain NUL: it is the terminator.", nameof(value));
        }

        BeginContent();
        Ensure(1)[0] = WbxmlConstants.StrI;
        _buffered++;
        while (!value.IsEmpty)
        {
            Span<byte> destination = Ensure(Math.Min(value.Length * 3, 4096) + 4);
            OperationStatus status = Utf8.FromUtf16(value, destination, out int read, out int written, replaceInvalidSequences: false);
            if (status == OperationStatus.InvalidData)
            {
                throw new ArgumentException("The value holds an unpaired surrogate.", nameof(value));
            }

            _buffered += written;
            value = value[read..];
        }

        Ensure(1)[0] = 0;
        _buffered++;
    }

    /// <summary>Writes opaque data (OPAQUE, a length-prefixed byte run).</summary>
    /// <exception cref="InvalidOperationException">No element is open.</exception>
    public void WriteOpaque(ReadOnlySpan<byte> data)
    {
        WriteOpaqueHeader((uint)data.Length);
        WriteRaw(data);
    }

    /// <summary>Writes opaque data (OPAQUE) from a sequence.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The data is longer than <see cref="uint.MaxValue"/> bytes.</exception>
    /// <exception cref="InvalidOperationException">No element is open.</exception>
    public void WriteOpaque(ReadOnlySequence<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, uint.MaxValue, nameof(data));
        WriteOpaqueHeader((uint)data.Length);
        foreach (ReadOnlyMemory<byte> segment in data)
        {
            WriteRaw(segment.Span);
        }
    }

    /// <summary>Hands the written bytes to the buffer writer.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _committed += _buffered;
            _buffered = 0;
            _span = default;
        }
    }

    private void WriteOpaqueHeader(uint length)
    {
        BeginContent();
        Span<byte> span = Ensure(1 + WbxmlConstants.MaxMultiByteLength);
        span[0] = WbxmlConstants.Opaque;
        _buffered += 1 + WbxmlPrimitives.WriteMultiByteInt32(span[1..], length);
    }

    private void WriteHeader()
    {
        // [MS-ASWBXML] 2.1.1 / section 3 example: version 1.3, public id 1 (unknown), charset 106 (UTF-8), no string table.
        Span<byte> span = Ensure(4);
        span[0] = WbxmlConstants.Version13;
        span[1] = WbxmlConstants.UnknownPublicId;
        span[2] = WbxmlConstants.Utf8Charset;
        span[3] = 0;
        _buffered += 4;
        _started = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BeginContent()
    {
        if (_pendingTag != NoPendingTag)
        {
            CommitPendingWithContent();
        }
        else if (_depth == 0)
        {
            ThrowInvalid("Strings and opaque data must be written inside an element.");
        }
    }

    private void CommitPendingWithContent()
    {
        if (_pendingTag != NoPendingTag)
        {
            WriteTag((ushort)_pendingTag, withContent: true);
            _pendingTag = NoPendingTag;
            _depth++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteTag(ushort tag, bool withContent)
    {
        byte page = (byte)(tag >> 8);
        byte token = (byte)(tag | (withContent ? WbxmlConstants.ContentFlag : 0));
        Span<byte> span = Ensure(3);
        if (page != _page)
        {
            span[0] = WbxmlConstants.SwitchPage;
            span[1] = page;
            span[2] = token;
            _buffered += 3;
            _page = page;
        }
        else
        {
            span[0] = token;
            _buffered++;
        }
    }

    private void WriteRaw(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            Span<byte> destination = Ensure(1);
            int count = Math.Min(destination.Length, data.Length);
            data[..count].CopyTo(destination);
            _buffered += count;
            data = data[count..];
        }
    }

    /// <summary>A span of at least <paramref name="count"/> free bytes at the write position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Ensure(int count)
    {
        Span<byte> free = _span[_buffered..];
        if (free.Length >= count)
        {
            return free;
        }

        return Grow(count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Span<byte> Grow(int count)
    {
        Flush();
        _span = _output.GetSpan(Math.Max(count, MinimumBufferSize));
        if (_span.Length < count)
        {
            throw new InvalidOperationException("The buffer writer returned a span shorter than requested.");
        }

        return _span;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTagOutOfRange(WbxmlTag tag) =>
        throw new ArgumentOutOfRangeException(nameof(tag), tag, "A tag token must be between 0x05 and 0x3F.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalid(string message) => throw new InvalidOperationException(message);
}
