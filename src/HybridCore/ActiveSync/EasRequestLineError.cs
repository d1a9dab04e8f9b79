namespace HybridCore.ActiveSync;

/// <summary>
/// Why an Exchange ActiveSync request line (the query of <c>/Microsoft-Server-ActiveSync?…</c>) was rejected.
/// <see cref="EasRequestLineErrors"/> maps each reason to the answer a server should send.
/// </summary>
public enum EasRequestLineError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The caller's scratch buffer is shorter than <see cref="EasRequestLine.MaxDecodedBytes"/> (a programming error, not bad input).</summary>
    BufferTooSmall,

    /// <summary>The query is empty.</summary>
    Empty,

    /// <summary>A <c>%</c> is not followed by two hexadecimal digits.</summary>
    InvalidPercentEncoding,

    /// <summary>A decoded value is not well-formed UTF-8 (or the query holds an unpaired UTF-16 surrogate).</summary>
    InvalidUtf8,

    /// <summary>A value holds a control character.</summary>
    InvalidCharacter,

    /// <summary>There is no <c>Cmd=</c> parameter, or it is empty.</summary>
    MissingCommand,

    /// <summary>The command name or base64 command code is not a known command.</summary>
    UnknownCommand,

    /// <summary>There is no device id, or it is empty ([MS-ASHTTP] 2.2.1.1.1.2.3).</summary>
    DeviceIdMissing,

    /// <summary>The device id is longer than 32 characters (plain form: <c>device-id = 1*32(ALPHA / DIGIT)</c>), or a binary device id is longer than 16 bytes.</summary>
    DeviceIdTooLong,

    /// <summary>The device id holds a character other than a letter or a digit ([MS-ASHTTP] 2.2.1.1.1.2).</summary>
    DeviceIdInvalid,

    /// <summary>There is no device type, or it is empty ([MS-ASHTTP] 2.2.1.1.1.2.4).</summary>
    DeviceTypeMissing,

    /// <summary>The device type holds a character outside <c>VCHAR</c> (printable ASCII, [MS-ASHTTP] 2.2.1.1.1.2).</summary>
    DeviceTypeInvalid,

    /// <summary>A parameter appears twice.</summary>
    DuplicateParameter,

    /// <summary>A decoded value is longer than 255 bytes (the most the base64 form's one-byte length fields can carry, [MS-ASHTTP] 2.2.1.1.1.1.1).</summary>
    ValueTooLong,

    /// <summary>A parameter has a value it cannot take (<c>SaveInSent</c> other than T/F, an <c>Options</c> value that is not one byte).</summary>
    InvalidParameterValue,

    /// <summary>The base64 form holds a character that is not a base64 digit (after percent-decoding), or padding in the middle.</summary>
    InvalidBase64,

    /// <summary>The base64 form's byte sequence ends inside a fixed-size field ([MS-ASHTTP] 2.2.1.1.1.1).</summary>
    Truncated,

    /// <summary>A length field of the base64 form points past the end of the byte sequence.</summary>
    LengthPastEnd,

    /// <summary>The base64 form names a command-parameter tag that [MS-ASHTTP] 2.2.1.1.1.1.3 does not define.</summary>
    UnknownParameterTag,

    /// <summary>The base64 form's policy key length is neither 0 nor 4 ([MS-ASHTTP] 2.2.1.1.1.1).</summary>
    InvalidPolicyKeyLength,

    /// <summary>The base64 form's protocol version byte is not a known version.</summary>
    UnknownProtocolVersion,

    /// <summary>The protocol version may not use this form: 2.5 and 12.0 must use the plain form ([MS-ASHTTP] 2.2.1.1.1.1).</summary>
    UnsupportedProtocolVersionForForm,

    /// <summary>The <c>MS-ASProtocolVersion</c> header is not one of the known versions ([MS-ASHTTP] 2.2.1.1.2.6).</summary>
    InvalidProtocolVersionHeader,

    /// <summary>The <c>X-MS-PolicyKey</c> header is not an unsigned 32-bit decimal number ([MS-ASHTTP] 2.2.1.1.2.8, [MS-ASPROV] 2.2.2.42).</summary>
    InvalidPolicyKeyHeader,

    /// <summary>The <c>MS-ASAcceptMultiPart</c> header is neither T nor F ([MS-ASHTTP] 2.2.1.1.2.5).</summary>
    InvalidAcceptMultiPartHeader,

    /// <summary>A request cannot be written in the form asked for (e.g. a command without a base64 code). Writer only.</summary>
    NotRepresentable,
}
