using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace HybridCore.ActiveSync;

/// <summary>
/// Writes an <see cref="EasRequest"/> as a request line (the query after <c>/Microsoft-Server-ActiveSync?</c>), in
/// either form of [MS-ASHTTP] 2.2.1.1.1, for clients, proxies and tests. <see cref="EasRequestLine"/> reads both
/// back to an equal request. The <c>TryWrite…</c> methods allocate nothing.
/// </summary>
/// <remarks>
/// <para>Plain form: <c>Cmd=…&amp;User=…&amp;DeviceId=…&amp;DeviceType=…</c> then the command parameters, values
/// percent-encoded as UTF-8 (everything but <c>A-Z a-z 0-9 - . _ ~</c>). The protocol version, policy key and
/// <see cref="EasRequestOptions.AcceptMultiPart"/> go in the <c>MS-ASProtocolVersion</c>, <c>X-MS-PolicyKey</c> and
/// <c>MS-ASAcceptMultiPart</c> headers, which the caller writes; the plain form has no locale.</para>
/// <para>Base64 form: the byte sequence of [MS-ASHTTP] 2.2.1.1.1.1 in standard base64 with padding. A
/// <see langword="null"/> <see cref="EasRequest.Locale"/> is written as 0. The device id is written as its text.</para>
/// <para>A request the form cannot carry (an undefined command, a bad device id or type, a value over 255 UTF-8 bytes
/// or with control characters, or in the base64 form a command without a code or a version below 12.1) raises
/// <see cref="EasRequestLineException"/> with the reason and offset 0.</para>
/// </remarks>
public static class EasRequestWriter
{
    /// <summary>The longest plain query the writer produces (every value at its 255-byte limit, all percent-encoded).</summary>
    public const int MaxPlainQueryLength = (4 + 32) + (6 + 765) + (10 + 32) + (12 + 765) + (16 + 765) + (14 + 765) + (8 + 765) + (8 + 765) + (12 + 765) + 13;

    /// <summary>The longest base64 query the writer produces: <see cref="EasRequestLine.MaxSequenceBytes"/> in base64.</summary>
    public const int MaxBase64QueryLength = (EasRequestLine.MaxSequenceBytes + 2) / 3 * 4;

    // ---- Plain form ---------------------------------------------------------------------------

    /// <summary>Writes the plain query (without a leading <c>?</c>) as UTF-8/ASCII bytes.</summary>
    /// <returns><see langword="false"/> if <paramref name="utf8Destination"/> is too short (at most <see cref="MaxPlainQueryLength"/> bytes are needed).</returns>
    /// <exception cref="EasRequestLineException">The request cannot be written in the plain form.</exception>
    public static bool TryWritePlain(EasRequest request, Span<byte> utf8Destination, out int bytesWritten)
    {
        ArgumentNullException.ThrowIfNull(request);
        string command = EasCommands.GetName(request.Command) ?? throw new EasRequestLineException(EasRequestLineError.UnknownCommand, 0);
        Validate(request);

        var w = new ByteWriter(utf8Destination);
        w.Ascii("Cmd=");
        w.Ascii(command);
        if (request.User is not null)
        {
            w.Ascii("&User=");
            w.Escaped(request.User);
        }

        w.Ascii("&DeviceId=");
        w.Escaped(request.DeviceId);
        w.Ascii("&DeviceType=");
        w.Escaped(request.DeviceType);
        Optional(ref w, "&AttachmentName=", request.AttachmentName);
        Optional(ref w, "&CollectionId=", request.CollectionId);
        Optional(ref w, "&ItemId=", request.ItemId);
        Optional(ref w, "&LongId=", request.LongId);
        Optional(ref w, "&Occurrence=", request.Occurrence);
        if ((request.Options & EasRequestOptions.SaveInSent) != 0)
        {
            // [MS-ASHTTP] 2.2.1.1.1.2.5: F is the default, so only T is written.
            w.Ascii("&SaveInSent=T");
        }

        bytesWritten = w.Overflow ? 0 : w.Position;
        return !w.Overflow;

        static void Optional(ref ByteWriter w, string prefix, string? value)
        {
            if (value is not null)
            {
                w.Ascii(prefix);
                w.Escaped(value);
            }
        }
    }

    /// <summary>Writes the plain query (without a leading <c>?</c>) as text.</summary>
    /// <returns><see langword="false"/> if <paramref name="destination"/> is too short (at most <see cref="MaxPlainQueryLength"/> characters are needed).</returns>
    /// <exception cref="EasRequestLineException">The request cannot be written in the plain form.</exception>
    [SkipLocalsInit]
    public static bool TryWritePlain(EasRequest request, Span<char> destination, out int charsWritten)
    {
        Span<byte> bytes = stackalloc byte[MaxPlainQueryLength];
        TryWritePlain(request, bytes, out int n);
        return Widen(bytes[..n], destination, out charsWritten);
    }

