using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace HybridCore.Wbxml;

/// <summary>
/// A forward-only, allocation-free reader of ActiveSync WBXML ([MS-ASWBXML] 2.1.1, WBXML 1.3) over a
/// span or a (possibly multi-segment) sequence, in the manner of <c>Utf8JsonReader</c>.
/// </summary>
/// <remarks>
/// <para><see cref="Read"/> returns true for each start tag, end tag, inline string and opaque datum.
/// SWITCH_PAGE tokens are consumed silently; <see cref="Tag"/> always carries the code page.</para>
/// <para>Streaming: create the reader with <c>isFinalBlock: false</c> over the bytes at hand. When a
/// token is incomplete at the end of the buffer, <see cref="Read"/> returns false and leaves it
/// unconsumed (<see cref="BytesConsumed"/> stops before it); pass <see cref="CurrentState"/> and the
/// unconsumed bytes plus the new ones to a new reader. Only when the input is final is an incomplete
/// token an error.</para>
/// <para>Bad input throws <see cref="WbxmlException"/> (and nothing else) with the byte offset from
/// the start of the document. String tables, attributes, literal tags, entities, processing
/// instructions and extension tokens — WBXML features ActiveSync does not use ([MS-ASWBXML] 2.1.1) —
/// are rejected with their own <see cref="WbxmlError"/>.</para>
/// </remarks>
public ref partial struct WbxmlReader
{
    private ReadOnlySpan<byte> _buffer;
    private readonly ReadOnlySequence<byte> _sequence;
    private readonly long _inputLength;
    private readonly long _baseOffset;
    private readonly bool _isFinalBlock;
    private readonly bool _isMultiSegment;
    private readonly bool _isSequence;
    private bool _sizeChecked;
    private int _consumed;
    private long _segmentStart;
    private SequencePosition _segmentPosition;
    private SequencePosition _nextSegmentPosition;
    private WbxmlReaderState _state;

    private WbxmlTokenType _tokenType;
    private bool _isEmptyElement;
    private bool _hasValueSequence;
    private ushort _tag;
    private int _tokenDepth;
    private long _tokenStart;
    private ReadOnlySpan<byte> _valueSpan;
    private ReadOnlySequence<byte> _valueSequence;

    /// <summary>Reads a complete document held in <paramref name="wbxml"/>.</summary>
    public WbxmlReader(ReadOnlySpan<byte> wbxml, WbxmlReaderOptions options = default)
        : this(wbxml, isFinalBlock: true, new WbxmlReaderState(options))
    {
    }

    /// <summary>Reads <paramref name="wbxml"/>, the next bytes of a document, going on from <paramref name="state"/>.</summary>
    /// <param name="wbxml">The bytes from <see cref="WbxmlReaderState.DocumentOffset"/> on.</param>
    /// <param name="isFinalBlock">True when no more bytes follow.</param>
    /// <param name="state">The state of the previous reader, or a new state for the start of a document.</param>
    public WbxmlReader(ReadOnlySpan<byte> wbxml, bool isFinalBlock, WbxmlReaderState state)
    {
        _buffer = wbxml;
        _inputLength = wbxml.Length;
        _isFinalBlock = isFinalBlock;
        _state = state;
        _baseOffset = state._offset;
    }

    /// <summary>Reads a complete document held in <paramref name="wbxml"/>.</summary>
    public WbxmlReader(ReadOnlySequence<byte> wbxml, WbxmlReaderOptions options = default)
        : this(wbxml, isFinalBlock: true, new WbxmlReaderState(options))
    {
    }

    /// <summary>Reads <paramref name="wbxml"/>, the next bytes of a document, going on from <paramref name="state"/>.</summary>
    /// <param name="wbxml">The bytes from <see cref="WbxmlReaderState.DocumentOffset"/> on.</param>
    /// <param name="isFinalBlock">True when no more bytes follow.</param>
    /// <param name="state">The state of the previous reader, or a new state for the start of a document.</param>
    public WbxmlReader(ReadOnlySequence<byte> wbxml, bool isFinalBlock, WbxmlReaderState state)
    {
        _sequence = wbxml;
        _inputLength = wbxml.Length;
        _isFinalBlock = isFinalBlock;
        _state = state;
        _baseOffset = state._offset;
        _isSequence = true;
        if (wbxml.IsSingleSegment)
        {
            _buffer = wbxml.FirstSpan;
        }
        else
        {
            _isMultiSegment = true;
            _nextSegmentPosition = wbxml.Start;
            MoveToNextSegment();
        }
    }

    /// <summary>The kind of token the reader is on.</summary>
    public readonly WbxmlTokenType TokenType => _tokenType;

    /// <summary>The element of the current <see cref="WbxmlTokenType.StartElement"/> or
    /// <see cref="WbxmlTokenType.EndElement"/> token (code page and token).</summary>
    public readonly WbxmlTag Tag => (WbxmlTag)_tag;

    /// <summary>The code page of <see cref="Tag"/>.</summary>
    public readonly WbxmlCodePage CodePage => (WbxmlCodePage)(_tag >> 8);

    /// <summary>The name of <see cref="Tag"/> ("Sync"), or null for a tag passed through by
    /// <see cref="WbxmlReaderOptions.AllowUnknownTags"/>. A cached string: no allocation.</summary>
    public readonly string? TagName => WbxmlTags.GetName((WbxmlTag)_tag);

    /// <summary>True for a start tag without the content flag: no children, no END.</summary>
    public readonly bool IsEmptyElement => _isEmptyElement;

    /// <summary>The nesting depth of the current token: 0 for the root element's start and end tags,
    /// 1 for its children and its own strings, and so on.</summary>
    public readonly int CurrentDepth => _tokenDepth;

    /// <summary>The current token's value: UTF-8 bytes of a string (no terminator) or opaque bytes.
    /// Empty when <see cref="HasValueSequence"/> is true.</summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _valueSpan;

    /// <summary>The current token's value when it straddles segments of a multi-segment input.</summary>
    public readonly ReadOnlySequence<byte> ValueSequence => _valueSequence;

    /// <summary>True when the value is in <see cref="ValueSequence"/> rather than <see cref="ValueSpan"/>.</summary>
    public readonly bool HasValueSequence => _hasValueSequence;

    /// <summary>The length of the current value in bytes.</summary>
    public readonly long ValueLength => _hasValueSequence ? _valueSequence.Length : _valueSpan.Length;

    /// <summary>Bytes of this reader's input consumed so far.</summary>
    public readonly long BytesConsumed => _segmentStart + _consumed;

    /// <summary>Where the current token starts, relative to this reader's input.</summary>
    public readonly long TokenStartIndex => _tokenStart;

    /// <summary>Where the current token starts, as a byte offset from the start of the document.</summary>
    public readonly long TokenOffset => _baseOffset + _tokenStart;

    /// <summary>The offset from the start of the document of the next unread byte.</summary>
    public readonly long DocumentOffset => _baseOffset + BytesConsumed;

    /// <summary>The next unread position of a sequence input (default for span input).</summary>
    public readonly SequencePosition Position =>
        !_isSequence ? default : _isMultiSegment ? _sequence.GetPosition(_consumed, _segmentPosition) : _sequence.GetPosition(_consumed);

    /// <summary>True once the root element has been closed.</summary>
    public readonly bool IsDocumentComplete => _state._phase == WbxmlReaderState.Phase.Done;

    /// <summary>Whether the input is the last of the document.</summary>
    public readonly bool IsFinalBlock => _isFinalBlock;

    /// <summary>The header's WBXML version byte (0x03 for 1.3); 0 before the header is read.</summary>
    public readonly byte Version => _state._version;

    /// <summary>The header's public identifier (1, "unknown", in ActiveSync).</summary>
    public readonly uint PublicId => _state._publicId;

    /// <summary>The header's charset MIBenum (106, UTF-8).</summary>
    public readonly uint Charset => _state._charset;

    /// <summary>The state to resume from with the next buffer.</summary>
    public readonly WbxmlReaderState CurrentState
    {
        get
        {
            WbxmlReaderState state = _state;
            state._offset = DocumentOffset;
            return state;
        }
    }

    /// <summary>Moves to the next token.</summary>
    /// <returns>True when a token was read; false at the end of the document, or when the (non-final)
    /// input ends inside a token — then nothing of that token is consumed.</returns>
    /// <exception cref="WbxmlException">The input is not valid ActiveSync WBXML or exceeds a limit.</exception>
    public bool Read()
    {
        if (!_sizeChecked)
        {
            CheckDocumentSize();
        }

        _valueSpan = default;
        if (_hasValueSequence)
        {
            _valueSequence = default;
            _hasValueSequence = false;
        }

        return _isMultiSegment ? ReadMultiSegment() : ReadSingleSegment();
    }

    /// <summary>Decodes the current string token.</summary>
    /// <exception cref="InvalidOperationException">The current token is not a string.</exception>
    public readonly string GetString()
    {
        if (_tokenType != WbxmlTokenType.String)
        {
            throw new InvalidOperationException("The current token is not a string.");
        }

        return _hasValueSequence ? Encoding.UTF8.GetString(_valueSequence) : Encoding.UTF8.GetString(_valueSpan);
    }

    /// <summary>Copies the current value (string or opaque bytes) into <paramref name="destination"/>.</summary>
    /// <returns>False, copying nothing, when <paramref name="destination"/> is too short.</returns>
    public readonly bool TryCopyValue(Span<byte> destination, out int bytesWritten)
    {
        if (ValueLength > destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        if (_hasValueSequence)
        {
            _valueSequence.CopyTo(destination);
        }
        else
        {
            _valueSpan.CopyTo(destination);
        }

        bytesWritten = (int)ValueLength;
        return true;
    }

    /// <summary>True when the current value equals <paramref name="utf8"/> (no decoding, no allocation).</summary>
    public readonly bool ValueEquals(ReadOnlySpan<byte> utf8)
    {
        if (!_hasValueSequence)
        {
            return _valueSpan.SequenceEqual(utf8);
        }

        if (_valueSequence.Length != utf8.Length)
        {
            return false;
        }

        foreach (ReadOnlyMemory<byte> segment in _valueSequence)
        {
            if (!utf8.StartsWith(segment.Span))
            {
                return false;
            }

            utf8 = utf8[segment.Length..];
        }

        return true;
    }

    private void CheckDocumentSize()
    {
        _sizeChecked = true;
        long max = _state._options.MaxDocumentSize;
        if (_baseOffset + _inputLength > max)
        {
            throw WbxmlThrow.Error(WbxmlError.DocumentTooLarge, max);
        }
    }

    private readonly long OffsetOf(int position) => _baseOffset + _segmentStart + position;

    private bool ReadSingleSegment()
    {
        if (_state._phase == WbxmlReaderState.Phase.Header && !TryReadHeaderFromSpan(_isFinalBlock))
        {
            return EndOfInput();
        }

        int position = _consumed;
        OperationStatus status = ReadToken(_buffer, ref position, _isFinalBlock);
        _consumed = position;
        return status == OperationStatus.Done || EndOfInput();
    }

    /// <summary>Parses the header from the current buffer position; false when it is incomplete.</summary>
    private bool TryReadHeaderFromSpan(bool isFinal)
    {
        ReadOnlySpan<byte> rest = _buffer[_consumed..];
        OperationStatus status = WbxmlPrimitives.TryParseHeader(
            rest, out int length, out byte version, out uint publicId, out uint charset, out WbxmlError error, out int errorAt);
        if (status == OperationStatus.InvalidData)
        {
            throw WbxmlThrow.Error(error, OffsetOf(_consumed + errorAt));
        }

        if (status == OperationStatus.NeedMoreData)
        {
            if (isFinal)
            {
                throw WbxmlThrow.Error(WbxmlError.UnexpectedEndOfData, OffsetOf(_consumed), "inside the header");
            }

            return false;
        }

        ApplyHeader(length, version, publicId, charset);
        return true;
    }

    private void ApplyHeader(int length, byte version, uint publicId, uint charset)
    {
        _state._version = version;
        _state._publicId = publicId;
        _state._charset = charset;
        _state._phase = WbxmlReaderState.Phase.Body;
        _state._page = 0;
        _consumed += length;
    }

    /// <summary>Nothing more to read in the input: the end of the document, a pause, or truncation.</summary>
    private readonly bool EndOfInput()
    {
        if (_isFinalBlock && _state._phase != WbxmlReaderState.Phase.Done)
        {
            long offset = _baseOffset + _inputLength;
            if (_state._phase == WbxmlReaderState.Phase.Header)
            {
                throw WbxmlThrow.Error(WbxmlError.UnexpectedEndOfData, offset, "inside the header");
            }

            throw _state._depth == 0
                ? WbxmlThrow.Error(WbxmlError.MissingRootElement, offset)
                : WbxmlThrow.Error(WbxmlError.UnexpectedEndOfData, offset, "elements are still open");
        }

        return false;
    }

    /// <summary>
    /// Reads one token from <paramref name="buffer"/> at <paramref name="position"/>, skipping SWITCH_PAGE.
    /// Done: a token was read and <paramref name="position"/> is past it. NeedMoreData: the buffer ends
    /// at <paramref name="position"/> or inside the token starting there (an error when <paramref name="isFinal"/>).
    /// </summary>
    private OperationStatus ReadToken(ReadOnlySpan<byte> buffer, ref int position, bool isFinal)
    {
        int pos = position;
        while (true)
        {
            if ((uint)pos >= (uint)buffer.Length)
            {
                position = pos;
                return OperationStatus.NeedMoreData;
            }

            if (_state._phase == WbxmlReaderState.Phase.Done)
            {
                throw WbxmlThrow.Error(WbxmlError.TrailingData, OffsetOf(pos));
            }

            byte b = buffer[pos];
            if ((b & WbxmlConstants.TokenMask) >= WbxmlConstants.FirstTagToken)
            {
                StartElement(b, pos);
                position = pos + 1;
                return OperationStatus.Done;
            }

            switch (b)
            {
                case WbxmlConstants.End:
                    EndElement(pos);
                    position = pos + 1;
                    return OperationStatus.Done;

                case WbxmlConstants.SwitchPage:
                    if (pos + 1 >= buffer.Length)
                    {
                        position = pos;
                        return Incomplete(pos, isFinal);
                    }

                    SwitchPage(buffer[pos + 1], pos);
                    pos += 2;
                    continue;

                case WbxmlConstants.StrI:
                {
                    CheckContentAllowed(pos);
                    int max = _state._options.MaxStringLength;
                    ReadOnlySpan<byte> rest = buffer[(pos + 1)..];
                    int window = Math.Min(rest.Length, max + 1);
                    int terminator = rest[..window].IndexOf((byte)0);
                    if (terminator < 0)
                    {
                        if (window > max)
                        {
                            throw WbxmlThrow.Error(WbxmlError.StringTooLong, OffsetOf(pos));
                        }

                        position = pos;
                        return Incomplete(pos, isFinal);
                    }

                    ReadOnlySpan<byte> value = rest[..terminator];
                    ValidateUtf8(value, pos);
                    SetValueToken(WbxmlTokenType.String, pos);
                    _valueSpan = value;
                    position = pos + 2 + terminator;
                    return OperationStatus.Done;
                }

                case WbxmlConstants.Opaque:
                {
                    CheckContentAllowed(pos);
                    OperationStatus status = WbxmlPrimitives.TryReadMultiByteInt32(buffer[(pos + 1)..], out uint length, out int n);
                    if (status == OperationStatus.InvalidData)
                    {
                        throw WbxmlThrow.Error(WbxmlError.InvalidMultiByteInteger, OffsetOf(pos + 1));
                    }

                    if (status == OperationStatus.Done && length > (uint)_state._options.MaxOpaqueLength)
                    {
                        throw WbxmlThrow.Error(WbxmlError.OpaqueTooLong, OffsetOf(pos));
                    }

                    int start = pos + 1 + n;
                    if (status == OperationStatus.NeedMoreData || (uint)(buffer.Length - start) < length)
                    {
                        position = pos;
                        return Incomplete(pos, isFinal);
                    }

                    SetValueToken(WbxmlTokenType.Opaque, pos);
                    _valueSpan = buffer.Slice(start, (int)length);
                    position = start + (int)length;
                    return OperationStatus.Done;
                }

                default:
                    throw WbxmlThrow.Error(WbxmlPrimitives.GetUnsupportedTokenError(b), OffsetOf(pos));
            }
        }
    }

    private readonly OperationStatus Incomplete(int position, bool isFinal)
    {
        if (isFinal)
        {
            throw WbxmlThrow.Error(WbxmlError.UnexpectedEndOfData, OffsetOf(position), "inside a token");
        }

        return OperationStatus.NeedMoreData;
    }

    private void SwitchPage(byte page, int position)
    {
        // SWITCH_PAGE is followed by a u_int8 page number ([WBXML] 5.8.4.7.2; [MS-ASWBXML] 2.1.2.1).
        if (!_state._options.AllowUnknownTags && !WbxmlCodePages.IsDefined((WbxmlCodePage)page))
        {
            throw WbxmlThrow.Error(WbxmlError.UnknownCodePage, OffsetOf(position + 1));
        }

        _state._page = page;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartElement(byte b, int position)
    {
        if ((b & WbxmlConstants.AttributeFlag) != 0)
        {
            throw WbxmlThrow.Error(WbxmlError.AttributesNotSupported, OffsetOf(position));
        }

        ushort tag = (ushort)((_state._page << 8) | (b & WbxmlConstants.TokenMask));
        if (!_state._options.AllowUnknownTags && !WbxmlTags.IsDefined((WbxmlTag)tag))
        {
            throw WbxmlThrow.Error(WbxmlError.UnknownTag, OffsetOf(position));
        }

        int depth = _state._depth;
        if (depth >= _state._options.MaxDepth)
        {
            throw WbxmlThrow.Error(WbxmlError.MaxDepthExceeded, OffsetOf(position));
        }

        _tokenType = WbxmlTokenType.StartElement;
        _tag = tag;
        _tokenDepth = depth;
        _tokenStart = _segmentStart + position;
        if ((b & WbxmlConstants.ContentFlag) != 0)
        {
            _isEmptyElement = false;
            _state.Push(tag);
        }
        else
        {
            _isEmptyElement = true;
            if (depth == 0)
            {
                _state._phase = WbxmlReaderState.Phase.Done;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndElement(int position)
    {
        if (_state._depth == 0)
        {
            throw WbxmlThrow.Error(WbxmlError.UnbalancedEndElement, OffsetOf(position));
        }

        _tag = _state.Pop();
        _tokenType = WbxmlTokenType.EndElement;
        _isEmptyElement = false;
        _tokenDepth = _state._depth;
        _tokenStart = _segmentStart + position;
        if (_state._depth == 0)
        {
            _state._phase = WbxmlReaderState.Phase.Done;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void CheckContentAllowed(int position)
    {
        if (_state._depth == 0)
        {
            throw WbxmlThrow.Error(WbxmlError.ContentOutsideElement, OffsetOf(position));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetValueToken(WbxmlTokenType type, int position)
    {
        _tokenType = type;
        _isEmptyElement = false;
        _tokenDepth = _state._depth;
        _tokenStart = _segmentStart + position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void ValidateUtf8(ReadOnlySpan<byte> value, int tokenPosition)
    {
        if (!_state._options.SkipUtf8Validation && !Utf8.IsValid(value))
        {
            throw WbxmlThrow.Error(WbxmlError.InvalidUtf8, OffsetOf(tokenPosition));
        }
    }
}
