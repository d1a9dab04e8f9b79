using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace HybridCore.ActiveSync;

// The query parser: form detection and the plain form ([MS-ASHTTP] 2.2.1.1.1.2). The base64 form is in
// EasRequestLine.Base64.cs, the plain form's headers in EasRequestLine.Headers.cs. One generic implementation
// serves UTF-16 (char) and UTF-8 (byte) input; the JIT specialises it per element type, so the typeof(T) tests
// cost nothing at run time. Every rule of the grammar is written once, here or in the base64 part. Locals need no
// zeroing (SkipLocalsInit, for every part): each is assigned before it is read, the base64 digit chunk included.
[SkipLocalsInit]
public ref partial struct EasRequestLine
{
    // The longest text query narrowed to bytes before parsing: the narrowed copy sits at the end of the scratch buffer,
    // where a parse of a query this short never writes (the plain form's values take at most 8 * MaxValueBytes from
    // the start, the base64 form's sequence and hex device id far less).
    private const int MaxNarrowedQuery = MaxDecodedBytes - (8 * MaxValueBytes);

    // The query alone; the plain form's headers are applied after (TryApplyHeaders).
    private static bool TryParseCore<T>(ReadOnlySpan<T> query, Span<byte> buffer, out EasRequestLine line, out EasRequestLineFailure error)
        where T : unmanaged
        => TryParseQuery(query, buffer, narrow: true, out line, out error);

    // Text parsed as UTF-16 even when it is ASCII: tests check that it gets the same answer as the narrowed bytes.
    internal static bool TryParseGeneral(ReadOnlySpan<char> query, Span<byte> buffer, out EasRequestLine line, out EasRequestLineFailure error)
        => TryParseQuery(query, buffer, narrow: false, out line, out error);

    private static bool TryParseQuery<T>(ReadOnlySpan<T> query, Span<byte> buffer, bool narrow, out EasRequestLine line, out EasRequestLineFailure error)
        where T : unmanaged
    {
        line = default;
        EasRequestLineError reason;
        int offset = 0;
        int start = query.Length > 0 && At(query, 0) == '?' ? 1 : 0;
        if (buffer.Length < MaxDecodedBytes)
        {
            reason = EasRequestLineError.BufferTooSmall;
        }
        else if (start == query.Length)
        {
            reason = EasRequestLineError.Empty;
            offset = start;
        }
        else
        {
            bool plain = IsPlainForm(query[start..]);
            line._form = plain ? EasQueryForm.Plain : EasQueryForm.Base64;

            // Text that is all ASCII (nearly every query) is parsed as the same bytes, narrowed into the end of the
            // buffer: offsets are unchanged.
            Span<byte> narrowed = buffer[^Math.Min(query.Length, MaxNarrowedQuery)..];
            if (typeof(T) == typeof(char) && narrow && query.Length <= MaxNarrowedQuery
                && Ascii.FromUtf16(MemoryMarshal.Cast<T, char>(query), narrowed, out _) == OperationStatus.Done)
            {
                reason = plain ? line.ParsePlain<byte>(narrowed, start, buffer, out offset) : line.ParseBase64<byte>(narrowed, start, buffer, out offset);
            }
            else
            {
                reason = plain ? line.ParsePlain(query, start, buffer, out offset) : line.ParseBase64(query, start, buffer, out offset);
            }
        }

        if (reason == EasRequestLineError.None)
        {
            error = default;
            return true;
        }

        line = default; // nothing half-parsed is read
        error = new EasRequestLineFailure(reason, offset);
        return false;
    }

    // [MS-ASHTTP] 2.2.1.1.1: the plain form is name=value pairs joined by '&'; the base64 form is base64 digits, in
    // which '=' can only be trailing padding. So: any '&', a known parameter name before the first '=', or any '='
    // followed by something other than '=' means the plain form.
    private static bool IsPlainForm<T>(ReadOnlySpan<T> q)
        where T : unmanaged
    {
        int eq = IndexOfAny(q, '&', '=');
        if (eq < 0 || At(q, eq) == '&' || (eq > 0 && TryParseName(q[..eq], out _)))
        {
            return eq >= 0;
        }

        return typeof(T) == typeof(char)
            ? MemoryMarshal.Cast<T, char>(q)[(eq + 1)..].IndexOfAnyExcept('=') >= 0
            : MemoryMarshal.Cast<T, byte>(q)[(eq + 1)..].IndexOfAnyExcept((byte)'=') >= 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private EasRequestLineError ParsePlain<T>(ReadOnlySpan<T> query, int start, Span<byte> buffer, out int offset)
        where T : unmanaged
    {
        int used = 0;
        foreach (QueryPair pair in new QueryPairs<T>(query, start))
        {
            // Parameter names are matched ignoring case, as IIS and ASP.NET do; a name that is not an EAS
            // parameter (a proxy's or tool's addition, e.g. an IIS log's Log=) is skipped.
            if (pair.NameEnd == pair.NameStart || !TryParseName(query[pair.NameStart..pair.NameEnd], out EasQueryParameter parameter))
            {
                continue;
            }

            Fields field = ToField(parameter);
            if ((_present & field) != 0)
            {
                offset = pair.NameStart;
                return EasRequestLineError.DuplicateParameter;
            }

            _present |= field;
            EasRequestLineError e = ParsePlainValue(parameter, query[pair.ValueStart..pair.ValueEnd], pair.ValueStart, pair.Literal, buffer, ref used, out offset);
            if (e != EasRequestLineError.None)
            {
                return e;
            }
        }

        EasRequestLineError missing = (_present & Fields.Command) == 0 ? EasRequestLineError.MissingCommand
            : (_present & Fields.DeviceId) == 0 ? EasRequestLineError.DeviceIdMissing
            : (_present & Fields.DeviceType) == 0 ? EasRequestLineError.DeviceTypeMissing : EasRequestLineError.None;
        offset = missing == EasRequestLineError.None ? 0 : query.Length;
        return missing;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private EasRequestLineError ParsePlainValue<T>(EasQueryParameter parameter, ReadOnlySpan<T> raw, int rawOffset, bool literal, Span<byte> buffer, scoped ref int used, out int offset)
        where T : unmanaged
    {
        offset = rawOffset;
        switch (parameter)
        {
            case EasQueryParameter.Cmd:
                // command-name = 1*ALPHA: never decoded; exact spelling first, then ignoring case.
                return raw.IsEmpty ? EasRequestLineError.MissingCommand
                    : TryParseCommand(raw, out _command) ? EasRequestLineError.None : EasRequestLineError.UnknownCommand;

            case EasQueryParameter.SaveInSent:
                // [MS-ASHTTP] 2.2.1.1.1.2.5: "T" to save in Sent Items, otherwise "F" (the default).
                int flag = raw.Length == 1 ? At(raw, 0) | 0x20 : 0;
                _options |= flag == 't' ? EasRequestOptions.SaveInSent : 0;
                return flag is 't' or 'f' ? EasRequestLineError.None : EasRequestLineError.InvalidParameterValue;

            case EasQueryParameter.User or EasQueryParameter.DeviceId or EasQueryParameter.DeviceType or EasQueryParameter.AttachmentName
                or EasQueryParameter.CollectionId or EasQueryParameter.ItemId or EasQueryParameter.LongId or EasQueryParameter.Occurrence:
                // A literal UTF-8 value is the query's own bytes; anything else is decoded into the buffer.
                ReadOnlySpan<byte> value = MemoryMarshal.Cast<T, byte>(raw);
                EasRequestLineError e = typeof(T) == typeof(byte) && literal
                    ? (raw.Length > MaxValueBytes ? EasRequestLineError.ValueTooLong : EasRequestLineError.None)
                    : DecodeValue(raw, rawOffset, buffer, ref used, out value, out offset);
                if (e != EasRequestLineError.None)
                {
                    return e;
                }

                bool printable = literal || IsPrintableAscii(value);
                offset = rawOffset;
                return printable || Utf8.IsValid(value) ? Store(parameter, value, printable, literal) : EasRequestLineError.InvalidUtf8;

            default:
                // A name the spec table marks plain but this parser does not model: accept and ignore.
                return EasRequestLineError.None;
        }
    }

    // Percent-decodes one plain-form value into UTF-8 ('+' is a space, as in HTML form encoding, which is how clients
    // and IIS treat the query), at most MaxValueBytes; the caller checks that it is valid UTF-8. UTF-8 input without
    // escapes is returned as a slice of the query; anything else is written to the scratch buffer, the runs between
    // escapes in bulk.
    private static EasRequestLineError DecodeValue<T>(ReadOnlySpan<T> raw, int rawOffset, Span<byte> buffer, scoped ref int used, out ReadOnlySpan<byte> value, out int offset)
        where T : unmanaged
    {
        offset = rawOffset;
        value = MemoryMarshal.Cast<T, byte>(raw);
        int escape = IndexOfAny(raw, '%', '+');
        if (typeof(T) == typeof(byte) && escape < 0)
        {
            return raw.Length > MaxValueBytes ? EasRequestLineError.ValueTooLong : EasRequestLineError.None;
        }

        Span<byte> dest = buffer.Slice(used, MaxValueBytes);
        for (int i = 0, n = 0; ; i++)
        {
            int run = escape < 0 ? raw.Length - i : escape;
            int copied;
            if (typeof(T) == typeof(byte))
            {
                copied = MemoryMarshal.Cast<T, byte>(raw.Slice(i, run)).TryCopyTo(dest[n..]) ? run : -1;
            }
            else
            {
                OperationStatus status = Utf8.FromUtf16(MemoryMarshal.Cast<T, char>(raw.Slice(i, run)), dest[n..], out int read, out copied, replaceInvalidSequences: false);
                if (status == OperationStatus.InvalidData)
                {
                    offset = rawOffset + i + read; // a lone surrogate
                    return EasRequestLineError.InvalidUtf8;
                }

                copied = status == OperationStatus.Done ? copied : -1;
            }

            if (copied < 0)
            {
                return EasRequestLineError.ValueTooLong;
            }

            n += copied;
            i += run;
            if (i == raw.Length)
            {
                value = dest[..n];
                used += n;
                return EasRequestLineError.None;
            }

            bool percent = At(raw, i) == '%';
            int b = percent ? PercentEscape(raw, i) : ' ';
            if (b < 0 || n == MaxValueBytes)
            {
                offset = b < 0 ? rawOffset + i : rawOffset;
                return b < 0 ? EasRequestLineError.InvalidPercentEncoding : EasRequestLineError.ValueTooLong;
            }

            dest[n++] = (byte)b;
            i += percent ? 2 : 0;
            escape = IndexOfAny(raw[(i + 1)..], '%', '+');
        }
    }

    // Stores a decoded text value (plain or base64 form) and applies the parameter's own rules: DeviceId is
    // 1*32(ALPHA / DIGIT), DeviceType 1*VCHAR ([MS-ASHTTP] 2.2.1.1.1.2), and no value may hold C0 controls or DEL
    // (they would end up in logs and headers). The value is valid UTF-8; 'printable' says it is printable ASCII,
    // 'visible' that it is VCHAR.
    private EasRequestLineError Store(EasQueryParameter parameter, ReadOnlySpan<byte> value, bool printable, bool visible)
    {
        switch (parameter)
        {
            case EasQueryParameter.DeviceId:
                _deviceId = value;
                _rawDeviceId = value;
                return value.IsEmpty ? EasRequestLineError.DeviceIdMissing
                    : value.Length > MaxDeviceIdLength ? EasRequestLineError.DeviceIdTooLong
                    : IsAlphanumeric(value) ? EasRequestLineError.None : EasRequestLineError.DeviceIdInvalid;
            case EasQueryParameter.DeviceType:
                _deviceType = value;
                return value.IsEmpty ? EasRequestLineError.DeviceTypeMissing
                    : visible || IsVisibleAscii(value) ? EasRequestLineError.None : EasRequestLineError.DeviceTypeInvalid;
            case EasQueryParameter.User: _user = value; break;
            case EasQueryParameter.AttachmentName: _attachmentName = value; break;
            case EasQueryParameter.CollectionId: _collectionId = value; break;
            case EasQueryParameter.ItemId: _itemId = value; break;
            case EasQueryParameter.LongId: _longId = value; break;
            case EasQueryParameter.Occurrence: _occurrence = value; break;
        }

        return printable || !HasControl(value) ? EasRequestLineError.None : EasRequestLineError.InvalidCharacter;
    }

    // One name=value pair of the query, as offsets: the name up to the first '=' or '&', the value from after that
    // '=' up to the next '&' (empty when the name ends at '&' or at the end). Nothing is decoded. Literal: the value
    // is VCHAR without '%' or '+', so it needs no decoding or checking.
    private readonly record struct QueryPair(int NameStart, int NameEnd, int ValueStart, int ValueEnd, bool Literal);

    // The pairs of query[start..] in order, as ASP.NET Core's QueryStringEnumerable splits them: every '&' ends a
    // pair, so "a&&b" has an empty pair between and a query ending in '&' an empty last one.
    private ref struct QueryPairs<T>(ReadOnlySpan<T> query, int start)
        where T : unmanaged
    {
        private readonly ReadOnlySpan<T> _query = query;
        private int _next = start;

        public QueryPair Current { get; private set; }

        public readonly QueryPairs<T> GetEnumerator() => this;

        public bool MoveNext()
        {
            int start = _next;
            if (start > _query.Length)
            {
                return false;
            }

            int nameLength = IndexOfAny(_query[start..], '=', '&');
            int nameEnd = nameLength < 0 ? _query.Length : start + nameLength;
            int valueStart = nameEnd < _query.Length && At(_query, nameEnd) == '=' ? nameEnd + 1 : nameEnd;
            // One scan finds the end of a literal value (the usual case): the first element that is not a literal one
            // is the '&' after it, or there is none.
            ReadOnlySpan<T> rest = _query[valueStart..];
            int valueLength = typeof(T) == typeof(char)
                ? MemoryMarshal.Cast<T, char>(rest).IndexOfAnyExcept(LiteralChars)
                : MemoryMarshal.Cast<T, byte>(rest).IndexOfAnyExcept(LiteralBytes);
            bool literal = valueLength < 0 || At(rest, valueLength) == '&';
            if (!literal)
            {
                int amp = IndexOf(rest[valueLength..], '&');
                valueLength = amp < 0 ? -1 : valueLength + amp;
            }

            int valueEnd = valueLength < 0 ? _query.Length : valueStart + valueLength;
            Current = new QueryPair(start, nameEnd, valueStart, valueEnd, literal);
            _next = valueEnd + 1;
            return true;
        }
    }

    // ALPHA / DIGIT (RFC 5234).
    private static readonly SearchValues<byte> Alphanumerics =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"u8);

    // What a plain value may hold and still need no decoding or checking: VCHAR (%x21-7E) but '%', '+' and '&'.
    private const string Literal = "!\"#$',-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~()*";
    private static readonly SearchValues<char> LiteralChars = SearchValues.Create(Literal);
    private static readonly SearchValues<byte> LiteralBytes = SearchValues.Create(Encoding.ASCII.GetBytes(Literal));

    private static bool IsAlphanumeric(ReadOnlySpan<byte> s) => s.IndexOfAnyExcept(Alphanumerics) < 0;

    // VCHAR = %x21-7E (RFC 5234).
    private static bool IsVisibleAscii(ReadOnlySpan<byte> s) => s.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) < 0;

    // Printable ASCII, %x20-7E: valid UTF-8 without controls.
    private static bool IsPrintableAscii(ReadOnlySpan<byte> s) => s.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;

    // C0 controls and DEL.
    private static bool HasControl(ReadOnlySpan<byte> s) => s.IndexOfAnyInRange((byte)0x00, (byte)0x1F) >= 0 || s.Contains((byte)0x7F);

    private static int At<T>(ReadOnlySpan<T> s, int i)
        where T : unmanaged
        => typeof(T) == typeof(char) ? MemoryMarshal.Cast<T, char>(s)[i] : MemoryMarshal.Cast<T, byte>(s)[i];

    private static int IndexOf<T>(ReadOnlySpan<T> s, char c)
        where T : unmanaged
        => typeof(T) == typeof(char) ? MemoryMarshal.Cast<T, char>(s).IndexOf(c) : MemoryMarshal.Cast<T, byte>(s).IndexOf((byte)c);

    private static int IndexOfAny<T>(ReadOnlySpan<T> s, char a, char b)
        where T : unmanaged
        => typeof(T) == typeof(char) ? MemoryMarshal.Cast<T, char>(s).IndexOfAny(a, b) : MemoryMarshal.Cast<T, byte>(s).IndexOfAny((byte)a, (byte)b);

    // Exact spelling first (what clients send), then ignoring case; for UTF-8 the generated ignore-case match costs
    // the same as the ordinal one, so one call.
    private static bool TryParseName<T>(ReadOnlySpan<T> name, out EasQueryParameter parameter)
        where T : unmanaged
        => typeof(T) == typeof(char)
            ? EasQueryParameters.TryParsePlainName(MemoryMarshal.Cast<T, char>(name), out parameter)
                || EasQueryParameters.TryParsePlainNameIgnoreCase(MemoryMarshal.Cast<T, char>(name), out parameter)
            : EasQueryParameters.TryParsePlainNameIgnoreCase(MemoryMarshal.Cast<T, byte>(name), out parameter);

    private static bool TryParseCommand<T>(ReadOnlySpan<T> name, out EasCommand command)
        where T : unmanaged
        => typeof(T) == typeof(char)
            ? EasCommands.TryParse(MemoryMarshal.Cast<T, char>(name), out command) || EasCommands.TryParseIgnoreCase(MemoryMarshal.Cast<T, char>(name), out command)
            : EasCommands.TryParseIgnoreCase(MemoryMarshal.Cast<T, byte>(name), out command);

    // The byte the escape "%XY" at s[i] stands for (RFC 3986 2.1), or -1 when two hex digits do not follow the '%'.
    private static int PercentEscape<T>(ReadOnlySpan<T> s, int i)
        where T : unmanaged
    {
        int hi = i + 2 < s.Length ? HexValue(At(s, i + 1)) : -1;
        int lo = hi >= 0 ? HexValue(At(s, i + 2)) : -1;
        return lo < 0 ? -1 : (hi << 4) | lo;
    }

    private static int HexValue(int c) => (uint)(c - '0') <= 9 ? c - '0' : (uint)((c | 0x20) - 'a') <= 5 ? (c | 0x20) - 'a' + 10 : -1;
}
