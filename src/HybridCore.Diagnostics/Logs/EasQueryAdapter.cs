using System;

namespace HybridCore.Diagnostics;

/// <summary>The few request facts the log analyser needs from an ActiveSync query, as slices of
/// the logged bytes (still percent-escaped).</summary>
internal readonly ref struct EasQueryFacts
{
    public EasQueryFacts(ReadOnlySpan<byte> command, ReadOnlySpan<byte> user, ReadOnlySpan<byte> deviceId, ReadOnlySpan<byte> deviceType, ReadOnlySpan<byte> log, bool isBase64)
    {
        Log = log;
        Command = command;
        User = user;
        DeviceId = deviceId;
        DeviceType = deviceType;
        IsBase64 = isBase64;
    }

    public ReadOnlySpan<byte> Command { get; }

    public ReadOnlySpan<byte> User { get; }

    public ReadOnlySpan<byte> DeviceId { get; }

    public ReadOnlySpan<byte> DeviceType { get; }

    /// <summary>The value of Exchange's <c>Log=</c> parameter, if the query has one (in either form).</summary>
    public ReadOnlySpan<byte> Log { get; }

    /// <summary>The query is in the base64 form ([MS-ASHTTP] 2.2.1.1.1.1): user, device and command
    /// are inside the encoded blob.</summary>
    public bool IsBase64 { get; }
}

/// <summary>
/// The seam where the library's own EAS query parser plugs into the log analyser. The analyser
/// only ever talks to this interface, so replacing the implementation is a one-line change in
/// <see cref="EasQueryAdapters.Default"/>.
/// </summary>
internal interface IEasQueryAdapter
{
    /// <summary>Reads the request facts from a logged <c>cs-uri-query</c>. Never throws; unknown
    /// or malformed parts are left empty.</summary>
    EasQueryFacts Read(ReadOnlySpan<byte> query);
}

internal static class EasQueryAdapters
{
    /// <summary>The adapter the analyser uses.</summary>
    /// <remarks>TEMPORARY: <see cref="PlainQuerySplitter"/> until the core's query parser (issue 3,
    /// <c>HybridCore.ActiveSync.EasRequestLine</c>, plain and base64 forms) is merged; then an
    /// adapter over it replaces this one and base64 queries get user/device/command too.</remarks>
    internal static readonly IEasQueryAdapter Default = new PlainQuerySplitter();
}

/// <summary>
/// TEMPORARY stand-in for the issue-3 query parser: splits the plain query form
/// ([MS-ASHTTP] 2.2.1.1.1.2, <c>Cmd=…&amp;User=…&amp;DeviceId=…&amp;DeviceType=…</c>) on <c>&amp;</c>
/// and <c>=</c> and picks four parameters (names compared ASCII case-insensitively). A query whose
/// first parameter has no <c>=</c> is taken to be the base64 form and is not decoded here.
/// </summary>
internal sealed class PlainQuerySplitter : IEasQueryAdapter
{
    public EasQueryFacts Read(ReadOnlySpan<byte> query)
    {
        ReadOnlySpan<byte> cmd = default, user = default, deviceId = default, deviceType = default, log = default;
        ReadOnlySpan<byte> rest = query;
        bool first = true;
        bool base64 = false;
        while (!rest.IsEmpty)
        {
            int amp = rest.IndexOf((byte)'&');
            ReadOnlySpan<byte> pair = amp < 0 ? rest : rest.Slice(0, amp);
            rest = amp < 0 ? default : rest.Slice(amp + 1);
            int eq = pair.IndexOf((byte)'=');
            if (eq < 0)
            {
                if (first && !pair.IsEmpty)
                {
                    base64 = true;
                }

                first = false;
                continue;
            }

            first = false;
            ReadOnlySpan<byte> name = pair.Slice(0, eq);
            ReadOnlySpan<byte> value = pair.Slice(eq + 1);
            switch (name.Length)
            {
                case 3 when System.Text.Ascii.EqualsIgnoreCase(name, "Cmd"u8):
                    cmd = value;
                    break;
                case 3 when System.Text.Ascii.EqualsIgnoreCase(name, "Log"u8):
                    // Exchange's own field comes last; nothing after it belongs to the request.
                    log = value;
                    rest = default;
                    break;
                case 4 when System.Text.Ascii.EqualsIgnoreCase(name, "User"u8):
                    user = value;
                    break;
                case 8 when System.Text.Ascii.EqualsIgnoreCase(name, "DeviceId"u8):
                    deviceId = value;
                    break;
                case 10 when System.Text.Ascii.EqualsIgnoreCase(name, "DeviceType"u8):
                    deviceType = value;
                    break;
            }
        }

        return new EasQueryFacts(cmd, user, deviceId, deviceType, log, base64);
    }
}
