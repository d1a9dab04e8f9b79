using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using HybridCore.ActiveSync;

namespace HybridCore.Diagnostics.Logs;

/// <summary>
/// What an item of Exchange's <c>Log=</c> field says. Exchange ActiveSync appends this field to
/// the query it logs in IIS: items separated by <c>_</c>, each a name made of letters followed
/// either by <c>:</c> and a percent-escaped value (<c>Error:UserHasNoMailbox</c>) or directly by
/// its value (<c>V141</c>, <c>Cpo19000</c>, <c>TmRcv23:07:20.2281657</c>). Microsoft does not
/// document the field; the names below are the ones seen in real logs (the two lines in the Exchange team's
/// "Exchange ActiveSync on-boarding to Office 365": an Exchange 2010 SP3 RU8 and an Exchange 2013 CU8 line). Items with other names are kept as <see cref="Other"/>.
/// </summary>
public enum ExchangeLogItemKind
{
    /// <summary>Any other item; its name and value are kept.</summary>
    Other = 0,

    /// <summary><c>Error:</c> — the error Exchange answered with, e.g. <c>UserHasNoMailbox</c>.</summary>
    Error,

    /// <summary><c>RdirTo:</c> — a redirect (HTTP 451): how the target was found and the URL, separated by <c>;</c>.</summary>
    RedirectTo,

    /// <summary><c>V</c> — the EAS protocol version of the request without its dot (<c>V141</c> = 14.1).</summary>
    ProtocolVersion,

    /// <summary><c>PrxFrom:</c> — the server this request was proxied from.</summary>
    ProxyFrom,

    /// <summary><c>PrxTo:</c> — the server this request was proxied to.</summary>
    ProxyTo,

    /// <summary><c>UserInfo:</c> — what the directory says the user is (e.g. <c>MailUser</c> for a migrated user).</summary>
    UserInfo,

    /// <summary><c>Dc:</c> — the domain controller used.</summary>
    DomainController,

    /// <summary><c>HH:</c> — the host header of the request.</summary>
    HostHeader,

    /// <summary><c>S</c> — the EAS status code returned (<c>S123</c> = 123, UserHasNoMailbox).</summary>
    Status,

    /// <summary><c>TmRcv</c> — the time the request was received.</summary>
    TimeReceived,

    /// <summary><c>TmCmpl</c> — the time the request completed.</summary>
    TimeCompleted,

    /// <summary>A numeric timing or counter item: <c>Cpo</c>, <c>Fet</c>, <c>LdapC</c>, <c>LdapL</c>.</summary>
    Timing,

    /// <summary><c>ExStk:</c> — the exception stack: gzip, then base64, then percent-escaped. See <see cref="ExchangeLogField.TryDecodeStack"/>.</summary>
    ExceptionStack,

    /// <summary><c>Budget:</c> — throttling budget information.</summary>
    Budget,

    /// <summary><c>ActivityContextData:</c> — diagnostic activity data.</summary>
    ActivityContext,
}

/// <summary>One item of the <c>Log=</c> field, as slices of the logged bytes.</summary>
public readonly ref struct ExchangeLogItem
{
    internal ExchangeLogItem(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawValue, ExchangeLogItemKind kind)
    {
        Raw = raw;
        Name = name;
        RawValue = rawValue;
        Kind = kind;
    }

    /// <summary>The whole item as logged.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>The item's name (its leading letters).</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>The value as logged, still percent-escaped.</summary>
    public ReadOnlySpan<byte> RawValue { get; }

    /// <summary>What the item says.</summary>
    public ExchangeLogItemKind Kind { get; }

    /// <summary>The value, percent-decoded (allocates).</summary>
    public string DecodeValue() => PercentEncoding.DecodeToString(RawValue);
}

