namespace HybridCore.ActiveSync;

/// <summary>What a server should answer for each <see cref="EasRequestLineError"/>. Nothing here allocates.</summary>
public static class EasRequestLineErrors
{
    /// <summary>
    /// The HTTP status code for a rejected request line: 400 Bad Request for every input error
    /// ([MS-ASHTTP] 2.2.2.1.1), 500 for <see cref="EasRequestLineError.BufferTooSmall"/> (the server's own fault),
    /// 200 for <see cref="EasRequestLineError.None"/>.
    /// </summary>
    public static int GetHttpStatusCode(EasRequestLineError error) => error switch
    {
        EasRequestLineError.None => EasHttpStatusCodes.Ok,
        EasRequestLineError.BufferTooSmall or EasRequestLineError.NotRepresentable => EasHttpStatusCodes.InternalServerError,
        _ => EasHttpStatusCodes.BadRequest,
    };

    /// <summary>
    /// The EAS common status ([MS-ASCMD] 2.2.2) that names the problem, for protocol versions that carry
    /// one in the response body: <see cref="EasStatus.DeviceIdMissingOrInvalid"/> for device id errors,
    /// <see cref="EasStatus.DeviceTypeMissingOrInvalid"/> for device type errors; otherwise
    /// <see langword="null"/> (only the HTTP status applies).
    /// </summary>
    public static EasStatus? GetEasStatus(EasRequestLineError error) => error switch
    {
        EasRequestLineError.DeviceIdMissing or EasRequestLineError.DeviceIdTooLong or EasRequestLineError.DeviceIdInvalid => EasStatus.DeviceIdMissingOrInvalid,
        EasRequestLineError.DeviceTypeMissing or EasRequestLineError.DeviceTypeInvalid => EasStatus.DeviceTypeMissingOrInvalid,
        _ => null,
    };

    /// <summary>
    /// Whether the error means the base64 byte sequence stopped early: <see cref="EasRequestLineError.Truncated"/>
    /// (inside a fixed field) or <see cref="EasRequestLineError.LengthPastEnd"/> (inside a length-prefixed value).
    /// </summary>
    public static bool IsTruncation(EasRequestLineError error) => error is EasRequestLineError.Truncated or EasRequestLineError.LengthPastEnd;

    /// <summary>A short English description of the error (a cached literal).</summary>
    public static string GetDescription(EasRequestLineError error) => error switch
    {
        EasRequestLineError.None => "No error.",
        EasRequestLineError.BufferTooSmall => "The scratch buffer is shorter than EasRequestLine.MaxDecodedBytes.",
        EasRequestLineError.Empty => "The query is empty.",
        EasRequestLineError.InvalidPercentEncoding => "A '%' is not followed by two hexadecimal digits.",
        EasRequestLineError.InvalidUtf8 => "A decoded value is not well-formed UTF-8.",
        EasRequestLineError.InvalidCharacter => "A value holds a control character.",
        EasRequestLineError.MissingCommand => "The command (Cmd=) is missing.",
        EasRequestLineError.UnknownCommand => "The command is not a known Exchange ActiveSync command.",
        EasRequestLineError.DeviceIdMissing => "The device id is missing.",
        EasRequestLineError.DeviceIdTooLong => "The device id is longer than 32 characters (or 16 binary bytes).",
        EasRequestLineError.DeviceIdInvalid => "The device id holds a character other than a letter or a digit.",
        EasRequestLineError.DeviceTypeMissing => "The device type is missing.",
        EasRequestLineError.DeviceTypeInvalid => "The device type holds a character that is not printable ASCII.",
        EasRequestLineError.DuplicateParameter => "A parameter appears twice.",
        EasRequestLineError.ValueTooLong => "A value is longer than 255 bytes.",
        EasRequestLineError.InvalidParameterValue => "A parameter has a value it cannot take.",
        EasRequestLineError.InvalidBase64 => "The base64 query holds a character that is not a base64 digit.",
        EasRequestLineError.Truncated => "The base64 byte sequence ends inside a field.",
        EasRequestLineError.LengthPastEnd => "A length field points past the end of the base64 byte sequence.",
        EasRequestLineError.UnknownParameterTag => "The base64 query holds an unknown command-parameter tag.",
        EasRequestLineError.InvalidPolicyKeyLength => "The policy key length is neither 0 nor 4.",
        EasRequestLineError.UnknownProtocolVersion => "The protocol version is not a known version.",
        EasRequestLineError.UnsupportedProtocolVersionForForm => "Protocol versions 2.5 and 12.0 cannot use the base64 query form.",
        EasRequestLineError.InvalidProtocolVersionHeader => "The MS-ASProtocolVersion header is not a known version.",
        EasRequestLineError.InvalidPolicyKeyHeader => "The X-MS-PolicyKey header is not an unsigned 32-bit number.",
        EasRequestLineError.InvalidAcceptMultiPartHeader => "The MS-ASAcceptMultiPart header is neither T nor F.",
        EasRequestLineError.NotRepresentable => "The request cannot be written in this query form.",
        _ => "Unknown error.",
    };
}
