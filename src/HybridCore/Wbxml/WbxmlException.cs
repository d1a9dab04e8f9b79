using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace HybridCore.Wbxml;

/// <summary>
/// The one exception the WBXML reader, the PipeReader helper and the XML converter throw for bad
/// input: <see cref="Error"/> says why, <see cref="Offset"/> says where (the byte offset from the
/// start of the document; for XML input, the character offset is not known and -1 is used).
/// </summary>
public sealed class WbxmlException : FormatException
{
    /// <summary>Creates an exception with no reason (prefer the other constructors).</summary>
    public WbxmlException()
        : this(WbxmlError.None, -1, "Invalid WBXML.")
    {
    }

    /// <summary>Creates an exception with a message and no reason code.</summary>
    public WbxmlException(string message)
        : this(WbxmlError.None, -1, message)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception, and no reason code.</summary>
    public WbxmlException(string message, Exception innerException)
        : base(message, innerException)
    {
        Offset = -1;
    }

    /// <summary>Creates an exception for <paramref name="error"/> at <paramref name="offset"/>.</summary>
    public WbxmlException(WbxmlError error, long offset, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        Offset = offset;
    }

    /// <summary>Why the input was rejected.</summary>
    public WbxmlError Error { get; }

    /// <summary>Byte offset from the start of the document of the offending token or byte; -1 when unknown.</summary>
    public long Offset { get; }
}

/// <summary>Cold paths that build <see cref="WbxmlException"/>s (call sites read <c>throw WbxmlThrow.X(…)</c>).</summary>
internal static class WbxmlThrow
{
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static WbxmlException Error(WbxmlError error, long offset, string? detail = null)
    {
        string text = error switch
        {
            WbxmlError.UnexpectedEndOfData => "The WBXML document ends inside a token or before its root element is closed.",
            WbxmlError.TrailingData => "Bytes follow the end of the root element.",
            WbxmlError.UnsupportedVersion => "Unsupported WBXML version (expected 1.1, 1.2 or 1.3).",
            WbxmlError.UnsupportedCharset => "Unsupported character set (ActiveSync uses UTF-8, MIBenum 106).",
            WbxmlError.InvalidMultiByteInteger => "Invalid mb_u_int32: longer than 5 bytes or larger than 32 bits.",
            WbxmlError.StringTableNotSupported => "String tables are not used by ActiveSync (MS-ASWBXML 2.1.1); the header must announce an empty one.",
            WbxmlError.StringTableReferenceOutOfRange => "STR_T references the string table, which is empty: the offset is out of range.",
            WbxmlError.AttributesNotSupported => "Attributes are not used by ActiveSync (MS-ASWBXML 2.1.1).",
            WbxmlError.LiteralTagNotSupported => "Literal tags (named through the string table) are not used by ActiveSync.",
            WbxmlError.EntityNotSupported => "Entities are not used by ActiveSync (MS-ASWBXML 2.1.1).",
            WbxmlError.ProcessingInstructionNotSupported => "Processing instructions are not used by ActiveSync (MS-ASWBXML 2.1.1).",
            WbxmlError.ExtensionNotSupported => "Extension tokens are not used by ActiveSync.",
            WbxmlError.UnknownCodePage => "Unknown code page.",
            WbxmlError.UnknownTag => "Unknown tag token for the current code page.",
            WbxmlError.UnbalancedEndElement => "END token without an open element.",
            WbxmlError.ContentOutsideElement => "String or opaque data outside of any element.",
            WbxmlError.MissingRootElement => "The document has no root element.",
            WbxmlError.MaxDepthExceeded => "Elements are nested deeper than the configured maximum depth.",
            WbxmlError.StringTooLong => "Inline string longer than the configured maximum.",
            WbxmlError.OpaqueTooLong => "Opaque data longer than the configured maximum.",
            WbxmlError.DocumentTooLarge => "The document is larger than the configured maximum size.",
            WbxmlError.InvalidUtf8 => "Inline string is not valid UTF-8.",
            WbxmlError.InvalidXml => "The XML text is not well-formed.",
            WbxmlError.UnknownNamespace => "The XML namespace is not an ActiveSync code page namespace.",
            WbxmlError.UnknownElementName => "The XML element name is not a tag of its code page.",
            WbxmlError.NotRepresentableInXml => "A string contains characters that XML 1.0 cannot represent.",
            WbxmlError.XmlTooLarge => "The XML text would be longer than the configured maximum.",
            _ => "Invalid WBXML.",
        };
        string message = offset >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"{text} ({error} at byte offset {offset}{(detail is null ? string.Empty : ": " + detail)})")
            : string.Create(CultureInfo.InvariantCulture, $"{text} ({error}{(detail is null ? string.Empty : ": " + detail)})");
        return new WbxmlException(error, offset, message);
    }
}