/// <summary>Enumerates the items of a <c>Log=</c> value without allocating.</summary>
public ref struct ExchangeLogItemEnumerator
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Starts an enumeration over a <c>Log=</c> value (the bytes after <c>Log=</c>).</summary>
    public ExchangeLogItemEnumerator(ReadOnlySpan<byte> logValue)
    {
        _rest = logValue;
        Current = default;
    }

    /// <summary>The current item.</summary>
    public ExchangeLogItem Current { get; private set; }

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly ExchangeLogItemEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next non-empty item.</summary>
    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            // Values escape '_' as %5F, so a raw '_' always separates items.
            int sep = _rest.IndexOf((byte)'_');
            ReadOnlySpan<byte> item = sep < 0 ? _rest : _rest.Slice(0, sep);
            _rest = sep < 0 ? default : _rest.Slice(sep + 1);
            if (item.IsEmpty)
            {
                continue;
            }

            int nameLength = 0;
            while (nameLength < item.Length && IsAsciiLetter(item[nameLength]))
            {
                nameLength++;
            }

            ReadOnlySpan<byte> name = item.Slice(0, nameLength);
            ReadOnlySpan<byte> value = nameLength < item.Length && item[nameLength] == (byte)':'
                ? item.Slice(nameLength + 1)
                : item.Slice(nameLength);
            Current = new ExchangeLogItem(item, name, value, ExchangeLogField.Classify(name));
            return true;
        }

        return false;
    }

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}

/// <summary>A materialised item of the <c>Log=</c> field.</summary>
/// <param name="Name">The item's name, e.g. <c>Error</c>, <c>V</c>, <c>RdirTo</c>.</param>
/// <param name="Kind">What the item says.</param>
/// <param name="Value">The value, percent-decoded. For <see cref="ExchangeLogItemKind.ExceptionStack"/>
/// the decoded stack text when it could be decoded, otherwise the value as logged.</param>
public sealed record ExchangeLogEntry(string Name, ExchangeLogItemKind Kind, string Value)
{
    /// <summary>For <see cref="ExchangeLogItemKind.RedirectTo"/>: the URL after the <c>;</c>
    /// (<c>TryToFigureOutEasEndpoint;https://…</c>), or the whole value when there is no <c>;</c>.</summary>
    public string? RedirectUrl => Kind == ExchangeLogItemKind.RedirectTo ? ExchangeLogField.GetRedirectUrl(Value) : null;
}

/// <summary>Reading Exchange's <c>Log=</c> field out of an IIS <c>cs-uri-query</c>.</summary>
public static class ExchangeLogField
{
    /// <summary>The largest stack text <see cref="TryDecodeStack"/> produces, in bytes (bounds gzip bombs).</summary>
    public const int MaxStackBytes = 256 * 1024;

    /// <summary>Finds the <c>Log=</c> parameter in a logged query (plain or base64 form): the value
    /// after the first <c>Log=</c> at the start or after a <c>&amp;</c>, up to the next <c>&amp;</c>.</summary>
    /// <param name="query">The <c>cs-uri-query</c> value.</param>
    /// <param name="logValue">The bytes after <c>Log=</c>.</param>
    /// <returns>Whether the query has a <c>Log=</c> parameter.</returns>
    public static bool TryFind(ReadOnlySpan<byte> query, out ReadOnlySpan<byte> logValue)
    {
        int pos = IndexOfLogParameter(query);
        if (pos < 0)
        {
            logValue = default;
            return false;
        }

        ReadOnlySpan<byte> value = query.Slice(pos + 4);
        int amp = value.IndexOf((byte)'&');
        logValue = amp < 0 ? value : value.Slice(0, amp);
        return true;
    }

    /// <summary>The index of the first <c>Log=</c> at the start of <paramref name="query"/> or after a
    /// <c>&amp;</c>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int IndexOfLogParameter(ReadOnlySpan<byte> query)
    {
        int at = 0;
        while (at < query.Length)
        {
            int i = query.Slice(at).IndexOf("Log="u8);
            if (i < 0)
            {
                return -1;
            }

            int pos = at + i;
            if (pos == 0 || query[pos - 1] == (byte)'&')
            {
                return pos;
            }

            at = pos + 4;
        }

        return -1;
    }

    /// <summary>Enumerates the items of a <c>Log=</c> value without allocating.</summary>
    public static ExchangeLogItemEnumerator Enumerate(ReadOnlySpan<byte> logValue) => new(logValue);

