using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace HybridCore.ActiveSync;

/// <summary>
/// A parsed Exchange ActiveSync request line (the query of <c>/Microsoft-Server-ActiveSync?…</c>), in either
/// form of [MS-ASHTTP] 2.2.1.1.1: a view over the query and a caller-supplied scratch buffer. Parsing and
/// reading it allocate nothing; <see cref="ToRequest"/> materialises an <see cref="EasRequest"/> with strings.
/// </summary>
/// <remarks>
/// <para>Text values (<see cref="User"/>, <see cref="DeviceId"/>, …) are UTF-8 byte spans: percent-decoded
/// (<c>%40</c> → <c>@</c>, <c>+</c> → space) in the plain form, base64-decoded in the base64 form. They point
/// into the query (UTF-8 input that needs no decoding) or into the scratch buffer, so they live as long as both.</para>
/// <para>Pass a scratch buffer of at least <see cref="MaxDecodedBytes"/> bytes, e.g.
/// <c>stackalloc byte[EasRequestLine.MaxDecodedBytes]</c>; with a shorter one every parse fails with
/// <see cref="EasRequestLineError.BufferTooSmall"/>. The parser never reads the buffer before writing it, so mark the
/// calling method <c>[SkipLocalsInit]</c> to save zeroing it. Memory use is bounded by that buffer whatever the
/// input; time is linear in the query length.</para>
/// </remarks>
public ref partial struct EasRequestLine
{
    /// <summary>The longest value, in decoded bytes: 255, what the base64 form's one-byte length fields can carry ([MS-ASHTTP] 2.2.1.1.1.1.1).</summary>
    public const int MaxValueBytes = 255;

    /// <summary>The longest device id text: 32 characters ([MS-ASHTTP] 2.2.1.1.1.2: <c>device-id = 1*32(ALPHA / DIGIT)</c>).</summary>
    public const int MaxDeviceIdLength = 32;

    /// <summary>The longest device id the base64 form may send as raw bytes (a GUID is 16): its hexadecimal text then fits <see cref="MaxDeviceIdLength"/>.</summary>
    public const int MaxBinaryDeviceIdBytes = MaxDeviceIdLength / 2;

    /// <summary>
    /// The longest valid base64-form byte sequence ([MS-ASHTTP] 2.2.1.1.1.1): version, command, locale (4 bytes),
    /// device id (1 + 255), policy key (1 + 4), device type (1 + 255), and each of the seven command parameters
    /// of 2.2.1.1.1.1.3 once (7 × (2 + 255)) = 2320 bytes.
    /// </summary>
    public const int MaxSequenceBytes = 4 + (1 + 255) + (1 + 4) + (1 + 255) + (7 * (2 + 255));

    /// <summary>
    /// The scratch buffer size every parse needs: <see cref="MaxSequenceBytes"/> plus room for a binary device id's
    /// hexadecimal text (2352 bytes). The plain form needs less (eight decoded values of at most 255 bytes).
    /// </summary>
    public const int MaxDecodedBytes = MaxSequenceBytes + MaxDeviceIdLength;

    private ReadOnlySpan<byte> _user;
    private ReadOnlySpan<byte> _deviceId;
    private ReadOnlySpan<byte> _rawDeviceId;
    private ReadOnlySpan<byte> _deviceType;
    private ReadOnlySpan<byte> _attachmentName;
    private ReadOnlySpan<byte> _collectionId;
    private ReadOnlySpan<byte> _itemId;
    private ReadOnlySpan<byte> _longId;
    private ReadOnlySpan<byte> _occurrence;
    private Fields _present;
    private uint _policyKey;
    private ushort _locale;
    private EasProtocolVersion _version;
    private EasCommand _command;
    private EasRequestOptions _options;
    private EasQueryForm _form;

    // One bit per parameter, at its value (a base64 tag, 0-8) or, for the untagged ones (100 up), 9 + (value - 100);
    // then what only the base64 form or the headers set. ToField computes the bit instead of looking it up.
    [Flags]
    private enum Fields : uint
    {
        None = 0,
        AttachmentName = 1u << (int)EasQueryParameter.AttachmentName,
        CollectionId = 1u << (int)EasQueryParameter.CollectionId,
        ItemId = 1u << (int)EasQueryParameter.ItemId,
        LongId = 1u << (int)EasQueryParameter.LongId,
        Occurrence = 1u << (int)EasQueryParameter.Occurrence,
        Options = 1u << (int)EasQueryParameter.Options,
        User = 1u << (int)EasQueryParameter.User,
        Command = 1u << ((int)EasQueryParameter.Cmd - 91),
        DeviceId = 1u << ((int)EasQueryParameter.DeviceId - 91),
        DeviceType = 1u << ((int)EasQueryParameter.DeviceType - 91),
        SaveInSent = 1u << ((int)EasQueryParameter.SaveInSent - 91),
        PolicyKey = 1u << 16,
        Locale = 1u << 17,
        BinaryDeviceId = 1u << 18,
    }

    /// <summary>Which form the query used.</summary>
    public readonly EasQueryForm Form => _form;

    /// <summary>The command.</summary>
    public readonly EasCommand Command => _command;

    /// <summary>The protocol version: the base64 form's field, or the <c>MS-ASProtocolVersion</c> header for the plain form (<see cref="EasProtocolVersion.Unknown"/> if none was passed).</summary>
    public readonly EasProtocolVersion ProtocolVersion => _version;

    /// <summary>The locale (LCID) of the base64 form; <see langword="null"/> for the plain form.</summary>
    public readonly ushort? Locale => (_present & Fields.Locale) != 0 ? _locale : null;

    /// <summary>The policy key (base64 field or <c>X-MS-PolicyKey</c> header); <see langword="null"/> if absent.</summary>
    public readonly uint? PolicyKey => (_present & Fields.PolicyKey) != 0 ? _policyKey : null;

    /// <summary>The command options (<c>Options</c> tag, or <c>SaveInSent=T</c> and the <c>MS-ASAcceptMultiPart</c> header).</summary>
    public readonly EasRequestOptions Options => _options;

    /// <summary>
    /// The device id as UTF-8 text: 1 to 32 letters or digits. When the base64 form sent it as raw bytes
    /// (<see cref="IsBinaryDeviceId"/>), this is the upper-case hexadecimal of those bytes, in order.
    /// </summary>
    public readonly ReadOnlySpan<byte> DeviceId => _deviceId;

    /// <summary>The device id as it was on the wire: the raw bytes for a binary base64 device id, otherwise the same as <see cref="DeviceId"/>.</summary>
    public readonly ReadOnlySpan<byte> RawDeviceId => _rawDeviceId;

    /// <summary>
    /// Whether the base64 form sent the device id as raw bytes (a GUID). The rule: a base64 device id made only
    /// of ASCII letters and digits is text; any other byte makes it binary, shown as hexadecimal.
    /// </summary>
    public readonly bool IsBinaryDeviceId => (_present & Fields.BinaryDeviceId) != 0;

    /// <summary>The device type as UTF-8 text.</summary>
    public readonly ReadOnlySpan<byte> DeviceType => _deviceType;

    /// <summary>Whether the query named a user (<c>User=</c> or tag 8). When it did not, see <see cref="EasBasicCredentials"/>.</summary>
    public readonly bool HasUser => (_present & Fields.User) != 0;

    /// <summary>The user as UTF-8 text (empty if <see cref="HasUser"/> is false).</summary>
    public readonly ReadOnlySpan<byte> User => _user;

    /// <summary>The <c>AttachmentName</c> parameter as UTF-8 (empty if absent; see <see cref="Has"/>).</summary>
    public readonly ReadOnlySpan<byte> AttachmentName => _attachmentName;

    /// <summary>The <c>CollectionId</c> parameter as UTF-8 (empty if absent; see <see cref="Has"/>).</summary>
    public readonly ReadOnlySpan<byte> CollectionId => _collectionId;

    /// <summary>The <c>ItemId</c> parameter as UTF-8 (empty if absent; see <see cref="Has"/>).</summary>
    public readonly ReadOnlySpan<byte> ItemId => _itemId;

    /// <summary>The <c>LongId</c> parameter as UTF-8 (empty if absent; see <see cref="Has"/>).</summary>
    public readonly ReadOnlySpan<byte> LongId => _longId;

    /// <summary>The <c>Occurrence</c> parameter as UTF-8 (empty if absent; see <see cref="Has"/>).</summary>
    public readonly ReadOnlySpan<byte> Occurrence => _occurrence;

    /// <summary>Whether the request carried <paramref name="parameter"/>.</summary>
    public readonly bool Has(EasQueryParameter parameter) => (_present & ToField(parameter)) != 0;

    /// <summary>The UTF-8 value of a text parameter (User, DeviceId, DeviceType, AttachmentName, CollectionId, ItemId, LongId, Occurrence); empty for others or when absent.</summary>
    public readonly ReadOnlySpan<byte> GetValue(EasQueryParameter parameter) => parameter switch
    {
        EasQueryParameter.User => _user,
        EasQueryParameter.DeviceId => _deviceId,
        EasQueryParameter.DeviceType => _deviceType,
        EasQueryParameter.AttachmentName => _attachmentName,
        EasQueryParameter.CollectionId => _collectionId,
        EasQueryParameter.ItemId => _itemId,
        EasQueryParameter.LongId => _longId,
        EasQueryParameter.Occurrence => _occurrence,
        _ => default,
    };

    private static Fields ToField(EasQueryParameter parameter)
    {
        int value = (int)parameter;
        int bit = value < 100 ? value : value - 91;
        return bit < 16 && (value < 9 || value >= 100) ? (Fields)(1u << bit) : Fields.None;
    }

    /// <summary>Materialises the request with strings (this allocates).</summary>
    public readonly EasRequest ToRequest() => new()
    {
        Command = _command,
        DeviceId = Encoding.UTF8.GetString(_deviceId),
        DeviceType = Encoding.UTF8.GetString(_deviceType),
        ProtocolVersion = _version,
        User = Str(Fields.User, _user),
        PolicyKey = PolicyKey,
        Locale = Locale,
        AttachmentName = Str(Fields.AttachmentName, _attachmentName),
        CollectionId = Str(Fields.CollectionId, _collectionId),
        ItemId = Str(Fields.ItemId, _itemId),
        LongId = Str(Fields.LongId, _longId),
        Occurrence = Str(Fields.Occurrence, _occurrence),
        Options = _options,
    };

    private readonly string? Str(Fields field, ReadOnlySpan<byte> value)
        => (_present & field) == 0 ? null : value.IsEmpty ? string.Empty : Encoding.UTF8.GetString(value);

    /// <summary>Parses a request line given as text (what ASP.NET Core's <c>Request.QueryString.Value</c> holds; a leading <c>?</c> is skipped).</summary>
    /// <inheritdoc cref="TryParse(ReadOnlySpan{char}, EasRequestHeaders, Span{byte}, out EasRequestLine, out EasRequestLineFailure)" path="/param[@name!='headers']"/>
    public static bool TryParse(ReadOnlySpan<char> query, Span<byte> buffer, out EasRequestLine line, out EasRequestLineFailure error)
        => TryParseCore(query, buffer, out line, out error);

    /// <summary>Parses a request line given as text, taking the plain form's protocol version, policy key and multipart flag from <paramref name="headers"/>.</summary>
    /// <param name="query">The query, in either form.</param>
    /// <param name="headers">The plain form's headers (ignored for the base64 form).</param>
    /// <param name="buffer">Scratch space of at least <see cref="MaxDecodedBytes"/> bytes; the values may point into it.</param>
    /// <param name="line">The parsed view, when the method returns <see langword="true"/>.</param>
    /// <param name="error">What is wrong and where, when the method returns <see langword="false"/>.</param>
    public static bool TryParse(ReadOnlySpan<char> query, scoped EasRequestHeaders headers, Span<byte> buffer, out EasRequestLine line, out EasRequestLineFailure error)
        => TryParseCore(query, buffer, out line, out error) && line.TryApplyHeaders(headers, out error);

    /// <summary>Parses a request line given as UTF-8/ASCII bytes (a leading <c>?</c> is skipped).</summary>
    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, EasRequestHeaders, Span{byte}, out EasRequestLine, out EasRequestLineFailure)" path="/param[@name!='headers']"/>
    public static bool TryParse(ReadOnlySpan<byte> utf8Query, Span<byte> buffer, out EasRequestLine line, out EasRequestLineFailure error)
        => TryParseCore(utf8Query, buffer, out line, out error);

    /// <summary>Parses a request line given as UTF-8 bytes, with the plain form's headers.</summary>
    /// <param name="utf8Query">The query, in either form, as UTF-8/ASCII bytes.</param>
    /// <param name="headers">The plain form's headers (ignored for the base64 form).</param>
    /// <param name="buffer">Scratch space of at least <see cref="MaxDecodedBytes"/> bytes; the values may point into it.</param>
    /// <param name="line">The parsed view, when the method returns <see langword="true"/>.</param>
    /// <param name="error">What is wrong and where, when the method returns <see langword="false"/>.</param>
    public static bool TryParse(ReadOnlySpan<byte> utf8Query, scoped EasRequestHeaders headers, Span<byte> buffer, out EasRequestLine line, out EasRequestLineFailure error)
        => TryParseCore(utf8Query, buffer, out line, out error) && line.TryApplyHeaders(headers, out error);

    /// <summary>Parses a request line given as text; throws on bad input.</summary>
    /// <inheritdoc cref="TryParse(ReadOnlySpan{char}, EasRequestHeaders, Span{byte}, out EasRequestLine, out EasRequestLineFailure)" path="/param[@name='query' or @name='buffer']"/>
    /// <exception cref="EasRequestLineException">The query is not a valid request line (its <see cref="EasRequestLineException.Reason"/> says why).</exception>
    public static EasRequestLine Parse(ReadOnlySpan<char> query, Span<byte> buffer)
        => TryParseCore(query, buffer, out EasRequestLine line, out EasRequestLineFailure error) ? line : throw error.ToException();

    /// <summary>Parses a request line given as text, with the plain form's headers; throws on bad input.</summary>
    /// <inheritdoc cref="TryParse(ReadOnlySpan{char}, EasRequestHeaders, Span{byte}, out EasRequestLine, out EasRequestLineFailure)" path="/param[@name!='line' and @name!='error']"/>
    /// <exception cref="EasRequestLineException">The query or a header is not valid (its <see cref="EasRequestLineException.Reason"/> says why).</exception>
    public static EasRequestLine Parse(ReadOnlySpan<char> query, scoped EasRequestHeaders headers, Span<byte> buffer)
        => TryParseCore(query, buffer, out EasRequestLine line, out EasRequestLineFailure error) && line.TryApplyHeaders(headers, out error) ? line : throw error.ToException();

    /// <summary>Parses a request line given as UTF-8 bytes; throws on bad input.</summary>
    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, EasRequestHeaders, Span{byte}, out EasRequestLine, out EasRequestLineFailure)" path="/param[@name='utf8Query' or @name='buffer']"/>
    /// <exception cref="EasRequestLineException">The query is not a valid request line (its <see cref="EasRequestLineException.Reason"/> says why).</exception>
    public static EasRequestLine Parse(ReadOnlySpan<byte> utf8Query, Span<byte> buffer)
        => TryParseCore(utf8Query, buffer, out EasRequestLine line, out EasRequestLineFailure error) ? line : throw error.ToException();

    /// <summary>Parses a request line given as UTF-8 bytes, with the plain form's headers; throws on bad input.</summary>
    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, EasRequestHeaders, Span{byte}, out EasRequestLine, out EasRequestLineFailure)" path="/param[@name!='line' and @name!='error']"/>
    /// <exception cref="EasRequestLineException">The query or a header is not valid (its <see cref="EasRequestLineException.Reason"/> says why).</exception>
    public static EasRequestLine Parse(ReadOnlySpan<byte> utf8Query, scoped EasRequestHeaders headers, Span<byte> buffer)
        => TryParseCore(utf8Query, buffer, out EasRequestLine line, out EasRequestLineFailure error) && line.TryApplyHeaders(headers, out error) ? line : throw error.ToException();

    /// <summary>Parses a query and materialises it: <c>Parse(query, buffer).ToRequest()</c> with a stack buffer.</summary>
    /// <exception cref="EasRequestLineException">The query is not a valid request line.</exception>
    [SkipLocalsInit]
    public static EasRequest ParseRequest(ReadOnlySpan<char> query) => Parse(query, stackalloc byte[MaxDecodedBytes]).ToRequest();

    /// <summary>Parses a query with the plain form's headers and materialises it.</summary>
    /// <exception cref="EasRequestLineException">The query or a header is not valid.</exception>
    [SkipLocalsInit]
    public static EasRequest ParseRequest(ReadOnlySpan<char> query, scoped EasRequestHeaders headers)
        => Parse(query, headers, stackalloc byte[MaxDecodedBytes]).ToRequest();
}
