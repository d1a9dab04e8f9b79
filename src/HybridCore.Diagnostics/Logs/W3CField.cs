using System;

namespace HybridCore.Diagnostics.Logs;

/// <summary>
/// The W3C extended log fields the analyser reads, as IIS names them in its <c>#Fields:</c>
/// directive (W3C Working Draft WD-logfile-960323, "Extended Log File Format"; IIS adds
/// <c>sc-substatus</c>, <c>sc-win32-status</c> and <c>time-taken</c>). Columns with other names are
/// skipped; any field may be missing from a file.
/// </summary>
public enum W3CField
{
    /// <summary><c>date</c>: the UTC date of the request (IIS writes <c>yyyy-MM-dd</c>).</summary>
    Date = 0,

    /// <summary><c>time</c>: the UTC time of the request (<c>HH:mm:ss</c>).</summary>
    Time,

    /// <summary><c>s-ip</c>: the server's address.</summary>
    ServerIp,

    /// <summary><c>cs-method</c>: the HTTP method.</summary>
    Method,

    /// <summary><c>cs-uri-stem</c>: the path of the request.</summary>
    UriStem,

    /// <summary><c>cs-uri-query</c>: the query string (Exchange appends its <c>Log=</c> field here).</summary>
    UriQuery,

    /// <summary><c>s-port</c>: the server port.</summary>
    ServerPort,

    /// <summary><c>cs-username</c>: the authenticated user name, <c>-</c> when anonymous.</summary>
    UserName,

    /// <summary><c>c-ip</c>: the client's address.</summary>
    ClientIp,

    /// <summary><c>cs(User-Agent)</c>: the User-Agent header (IIS writes spaces as <c>+</c>).</summary>
    UserAgent,

    /// <summary><c>cs(Referer)</c>: the Referer header.</summary>
    Referer,

    /// <summary><c>sc-status</c>: the HTTP status code.</summary>
    Status,

    /// <summary><c>sc-substatus</c>: the IIS sub-status code.</summary>
    SubStatus,

    /// <summary><c>sc-win32-status</c>: the Windows status code.</summary>
    Win32Status,

    /// <summary><c>time-taken</c>: milliseconds spent on the request.</summary>
    TimeTaken,

    /// <summary><c>cs-host</c>: the Host header.</summary>
    Host,
}

/// <summary>Why the reader set a line aside instead of handing it to the visitor.</summary>
public enum W3CBrokenLineReason
{
    /// <summary>A data line came before any <c>#Fields:</c> directive, so its columns are unknown.</summary>
    NoFieldsDirective = 0,

    /// <summary>The line has more or fewer space-separated values than the current <c>#Fields:</c> directive declares.</summary>
    FieldCountMismatch,

    /// <summary>The line is longer than <see cref="W3CLogReaderOptions.MaxLineLength"/>; it is skipped up to its end.</summary>
    LineTooLong,

    /// <summary>A <c>#Fields:</c> directive without any field name.</summary>
    EmptyFieldsDirective,

    /// <summary>The input ended inside a compressed stream or could not be read (corrupt gzip data, I/O error); the rest of that input is skipped.</summary>
    UnreadableInput,
}

internal static class W3CFieldNames
{
    internal const int Count = 16;

    /// <summary>Maps a <c>#Fields:</c> column name to a known field, ASCII case-insensitively.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> name, out W3CField field)
    {
        field = default;
        ReadOnlySpan<byte> n = name;
        if (Eq(n, "date"u8)) { field = W3CField.Date; return true; }
        if (Eq(n, "time"u8)) { field = W3CField.Time; return true; }
        if (Eq(n, "s-ip"u8)) { field = W3CField.ServerIp; return true; }
        if (Eq(n, "cs-method"u8)) { field = W3CField.Method; return true; }
        if (Eq(n, "cs-uri-stem"u8)) { field = W3CField.UriStem; return true; }
        if (Eq(n, "cs-uri-query"u8)) { field = W3CField.UriQuery; return true; }
        if (Eq(n, "s-port"u8)) { field = W3CField.ServerPort; return true; }
        if (Eq(n, "cs-username"u8)) { field = W3CField.UserName; return true; }
        if (Eq(n, "c-ip"u8)) { field = W3CField.ClientIp; return true; }
        if (Eq(n, "cs(User-Agent)"u8)) { field = W3CField.UserAgent; return true; }
        if (Eq(n, "cs(Referer)"u8)) { field = W3CField.Referer; return true; }
        if (Eq(n, "sc-status"u8)) { field = W3CField.Status; return true; }
        if (Eq(n, "sc-substatus"u8)) { field = W3CField.SubStatus; return true; }
        if (Eq(n, "sc-win32-status"u8)) { field = W3CField.Win32Status; return true; }
        if (Eq(n, "time-taken"u8)) { field = W3CField.TimeTaken; return true; }
        if (Eq(n, "cs-host"u8)) { field = W3CField.Host; return true; }
        return false;
    }

    /// <summary>The name IIS writes for a field.</summary>
    internal static string GetName(W3CField field) => field switch
    {
        W3CField.Date => "date",
        W3CField.Time => "time",
        W3CField.ServerIp => "s-ip",
        W3CField.Method => "cs-method",
        W3CField.UriStem => "cs-uri-stem",
        W3CField.UriQuery => "cs-uri-query",
        W3CField.ServerPort => "s-port",
        W3CField.UserName => "cs-username",
        W3CField.ClientIp => "c-ip",
        W3CField.UserAgent => "cs(User-Agent)",
        W3CField.Referer => "cs(Referer)",
        W3CField.Status => "sc-status",
        W3CField.SubStatus => "sc-substatus",
        W3CField.Win32Status => "sc-win32-status",
        W3CField.TimeTaken => "time-taken",
        W3CField.Host => "cs-host",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private static bool Eq(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => System.Text.Ascii.EqualsIgnoreCase(a, b);
}