    /// <summary>Decodes every item of a <c>Log=</c> value (the text after <c>Log=</c>), keeping unknown
    /// items; the exception stack (<c>ExStk:</c>) is decoded to text when possible.</summary>
    /// <param name="logValue">The value, as logged (percent-escaped).</param>
    /// <returns>The items in logged order.</returns>
    public static IReadOnlyList<ExchangeLogEntry> Parse(string logValue)
    {
        ArgumentNullException.ThrowIfNull(logValue);
        byte[] utf8 = Encoding.UTF8.GetBytes(logValue);
        var items = new List<ExchangeLogEntry>();
        foreach (ExchangeLogItem item in Enumerate(utf8))
        {
            string name = Encoding.UTF8.GetString(item.Name);
            string value = item.Kind == ExchangeLogItemKind.ExceptionStack && TryDecodeStack(item.RawValue, out string? stack)
                ? stack
                : item.DecodeValue();
            items.Add(new ExchangeLogEntry(name, item.Kind, value));
        }

        return items;
    }

    /// <summary>Decodes an <c>ExStk:</c> value: percent-unescape, base64-decode, gunzip, UTF-8.
    /// Never throws on bad data. A stack cut short in the log gives the text decoded up to the cut;
    /// output is capped at <see cref="MaxStackBytes"/> (a longer stack is truncated and still returned).</summary>
    /// <param name="rawValue">The value as logged.</param>
    /// <param name="text">The stack text, or null when the value is not a gzip'ed base64 stack.</param>
    /// <returns>Whether the value decoded.</returns>
    public static bool TryDecodeStack(ReadOnlySpan<byte> rawValue, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        text = null;
        if (rawValue.IsEmpty)
        {
            return false;
        }

        byte[] unescaped = ArrayPool<byte>.Shared.Rent(rawValue.Length);
        try
        {
            int n = PercentEncoding.Decode(rawValue, unescaped);
            // A stack cut short (IIS truncates long query values) decodes up to its last whole base64 quantum.
            Span<byte> b64 = unescaped.AsSpan(0, n - (n % 4));
            // RFC 1952 2.3.1: a gzip member starts with ID1 = 0x1F, ID2 = 0x8B.
            if (Base64.DecodeFromUtf8InPlace(b64, out int gzLength) != OperationStatus.Done
                || gzLength < 2 || unescaped[0] != 0x1F || unescaped[1] != 0x8B)
            {
                return false;
            }

            using var input = new MemoryStream(unescaped, 0, gzLength, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            byte[] output = ArrayPool<byte>.Shared.Rent(16 * 1024);
            int total = 0;
            try
            {
                while (total < MaxStackBytes)
                {
                    if (total == output.Length)
                    {
                        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Min(output.Length * 2, MaxStackBytes));
                        output.AsSpan(0, total).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(output);
                        output = bigger;
                    }

                    int read = gzip.Read(output, total, Math.Min(output.Length, MaxStackBytes) - total);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }

                if (total == 0)
                {
                    return false;
                }

                text = Encoding.UTF8.GetString(output, 0, total);
                return true;
            }
            catch (InvalidDataException)
            {
                return false;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(output);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(unescaped);
        }
    }

    /// <summary>Reads a <c>V</c> item's digits (<c>141</c> = 14.1) as one of the protocol versions
    /// [MS-ASHTTP] 2.2.1.1.2.6 lists: the digits are the version without its dot, which is also how the
    /// base64 query form encodes it (<see cref="EasProtocolVersion.TryFromEncodedValue"/>). Does not allocate.</summary>
    /// <param name="digits">The value of the <c>V</c> item.</param>
    /// <param name="version">The version.</param>
    /// <returns>Whether the value is <c>25</c>, <c>120</c>, <c>121</c>, <c>140</c>, <c>141</c>, <c>160</c> or <c>161</c>.</returns>
    public static bool TryParseProtocolVersion(ReadOnlySpan<byte> digits, out EasProtocolVersion version)
    {
        if (digits.Length is >= 2 and <= 3 && Utf8Parser.TryParse(digits, out int value, out int used) && used == digits.Length && digits[0] != (byte)'+' && digits[0] != (byte)'-')
        {
            return EasProtocolVersion.TryFromEncodedValue(value, out version);
        }

        version = EasProtocolVersion.Unknown;
        return false;
    }

    /// <summary>Reads a <c>V</c> item's digits (<c>141</c>) as a protocol version: the last digit is
    /// the minor version (<c>25</c> = 2.5, <c>121</c> = 12.1, <c>161</c> = 16.1).</summary>
    /// <param name="digits">The value of the <c>V</c> item.</param>
    /// <param name="major">The major version.</param>
    /// <param name="minor">The minor version.</param>
    /// <returns>Whether the value is 2 to 3 digits.</returns>
    public static bool TryParseProtocolVersion(ReadOnlySpan<byte> digits, out int major, out int minor)
    {
        major = 0;
        minor = 0;
        if (digits.Length is < 2 or > 3)
        {
            return false;
        }

        foreach (byte d in digits)
        {
            if ((uint)(d - '0') > 9)
            {
                return false;
            }
        }

        minor = digits[^1] - '0';
        major = digits[0] - '0';
        if (digits.Length == 3)
        {
            major = (major * 10) + (digits[1] - '0');
        }

        return true;
    }

    /// <summary>The named protocol version flag for a major/minor pair (see also
    /// <see cref="TryParseProtocolVersion(ReadOnlySpan{byte}, out EasProtocolVersion)"/>), or <see cref="EasProtocolVersionSet.None"/>
    /// when the pair is not one of the versions the specification lists ([MS-ASHTTP] 2.2.1.1.2.4).</summary>
    public static EasProtocolVersionSet ToProtocolVersion(int major, int minor) =>
        major is >= 0 and <= 99 && minor is >= 0 and <= 9 && EasProtocolVersion.TryFromEncodedValue((major * 10) + minor, out EasProtocolVersion version)
            ? version.ToFlag()
            : EasProtocolVersionSet.None;

    internal static string GetRedirectUrl(string value)
    {
        int semi = value.IndexOf(';', StringComparison.Ordinal);
        return semi < 0 ? value : value.Substring(semi + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ExchangeLogItemKind Classify(ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 1:
                if (name[0] == (byte)'V') return ExchangeLogItemKind.ProtocolVersion;
                if (name[0] == (byte)'S') return ExchangeLogItemKind.Status;
                break;
            case 2:
                if (name.SequenceEqual("Dc"u8)) return ExchangeLogItemKind.DomainController;
                if (name.SequenceEqual("HH"u8)) return ExchangeLogItemKind.HostHeader;
                break;
            case 3:
                if (name.SequenceEqual("Cpo"u8) || name.SequenceEqual("Fet"u8)) return ExchangeLogItemKind.Timing;
                break;
            case 5:
                if (name.SequenceEqual("Error"u8)) return ExchangeLogItemKind.Error;
                if (name.SequenceEqual("ExStk"u8)) return ExchangeLogItemKind.ExceptionStack;
                if (name.SequenceEqual("PrxTo"u8)) return ExchangeLogItemKind.ProxyTo;
                if (name.SequenceEqual("TmRcv"u8)) return ExchangeLogItemKind.TimeReceived;
                if (name.SequenceEqual("LdapC"u8) || name.SequenceEqual("LdapL"u8)) return ExchangeLogItemKind.Timing;
                break;
            case 6:
                if (name.SequenceEqual("RdirTo"u8)) return ExchangeLogItemKind.RedirectTo;
                if (name.SequenceEqual("TmCmpl"u8)) return ExchangeLogItemKind.TimeCompleted;
                if (name.SequenceEqual("Budget"u8)) return ExchangeLogItemKind.Budget;
                break;
            case 7:
                if (name.SequenceEqual("PrxFrom"u8)) return ExchangeLogItemKind.ProxyFrom;
                break;
            case 8:
                if (name.SequenceEqual("UserInfo"u8)) return ExchangeLogItemKind.UserInfo;
                break;
            case 19:
                if (name.SequenceEqual("ActivityContextData"u8)) return ExchangeLogItemKind.ActivityContext;
                break;
        }

        return ExchangeLogItemKind.Other;
    }
}
