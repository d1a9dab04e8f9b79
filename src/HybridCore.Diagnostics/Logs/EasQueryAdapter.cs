using System;
using System.Runtime.CompilerServices;
using HybridCore.ActiveSync;

namespace HybridCore.Diagnostics.Logs;

/// <summary>The request facts the log analyser needs from a logged ActiveSync query. User, device id
/// and device type are decoded UTF-8 (percent-decoded in the plain form, base64-decoded in the base64
/// form) pointing into the query or the caller's scratch buffer; <see cref="Log"/> is still
/// percent-escaped, as <see cref="ExchangeLogField"/> reads it.</summary>
internal readonly ref struct EasQueryFacts
{
    public EasQueryFacts(
        EasCommand command,
        ReadOnlySpan<byte> user,
        ReadOnlySpan<byte> deviceId,
        ReadOnlySpan<byte> deviceType,
        EasProtocolVersion protocolVersion,
        ReadOnlySpan<byte> log,
        EasQueryForm form,
        EasRequestLineError error)
    {
        Command = command;
        User = user;
        DeviceId = deviceId;
        DeviceType = deviceType;
        ProtocolVersion = protocolVersion;
        Log = log;
        Form = form;
        Error = error;
    }

    /// <summary>The command; <see langword="default"/> when the query could not be parsed.</summary>
    public EasCommand Command { get; }

    /// <summary>The user of the query (empty when it names none).</summary>
    public ReadOnlySpan<byte> User { get; }

    /// <summary>The device id (hexadecimal text for a binary base64 device id).</summary>
    public ReadOnlySpan<byte> DeviceId { get; }

    /// <summary>The device type.</summary>
    public ReadOnlySpan<byte> DeviceType { get; }

    /// <summary>The base64 form's protocol version; <see cref="EasProtocolVersion.Unknown"/> for the plain
    /// form (its version travels in a header IIS does not log).</summary>
    public EasProtocolVersion ProtocolVersion { get; }

    /// <summary>The value of Exchange's <c>Log=</c> parameter, if the logged query has one (in either form).</summary>
    public ReadOnlySpan<byte> Log { get; }

    /// <summary>The query form ([MS-ASHTTP] 2.2.1.1.1).</summary>
    public EasQueryForm Form { get; }

    /// <summary><see cref="EasRequestLineError.None"/> when the library's parser accepted the request line (or
    /// the logged query held nothing but <c>Log=</c>); otherwise why it did not, and the values were read
    /// leniently (see <see cref="EasRequestLineAdapter"/>).</summary>
    public EasRequestLineError Error { get; }
}

/// <summary>
/// The seam between the log analyser and the EAS query parser: the analyser only talks to this
/// interface (tests substitute it).
/// </summary>
internal interface IEasQueryAdapter
{
    /// <summary>Reads the request facts from a logged <c>cs-uri-query</c>. Never throws; what cannot
    /// be read is left empty.</summary>
    /// <param name="query">The logged query (IIS's <c>-</c> already mapped to empty).</param>
    /// <param name="scratch">At least <see cref="EasRequestLineAdapter.ScratchBytes"/> bytes; the facts may point into it.</param>
    EasQueryFacts Read(ReadOnlySpan<byte> query, Span<byte> scratch);
}

internal static class EasQueryAdapters
{
    /// <summary>The adapter the analyser uses: the library's own request-line parser.</summary>
    internal static readonly IEasQueryAdapter Default = new EasRequestLineAdapter();
}

/// <summary>
/// Reads logged queries with <see cref="EasRequestLine"/> (plain and base64 forms, [MS-ASHTTP]
/// 2.2.1.1.1), after cutting off what Exchange appended for its own logging: the <c>Log=</c>
/// parameter (and anything after it) is not part of the request the device sent, and left in place
/// it would turn a base64 query into something that looks like the plain form. When the parser
/// rejects the rest (real logs hold requests no server accepted, and hand-made test lines), the
/// plain form's <c>User</c>, <c>DeviceId</c> and <c>DeviceType</c> are still picked out leniently
/// (split on <c>&amp;</c>/<c>=</c>, names ignoring case, percent-decoded like the parser, each cut at
/// <see cref="EasRequestLine.MaxValueBytes"/>) and the parser's reason is reported, so a log line
/// is never lost. Allocates nothing.
/// </summary>
internal sealed class EasRequestLineAdapter : IEasQueryAdapter
{
    /// <summary>The scratch buffer <see cref="Read"/> needs.</summary>
    public const int ScratchBytes = EasRequestLine.MaxDecodedBytes;

