namespace HybridCore.ActiveSync;

/// <summary>What a server should answer for each <see cref="EasQueryError"/>. Nothing here allocates.</summary>
public static class EasQueryErrors
{
    /// <summary>
    /// The HTTP status code for a rejected request line: 400 Bad Request for every input error
    /// ([MS-ASHTTP] 2.2.2.1.1), 500 for <see cref="EasQueryError.BufferTooSmall"/> (the server's own fault),
    /// 200 for <see cref="EasQueryError.None"/>.
    /// </summary>
    public static int GetHttpStatusCode(EasQueryError error) => error switch
    {
        EasQueryError.None => EasHttpStatusCodes.Ok,
        EasQueryError.BufferTooSmall or EasQueryError.NotRepresentable => EasHttpStatusCodes.InternalServerError,
        _ => EasHttpStatusCodes.BadRequest,
    };

    /// <summary>
    /// The EAS common status ([MS-ASCMD] 2.2.2) that names the problem, for protocol versions that carry
    /// one in the response body: <see cref="EasStatus.DeviceIdMissingOrInvalid"/> for device id errors,
    /// <see cref="EasStatus.DeviceTypeMissingOrInvalid"/> for device type errors; otherwise
    /// <see langword="null"/> (only the HTTP status applies).
    /// </summary>
    public static EasStatus? GetEasStatus(EasQueryError error) => error switch
    {
        EasQueryError.DeviceIdMissing or EasQueryError.DeviceIdTooLong or EasQueryError.DeviceIdInvalid => EasStatus.DeviceIdMissingOrInvalid,
        EasQueryError.DeviceTypeMissing or EasQueryError.DeviceTypeInvalid => EasStatus.DeviceTypeMissingOrInvalid,
        _ => null,
    };

    /// <summary>
    /// Whether the error means the base64 byte sequence stopped early: <see cref="EasQueryError.Truncated"/>
    /// (inside a fixed field) or <see cref="EasQueryError.LengthPastEnd"/> (inside a length-prefixed value).
    /// </summary>
    public static bool IsTruncation(EasQueryError error) => error is EasQueryError.Truncated or EasQueryError.LengthPastEnd;

    /// <summary>A short English description of the error (a cached literal).</summary>
    public static string GetDescription(EasQueryError error) => error switch
    {
        EasQueryError.None => "No error.",
        EasQueryError.BufferTooSmall => "The scratch buffer is shorter than EasRequestLine.MaxDecodedBytes.",
        EasQueryError.Empty => "The query is empty.",
        EasQueryError.InvalidPercentEncoding => "A '%' is not followed by two hexadecimal digits.",
        EasQueryError.InvalidUtf8 => "A decoded value is not well-formed UTF-8.",
        EasQueryError.InvalidCharacter => "A value holds a control character.",
        EasQueryError.MissingCommand => "The command (Cmd=) is missing.",
        EasQueryError.UnknownCommand => "The command is not a known Exchange ActiveSync command.",
        EasQueryError.DeviceIdMissing => "The device id is missing.",
        EasQueryError.DeviceIdTooLong => "The device id is longer than 32 characters (or 16 binary bytes).",
        EasQueryError.DeviceIdInvalid => "The device id holds a character other than a letter or a digit.",
        EasQueryError.DeviceTypeMissing => "The device type is missing.",
        EasQueryError.DeviceTypeInvalid => "The device type holds a character that is not printable ASCII.",
        EasQueryError.DuplicateParameter => "A parameter appears twice.",
        EasQueryError.ValueTooLong => "A value is longer than 255 bytes.",
        EasQueryError.InvalidParameterValue => "A parameter has a value it cannot take.",
        EasQueryError.InvalidBase64 => "The base64 query holds a character that is not a base64 digit.",
        EasQueryError.Truncated => "The base64 byte sequence ends inside a field.",
        EasQueryError.LengthPastEnd => "A length field points past the end of the base64 byte sequence.",
        EasQueryError.UnknownParameterTag => "The base64 query holds an unknown command-parameter tag.",
        EasQueryError.InvalidPolicyKeyLength => "The policy key length is neither 0 nor 4.",
        EasQueryError.UnknownProtocolVersion => "The protocol version is not a known version.",
        EasQueryError.UnsupportedProtocolVersionForForm => "Protocol versions 2.5 and 12.0 cannot use the base64 query form.",
        EasQueryError.InvalidProtocolVersionHeader => "The MS-ASProtocolVersion header is not a known version.",
        EasQueryError.InvalidPolicyKeyHeader => "The X-MS-PolicyKey header is not an unsigned 32-bit number.",
        EasQueryError.InvalidAcceptMultiPartHeader => "The MS-ASAcceptMultiPart header is neither T nor F.",
        EasQueryError.NotRepresentable => "The request cannot be written in this query form.",
        _ => "Unknown error.",
    };
}

/// <summary>
/// A rejected request line: the reason and where. Returned by the <c>TryParse</c> methods of
/// <see cref="EasRequestLine"/> without allocating.
/// </summary>
/// <param name="Reason">What is wrong.</param>
/// <param name="Offset">
/// The index in the input (chars for <c>ReadOnlySpan&lt;char&gt;</c>, bytes for UTF-8) where the problem was
/// found; for the base64 form, the index of the base64 digit that carries the first bit of the offending byte;
/// for header errors, the index inside that header's value; the input length when something is missing.
/// </param>
public readonly record struct EasQueryErrorInfo(EasQueryError Reason, int Offset)
{
    /// <summary>The HTTP status code to answer; see <see cref="EasQueryErrors.GetHttpStatusCode"/>.</summary>
    public int HttpStatusCode => EasQueryErrors.GetHttpStatusCode(Reason);

    /// <summary>The EAS common status to answer, if any; see <see cref="EasQueryErrors.GetEasStatus"/>.</summary>
    public EasStatus? Status => EasQueryErrors.GetEasStatus(Reason);

    /// <summary>Builds the exception the throwing API raises for this error.</summary>
    public EasQueryException ToException() => new(Reason, Offset);
}
