using System;
using System.Buffers;
using System.Text;

namespace HybridCore.Diagnostics;

/// <summary>Percent-decoding (RFC 3986 section 2.1) of UTF-8 bytes as IIS logs them. A <c>%</c>
/// not followed by two hex digits is kept as is; <c>+</c> is kept (IIS and Exchange escape
/// spaces inside the query as <c>%20</c>, and a <c>+</c> in a user name is a <c>+</c>).</summary>
internal static class PercentEncoding
{
    /// <summary>Decodes into <paramref name="destination"/>, which must be at least as long as
    /// <paramref name="source"/>; returns the bytes written.</summary>
    internal static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int first = source.IndexOf((byte)'%');
        if (first < 0)
        {
            source.CopyTo(destination);
            return source.Length;
        }

        source.Slice(0, first).CopyTo(destination);
        int w = first;
        for (int i = first; i < source.Length; i++)
        {
            byte b = source[i];
            if (b == (byte)'%' && i + 2 < source.Length && TryHex(source[i + 1], source[i + 2], out byte decoded))
            {
                destination[w++] = decoded;
                i += 2;
            }
            else
            {
                destination[w++] = b;
            }
        }

        return w;
    }

    /// <summary>Decodes to a string (invalid UTF-8 becomes U+FFFD, never an exception).</summary>
    internal static string DecodeToString(ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            return string.Empty;
        }

        byte[]? rented = null;
        Span<byte> buffer = source.Length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(source.Length));
        int n = Decode(source, buffer);
        string s = Encoding.UTF8.GetString(buffer.Slice(0, n));
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return s;
    }

    private static bool TryHex(byte hi, byte lo, out byte value)
    {
        int h = HexValue(hi);
        int l = HexValue(lo);
        value = (byte)((h << 4) | l);
        return (h | l) >= 0;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