    public EasQueryFacts Read(ReadOnlySpan<byte> query, Span<byte> scratch)
    {
        ReadOnlySpan<byte> request = SplitExchangeLog(query, out ReadOnlySpan<byte> log);
        if (request.IsEmpty)
        {
            // Nothing but Exchange's own field (e.g. an OPTIONS request): no request line to parse.
            return new EasQueryFacts(default, default, default, default, EasProtocolVersion.Unknown, log, EasQueryForm.Plain, EasRequestLineError.None);
        }

        if (EasRequestLine.TryParse(request, scratch, out EasRequestLine line, out EasRequestLineFailure error))
        {
            return new EasQueryFacts(line.Command, line.User, line.DeviceId, line.DeviceType, line.ProtocolVersion, log, line.Form, EasRequestLineError.None);
        }

        return ReadLeniently(request, scratch, log, error.Reason);
    }

    /// <summary>Cuts Exchange's <c>Log=</c> parameter off a logged query: the first <c>Log=</c> at the
    /// start or after a <c>&amp;</c> (as <see cref="ExchangeLogField.TryFind"/> finds it). Exchange
    /// appends it last, so everything before it is the request.</summary>
    /// <param name="query">The logged query.</param>
    /// <param name="log">The <c>Log=</c> value (up to the next <c>&amp;</c>), or empty.</param>
    /// <returns>The query without the <c>&amp;Log=…</c> tail.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ReadOnlySpan<byte> SplitExchangeLog(ReadOnlySpan<byte> query, out ReadOnlySpan<byte> log)
    {
        int at = ExchangeLogField.IndexOfLogParameter(query);
        if (at < 0)
        {
            log = default;
            return query;
        }

        log = query.Slice(at + 4);
        int amp = log.IndexOf((byte)'&');
        log = amp < 0 ? log : log.Slice(0, amp);
        return at == 0 ? default : query.Slice(0, at - 1);
    }

    private static EasQueryFacts ReadLeniently(ReadOnlySpan<byte> request, Span<byte> scratch, ReadOnlySpan<byte> log, EasRequestLineError reason)
    {
        ReadOnlySpan<byte> user = default, deviceId = default, deviceType = default;
        ReadOnlySpan<byte> rest = request;
        EasQueryForm form = EasQueryForm.Plain;
        bool first = true;
        while (!rest.IsEmpty)
        {
            int amp = rest.IndexOf((byte)'&');
            ReadOnlySpan<byte> pair = amp < 0 ? rest : rest.Slice(0, amp);
            rest = amp < 0 ? default : rest.Slice(amp + 1);
            int eq = pair.IndexOf((byte)'=');
            if (eq <= 0)
            {
                // A first "parameter" without a name is the base64 form the parser rejected: nothing to pick out.
                if (first && !pair.IsEmpty)
                {
                    form = EasQueryForm.Base64;
                    break;
                }

                first = false;
                continue;
            }

            first = false;
            ReadOnlySpan<byte> name = pair.Slice(0, eq);
            ReadOnlySpan<byte> value = pair.Slice(eq + 1);
            if (!EasQueryParameters.TryParsePlainNameIgnoreCase(name, out EasQueryParameter parameter))
            {
                continue;
            }

            // Each value has its own slot of the scratch buffer; a repeated parameter overwrites its slot (the last one wins).
            switch (parameter)
            {
                case EasQueryParameter.User:
                    user = Decode(value, scratch.Slice(0, EasRequestLine.MaxValueBytes));
                    break;
                case EasQueryParameter.DeviceId:
                    deviceId = Decode(value, scratch.Slice(EasRequestLine.MaxValueBytes, EasRequestLine.MaxValueBytes));
                    break;
                case EasQueryParameter.DeviceType:
                    deviceType = Decode(value, scratch.Slice(2 * EasRequestLine.MaxValueBytes, EasRequestLine.MaxValueBytes));
                    break;
            }
        }

        return new EasQueryFacts(default, user, deviceId, deviceType, EasProtocolVersion.Unknown, log, form, reason);
    }

    // Percent-decoded like the parser ('+' is a space), cut at the slot's MaxValueBytes.
    private static ReadOnlySpan<byte> Decode(ReadOnlySpan<byte> value, Span<byte> slot) =>
        slot.Slice(0, PercentEncoding.Decode(value, slot, plusAsSpace: true));
}
