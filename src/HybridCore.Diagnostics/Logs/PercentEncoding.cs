using System;
using System.Buffers;
using System.Text;

namespace HybridCore.Diagnostics.Logs;

/// <summary>Percent-decoding (RFC 3986 section 2.1) of UTF-8 bytes as IIS logs them. A <c>%</c>
/// not followed by two hex digits is kept as is; <c>+</c> is kept (IIS and Exchange escape
/// spaces inside the query as <c>%20</c>, and a <c>+</c> in a user name is a <c>+</c>).</summary>
internal static class PercentEncoding
{
    /// <summary>Decodes into <paramref name="destination"/>; returns the bytes written. The output is
    /// cut at <paramref name="destination"/>'s length (a destination as long as <paramref name="source"/>
    /// always holds all of it).</summary>
    /// <param name="source">The escaped bytes.</param>
    /// <param name="destination">Where the decoded bytes go.</param>
    /// <param name="plusAsSpace">Decode <c>+</c> as a space (HTML form encoding, as the request-line
    /// parser reads query values); by default it is kept.</param>
    internal static int Decode(ReadOnlySpan<byte> source, Span<byte> destination, bool plusAsSpace = false)
    {
        int first = plusAsSpace ? source.IndexOfAny((byte)'%', (byte)'+') : source.IndexOf((byte)'%');
        first = Math.Min(first < 0 ? source.Length : first, destination.Length);
        source.Slice(0, first).CopyTo(destination);
        int w = first;
        for (int i = first; i < source.Length && w < destination.Length; i++)
        {
            byte b = source[i];
            if (b == (byte)'%' && i + 2 < source.Length && TryHex(source[i + 1], source[i + 2], out byte decoded))
            {
                destination[w++] = decoded;
                i += 2;
            }
            else
            {
                destination[w++] = plusAsSpace && b == (byte)'+' ? (byte)' ' : b;
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
