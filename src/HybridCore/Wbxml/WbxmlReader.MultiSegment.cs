using System;
using System.Buffers;
using System.Text.Unicode;

namespace HybridCore.Wbxml;

/// <summary>The multi-segment path: tokens are read from the current segment as from a span; a token
/// that straddles segments is handled here, copying at most a header's worth of bytes.</summary>
public ref partial struct WbxmlReader
{
    private bool ReadMultiSegment()
    {
        while (true)
        {
            while (_consumed == _buffer.Length)
            {
                if (!MoveToNextSegment())
                {
                    return EndOfInput();
                }
            }

            if (_state._phase == WbxmlReaderState.Phase.Header)
            {
                if (!TryReadHeaderFromSpan(isFinal: false) && !TryReadHeaderAcrossSegments())
                {
                    return EndOfInput();
                }

                continue;
            }

            int position = _consumed;
            OperationStatus status = ReadToken(_buffer, ref position, isFinal: false);
            _consumed = position;
            if (status == OperationStatus.Done)
            {
                return true;
            }

            if (position == _buffer.Length)
            {
                continue;
            }

            // The token at 'position' straddles the end of this segment.
            status = ReadStraddlingToken();
            if (status == OperationStatus.Done)
            {
                return true;
            }

            if (status == OperationStatus.NeedMoreData)
            {
                if (_isFinalBlock)
                {
                    throw WbxmlThrow.Error(WbxmlError.UnexpectedEndOfData, OffsetOf(_consumed), "inside a token");
                }

                return false;
            }

            // OperationStatus.DestinationTooSmall is used for "consumed a SWITCH_PAGE, go on".
        }
    }

    private bool MoveToNextSegment()
    {
        SequencePosition current = _nextSegmentPosition;
        SequencePosition next = current;
        if (!_sequence.TryGet(ref next, out ReadOnlyMemory<byte> memory))
        {
            return false;
        }

        _segmentStart += _buffer.Length;
        _segmentPosition = current;
        _nextSegmentPosition = next;
        _buffer = memory.Span;
        _consumed = 0;
        return true;
    }

    /// <summary>Moves the input position forward by <paramref name="count"/> bytes, across segments.</summary>
    private void Advance(long count)
    {
        long target = _segmentStart + _consumed + count;
        while (target > _segmentStart + _buffer.Length)
        {
            bool moved = MoveToNextSegment();
            System.Diagnostics.Debug.Assert(moved, "Advance past the end of the input.");
        }

        _consumed = (int)(target - _segmentStart);
    }

    /// <summary>The input from the current position on (sliced from the current segment: O(1), not O(segments)).</summary>
    private readonly ReadOnlySequence<byte> Remaining => _sequence.Slice(_segmentPosition).Slice(_consumed);

    private bool TryReadHeaderAcrossSegments()
    {
        ReadOnlySequence<byte> rest = Remaining;
        Span<byte> scratch = stackalloc byte[WbxmlConstants.MaxHeaderLength];
        int copied = (int)Math.Min(rest.Length, scratch.Length);
        rest.Slice(0, copied).CopyTo(scratch);
        OperationStatus status = WbxmlPrimitives.TryParseHeader(
            scratch[..copied], out int length, out byte version, out uint publicId, out uint charset, out WbxmlError error, out int errorAt);
        if (status == OperationStatus.InvalidData)
        {
            throw WbxmlThrow.Error(error, OffsetOf(_consumed + errorAt));
        }

        if (status == OperationStatus.NeedMoreData)
        {
            return false;
        }

        ApplyHeader(0, version, publicId, charset);
        Advance(length);
        return true;
    }

    /// <summary>Reads the token at the current position, which starts in this segment and ends in a later one.</summary>
    private OperationStatus ReadStraddlingToken()
    {
        int pos = _consumed;
        byte token = _buffer[pos];
        long tokenStart = _segmentStart + pos;
        ReadOnlySequence<byte> rest = Remaining;
        switch (token)
        {
            case WbxmlConstants.SwitchPage:
            {
                if (rest.Length < 2)
                {
                    return OperationStatus.NeedMoreData;
                }

                SwitchPage(rest.Slice(1, 1).FirstSpan[0], pos);
                Advance(2);
                return OperationStatus.DestinationTooSmall;
            }

            case WbxmlConstants.StrI:
            {
                long length = FindTerminator(rest.Slice(1), _state._options.MaxStringLength, pos);
                if (length < 0)
                {
                    return OperationStatus.NeedMoreData;
                }

                ReadOnlySequence<byte> value = rest.Slice(1, length);
                if (!_state._options.SkipUtf8Validation && !IsValidUtf8(value))
                {
                    throw WbxmlThrow.Error(WbxmlError.InvalidUtf8, OffsetOf(pos));
                }

                SetStraddlingValue(WbxmlTokenType.String, tokenStart, value);
                Advance(value.Length + 2);
                return OperationStatus.Done;
            }

            case WbxmlConstants.Opaque:
            {
                Span<byte> scratch = stackalloc byte[WbxmlConstants.MaxMultiByteLength];
                ReadOnlySequence<byte> lengthBytes = rest.Slice(1);
                int copied = (int)Math.Min(lengthBytes.Length, scratch.Length);
                lengthBytes.Slice(0, copied).CopyTo(scratch);
                OperationStatus status = WbxmlPrimitives.TryReadMultiByteInt32(scratch[..copied], out uint length, out int n);
                if (status == OperationStatus.InvalidData)
                {
                    throw WbxmlThrow.Error(WbxmlError.InvalidMultiByteInteger, OffsetOf(pos + 1));
                }

                if (status == OperationStatus.NeedMoreData)
                {
                    return OperationStatus.NeedMoreData;
                }

                if (length > (uint)_state._options.MaxOpaqueLength)
                {
                    throw WbxmlThrow.Error(WbxmlError.OpaqueTooLong, OffsetOf(pos));
                }

                if (rest.Length - 1 - n < length)
                {
                    return OperationStatus.NeedMoreData;
                }

                ReadOnlySequence<byte> value = rest.Slice(1 + n, length);
                SetStraddlingValue(WbxmlTokenType.Opaque, tokenStart, value);
                Advance(1 + n + length);
                return OperationStatus.Done;
            }

            default:
                // Every other token is one byte long and cannot straddle.
                throw new InvalidOperationException("Unreachable: single-byte token reported as incomplete.");
        }
    }

    /// <summary>The length of the string before its NUL terminator, or -1 when the input ends first.
    /// Scans segment by segment and never more than <paramref name="max"/> + 1 bytes.</summary>
    private readonly long FindTerminator(ReadOnlySequence<byte> content, int max, int tokenPosition)
    {
        long scanned = 0;
        foreach (ReadOnlyMemory<byte> memory in content)
        {
            ReadOnlySpan<byte> span = memory.Span;
            int window = (int)Math.Min(span.Length, max + 1 - scanned);
            int index = span[..window].IndexOf((byte)0);
            if (index >= 0)
            {
                return scanned + index;
            }

            scanned += window;
            if (scanned > max)
            {
                throw WbxmlThrow.Error(WbxmlError.StringTooLong, OffsetOf(tokenPosition));
            }
        }

        return -1;
    }

    private void SetStraddlingValue(WbxmlTokenType type, long tokenStart, ReadOnlySequence<byte> value)
    {
        _tokenType = type;
        _isEmptyElement = false;
        _tokenDepth = _state._depth;
        _tokenStart = tokenStart;
        if (value.IsSingleSegment)
        {
            _valueSpan = value.FirstSpan;
        }
        else
        {
            _valueSequence = value;
            _hasValueSequence = true;
        }
    }

    /// <summary>Validates UTF-8 that may split a character across segments.</summary>
    private static bool IsValidUtf8(ReadOnlySequence<byte> value)
    {
        Span<byte> carry = stackalloc byte[8];
        int carried = 0;
        foreach (ReadOnlyMemory<byte> memory in value)
        {
            ReadOnlySpan<byte> span = memory.Span;
            if (carried > 0)
            {
                int needed = SequenceLength(carry[0]);
                if (needed == 0)
                {
                    return false;
                }

                int take = Math.Min(needed - carried, span.Length);
                span[..take].CopyTo(carry[carried..]);
                carried += take;
                span = span[take..];
                if (carried < needed)
                {
                    continue;
                }

                if (!Utf8.IsValid(carry[..carried]))
                {
                    return false;
                }

                carried = 0;
            }

            // Hold back an incomplete sequence at the end of the segment.
            int tail = 0;
            for (int back = 1; back <= 3 && back <= span.Length; back++)
            {
                byte b = span[^back];
                if ((b & 0xC0) == 0x80)
                {
                    continue;
                }

                int length = SequenceLength(b);
                if (length > back)
                {
                    tail = back;
                }

                break;
            }

            if (!Utf8.IsValid(span[..^tail]))
            {
                return false;
            }

            span[^tail..].CopyTo(carry);
            carried = tail;
        }

        return carried == 0;

        static int SequenceLength(byte lead) => lead switch
        {
            < 0x80 => 1,
            >= 0xC2 and <= 0xDF => 2,
            >= 0xE0 and <= 0xEF => 3,
            >= 0xF0 and <= 0xF4 => 4,
            _ => 0,
        };
    }
}