    /// <summary>Writes the plain query (without a leading <c>?</c>) as a string.</summary>
    /// <exception cref="EasRequestLineException">The request cannot be written in the plain form.</exception>
    [SkipLocalsInit]
    public static string WritePlain(EasRequest request)
    {
        Span<byte> bytes = stackalloc byte[MaxPlainQueryLength];
        TryWritePlain(request, bytes, out int n);
        return Encoding.ASCII.GetString(bytes[..n]);
    }

    // ---- Base64 form --------------------------------------------------------------------------

    /// <summary>Writes the byte sequence of the base64 form ([MS-ASHTTP] 2.2.1.1.1.1) before base64 encoding.</summary>
    /// <returns><see langword="false"/> if <paramref name="destination"/> is too short (at most <see cref="EasRequestLine.MaxSequenceBytes"/> bytes are needed).</returns>
    /// <exception cref="EasRequestLineException">The request cannot be written in the base64 form.</exception>
    [SkipLocalsInit]
    public static bool TryWriteBase64Sequence(EasRequest request, Span<byte> destination, out int bytesWritten)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!EasCommands.IsDefined(request.Command))
        {
            throw new EasRequestLineException(EasRequestLineError.UnknownCommand, 0);
        }

        if (!EasCommands.HasCode(request.Command))
        {
            throw new EasRequestLineException(EasRequestLineError.NotRepresentable, 0);
        }

        if (!request.ProtocolVersion.SupportsBase64Query)
        {
            throw new EasRequestLineException(EasRequestLineError.UnsupportedProtocolVersionForForm, 0);
        }

        Validate(request);
        var w = new ByteWriter(destination);
        w.Byte(request.ProtocolVersion.EncodedValue);
        w.Byte((byte)(int)request.Command);
        Span<byte> locale = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(locale, request.Locale ?? 0);
        w.Bytes(locale);
        w.LengthPrefixed(request.DeviceId);
        if (request.PolicyKey is uint key)
        {
            Span<byte> k = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(k, key);
            w.Byte(4);
            w.Bytes(k);
        }
        else
        {
            w.Byte(0);
        }

        w.LengthPrefixed(request.DeviceType);

        // Command parameters ([MS-ASHTTP] 2.2.1.1.1.1.3), in tag order.
        Tagged(ref w, EasQueryParameter.AttachmentName, request.AttachmentName);
        Tagged(ref w, EasQueryParameter.CollectionId, request.CollectionId);
        Tagged(ref w, EasQueryParameter.ItemId, request.ItemId);
        Tagged(ref w, EasQueryParameter.LongId, request.LongId);
        Tagged(ref w, EasQueryParameter.Occurrence, request.Occurrence);
        if (request.Options != EasRequestOptions.None)
        {
            w.Byte((byte)EasQueryParameter.Options);
            w.Byte(1);
            w.Byte((byte)request.Options);
        }

        Tagged(ref w, EasQueryParameter.User, request.User);
        bytesWritten = w.Overflow ? 0 : w.Position;
        return !w.Overflow;

        static void Tagged(ref ByteWriter w, EasQueryParameter tag, string? value)
        {
            if (value is not null)
            {
                w.Byte((byte)tag);
                w.LengthPrefixed(value);
            }
        }
    }

    /// <summary>Writes the base64 query as UTF-8/ASCII bytes.</summary>
    /// <returns><see langword="false"/> if <paramref name="utf8Destination"/> is too short (at most <see cref="MaxBase64QueryLength"/> bytes are needed).</returns>
    /// <exception cref="EasRequestLineException">The request cannot be written in the base64 form.</exception>
    [SkipLocalsInit]
    public static bool TryWriteBase64(EasRequest request, Span<byte> utf8Destination, out int bytesWritten)
    {
        Span<byte> sequence = stackalloc byte[EasRequestLine.MaxSequenceBytes];
        TryWriteBase64Sequence(request, sequence, out int n);
        if (Base64.EncodeToUtf8(sequence[..n], utf8Destination, out _, out bytesWritten) == OperationStatus.Done)
        {
            return true;
        }

        bytesWritten = 0;
        return false;
    }

    /// <summary>Writes the base64 query as text.</summary>
    /// <returns><see langword="false"/> if <paramref name="destination"/> is too short (at most <see cref="MaxBase64QueryLength"/> characters are needed).</returns>
    /// <exception cref="EasRequestLineException">The request cannot be written in the base64 form.</exception>
    [SkipLocalsInit]
    public static bool TryWriteBase64(EasRequest request, Span<char> destination, out int charsWritten)
    {
        Span<byte> sequence = stackalloc byte[EasRequestLine.MaxSequenceBytes];
        TryWriteBase64Sequence(request, sequence, out int n);
        return Convert.TryToBase64Chars(sequence[..n], destination, out charsWritten);
    }

    /// <summary>Writes the base64 query as a string.</summary>
    /// <exception cref="EasRequestLineException">The request cannot be written in the base64 form.</exception>
    [SkipLocalsInit]
    public static string WriteBase64(EasRequest request)
    {
        Span<byte> sequence = stackalloc byte[EasRequestLine.MaxSequenceBytes];
        TryWriteBase64Sequence(request, sequence, out int n);
        return Convert.ToBase64String(sequence[..n]);
    }

    // ---- Shared -------------------------------------------------------------------------------

    private static void Validate(EasRequest request)
    {
        // device-id = 1*32(ALPHA / DIGIT), device-type = 1*VCHAR ([MS-ASHTTP] 2.2.1.1.1.2).
        string id = request.DeviceId ?? string.Empty;
        if (id.Length == 0)
        {
            throw new EasRequestLineException(EasRequestLineError.DeviceIdMissing, 0);
        }

        if (id.Length > EasRequestLine.MaxDeviceIdLength)
        {
            throw new EasRequestLineException(EasRequestLineError.DeviceIdTooLong, 0);
        }

        foreach (char c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                throw new EasRequestLineException(EasRequestLineError.DeviceIdInvalid, 0);
            }
        }

        string type = request.DeviceType ?? string.Empty;
        if (type.Length == 0)
        {
            throw new EasRequestLineException(EasRequestLineError.DeviceTypeMissing, 0);
        }

        if (type.Length > EasRequestLine.MaxValueBytes)
        {
            throw new EasRequestLineException(EasRequestLineError.DeviceTypeInvalid, 0);
        }

        foreach (char c in type)
        {
            if (c is < '!' or > '~')
            {
                throw new EasRequestLineException(EasRequestLineError.DeviceTypeInvalid, 0);
            }
        }

        CheckText(request.User);
        CheckText(request.AttachmentName);
        CheckText(request.CollectionId);
        CheckText(request.ItemId);
        CheckText(request.LongId);
        CheckText(request.Occurrence);
    }

    [SkipLocalsInit]
    private static void CheckText(string? value)
    {
        if (value is null)
        {
            return;
        }

        Span<byte> utf8 = stackalloc byte[EasRequestLine.MaxValueBytes];
        OperationStatus status = Utf8.FromUtf16(value, utf8, out _, out int written, replaceInvalidSequences: false);
        if (status == OperationStatus.InvalidData)
        {
            throw new EasRequestLineException(EasRequestLineError.InvalidUtf8, 0);
        }

        if (status != OperationStatus.Done)
        {
            throw new EasRequestLineException(EasRequestLineError.ValueTooLong, 0);
        }

        ReadOnlySpan<byte> bytes = utf8[..written];
        if (bytes.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || bytes.IndexOf((byte)0x7F) >= 0)
        {
            throw new EasRequestLineException(EasRequestLineError.InvalidCharacter, 0);
        }
    }

    private static bool Widen(ReadOnlySpan<byte> ascii, Span<char> destination, out int charsWritten)
    {
        if (destination.Length < ascii.Length)
        {
            charsWritten = 0;
            return false;
        }

        Ascii.ToUtf16(ascii, destination, out charsWritten);
        return true;
    }

    // Writes into a span; remembers an overflow instead of throwing, so a short destination is a 'false'.
    private ref struct ByteWriter
    {
        private readonly Span<byte> _destination;

        public ByteWriter(Span<byte> destination) => _destination = destination;

        public int Position { get; private set; }

        public bool Overflow { get; private set; }

        public void Byte(byte b)
        {
            if (Position < _destination.Length)
            {
                _destination[Position++] = b;
            }
            else
            {
                Overflow = true;
            }
        }

        public void Bytes(scoped ReadOnlySpan<byte> bytes)
        {
            if (bytes.TryCopyTo(_destination[Position..]))
            {
                Position += bytes.Length;
            }
            else
            {
                Overflow = true;
            }
        }

        public void Ascii(string text)
        {
            foreach (char c in text)
            {
                Byte((byte)c);
            }
        }

        // A one-byte length, then the UTF-8 bytes (already validated to be at most 255).
        [SkipLocalsInit]
        public void LengthPrefixed(string value)
        {
            Span<byte> utf8 = stackalloc byte[EasRequestLine.MaxValueBytes];
            int n = Encoding.UTF8.GetBytes(value, utf8);
            Byte((byte)n);
            Bytes(utf8[..n]);
        }

        // Percent-encodes the UTF-8 bytes of 'value': unreserved characters (RFC 3986 2.3) stay as they are.
        [SkipLocalsInit]
        public void Escaped(string value)
        {
            Span<byte> utf8 = stackalloc byte[EasRequestLine.MaxValueBytes];
            int n = Encoding.UTF8.GetBytes(value, utf8);
            foreach (byte b in utf8[..n])
            {
                if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
                {
                    Byte(b);
                }
                else
                {
                    Byte((byte)'%');
                    Byte((byte)"0123456789ABCDEF"[b >> 4]);
                    Byte((byte)"0123456789ABCDEF"[b & 0xF]);
                }
            }
        }
    }
}
