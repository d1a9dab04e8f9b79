using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace HybridCore.Wbxml;

/// <summary>Span-level WBXML encoding primitives ([WBXML] 5.1 "Multi-byte Integers", 5.4 "Header").</summary>
internal static class WbxmlPrimitives
{
    /// <summary>Reads an mb_u_int32: big-endian 7-bit groups, the high bit set on every byte but the last.</summary>
    /// <returns><see cref="OperationStatus.Done"/>; <see cref="OperationStatus.NeedMoreData"/> when the
    /// span ends inside the integer; <see cref="OperationStatus.InvalidData"/> when it is longer than
    /// 5 bytes or does not fit in 32 bits.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OperationStatus TryReadMultiByteInt32(ReadOnlySpan<byte> source, out uint value, out int length)
    {
        uint result = 0;
        for (int i = 0; i < WbxmlConstants.MaxMultiByteLength; i++)
        {
            if ((uint)i >= (uint)source.Length)
            {
                value = 0;
                length = 0;
                return OperationStatus.NeedMoreData;
            }

            byte b = source[i];
            if (result > (uint.MaxValue >> 7))
            {
                break;
            }

            result = (result << 7) | (uint)(b & 0x7F);
            if ((b & 0x80) == 0)
            {
                value = result;
                length = i + 1;
                return OperationStatus.Done;
            }
        }

        value = 0;
        length = 0;
        return OperationStatus.InvalidData;
    }

    /// <summary>The number of bytes <paramref name="value"/> takes as an mb_u_int32.</summary>
    public static int GetMultiByteLength(uint value)
    {
        int length = 1;
        while (value > 0x7F)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    /// <summary>Writes <paramref name="value"/> as an mb_u_int32 (shortest form).</summary>
    public static int WriteMultiByteInt32(Span<byte> destination, uint value)
    {
        int length = GetMultiByteLength(value);
        for (int i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)((value & 0x7Fu) | (i == length - 1 ? 0u : 0x80u));
            value >>= 7;
        }

        return length;
    }

    /// <summary>Parses the document header: version, public id, charset, string table ([WBXML] 5.4).</summary>
    public static OperationStatus TryParseHeader(
        ReadOnlySpan<byte> source, out int length, out byte version, out uint publicId, out uint charset,
        out WbxmlError error, out int errorAt)
    {
        length = 0;
        version = 0;
        publicId = 0;
        charset = 0;
        error = WbxmlError.None;
        errorAt = 0;
        if (source.IsEmpty)
        {
            return OperationStatus.NeedMoreData;
        }

        version = source[0];
        if (version is < 0x01 or > WbxmlConstants.Version13)
        {
            error = WbxmlError.UnsupportedVersion;
            return OperationStatus.InvalidData;
        }

        int pos = 1;
        OperationStatus status = TryReadMultiByteInt32(source[pos..], out publicId, out int n);
        if (status != OperationStatus.Done)
        {
            return Fail(status, pos, WbxmlError.InvalidMultiByteInteger, out error, out errorAt);
        }

        if (publicId == 0)
        {
            // publicid 0 means "the public identifier is a string-table index" ([WBXML] 5.5).
            return Fail(OperationStatus.InvalidData, pos, WbxmlError.StringTableNotSupported, out error, out errorAt);
        }

        pos += n;
        status = TryReadMultiByteInt32(source[pos..], out charset, out n);
        if (status != OperationStatus.Done)
        {
            return Fail(status, pos, WbxmlError.InvalidMultiByteInteger, out error, out errorAt);
        }

        if (charset != WbxmlConstants.Utf8Charset)
        {
            return Fail(OperationStatus.InvalidData, pos, WbxmlError.UnsupportedCharset, out error, out errorAt);
        }

        pos += n;
        status = TryReadMultiByteInt32(source[pos..], out uint tableLength, out n);
        if (status != OperationStatus.Done)
        {
            return Fail(status, pos, WbxmlError.InvalidMultiByteInteger, out error, out errorAt);
        }

        if (tableLength != 0)
        {
            return Fail(OperationStatus.InvalidData, pos, WbxmlError.StringTableNotSupported, out error, out errorAt);
        }

        length = pos + n;
        return OperationStatus.Done;

        static OperationStatus Fail(OperationStatus status, int at, WbxmlError reason, out WbxmlError error, out int errorAt)
        {
            error = status == OperationStatus.InvalidData ? reason : WbxmlError.None;
            errorAt = at;
            return status;
        }
    }

    /// <summary>The reason a global token that ActiveSync never uses is rejected.</summary>
    public static WbxmlError GetUnsupportedTokenError(byte token) => token switch
    {
        WbxmlConstants.Entity => WbxmlError.EntityNotSupported,
        WbxmlConstants.Literal or WbxmlConstants.LiteralA or WbxmlConstants.LiteralC or WbxmlConstants.LiteralAc => WbxmlError.LiteralTagNotSupported,
        WbxmlConstants.Pi => WbxmlError.ProcessingInstructionNotSupported,
        WbxmlConstants.StrT => WbxmlError.StringTableReferenceOutOfRange,
        _ => WbxmlError.ExtensionNotSupported,
    };
}
