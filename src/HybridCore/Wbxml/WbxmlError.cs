namespace HybridCore.Wbxml;

/// <summary>
/// Why a WBXML document (or its XML form) was rejected. Carried by <see cref="WbxmlException.Error"/>
/// together with the byte offset of the offending token.
/// </summary>
public enum WbxmlError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input ended inside the header or a token, or before the root element was closed
    /// (only reported when the input is known to be complete).</summary>
    UnexpectedEndOfData,

    /// <summary>Bytes follow the end of the root element.</summary>
    TrailingData,

    /// <summary>The header's version byte is not WBXML 1.1, 1.2 or 1.3 ([WBXML] 5.4).</summary>
    UnsupportedVersion,

    /// <summary>The header's character set is not UTF-8 (MIBenum 106), the only one ActiveSync uses
    /// ([MS-ASWBXML] 2.1.1).</summary>
    UnsupportedCharset,

    /// <summary>An mb_u_int32 is longer than five bytes or its value does not fit in 32 bits ([WBXML] 5.1).</summary>
    InvalidMultiByteInteger,

    /// <summary>The header announces a non-empty string table, or a public identifier given as a
    /// string-table index: ActiveSync does not use string tables ([MS-ASWBXML] 2.1.1).</summary>
    StringTableNotSupported,

    /// <summary>A STR_T token (string-table reference). The string table is always empty for
    /// ActiveSync, so every such offset is out of range.</summary>
    StringTableReferenceOutOfRange,

    /// <summary>A tag with the attribute flag (0x80), or an attribute token: ActiveSync does not use
    /// attribute encoding ([MS-ASWBXML] 2.1.1).</summary>
    AttributesNotSupported,

    /// <summary>A LITERAL, LITERAL_C, LITERAL_A or LITERAL_AC tag (a tag named through the string table).</summary>
    LiteralTagNotSupported,

    /// <summary>An ENTITY token: ActiveSync does not use entities ([MS-ASWBXML] 2.1.1).</summary>
    EntityNotSupported,

    /// <summary>A PI token: ActiveSync does not use processing instructions ([MS-ASWBXML] 2.1.1).</summary>
    ProcessingInstructionNotSupported,

    /// <summary>An EXT_I_n, EXT_T_n or EXT_n extension token: ActiveSync defines no extensions.</summary>
    ExtensionNotSupported,

    /// <summary>A SWITCH_PAGE to a code page ActiveSync does not define ([MS-ASWBXML] 2.1.2.1).</summary>
    UnknownCodePage,

    /// <summary>A tag token that the current code page does not define ([MS-ASWBXML] 2.1.2.1).</summary>
    UnknownTag,

    /// <summary>An END token with no open element.</summary>
    UnbalancedEndElement,

    /// <summary>An inline string or opaque data outside of any element.</summary>
    ContentOutsideElement,

    /// <summary>The document contains no root element.</summary>
    MissingRootElement,

    /// <summary>Elements are nested deeper than <see cref="WbxmlReaderOptions.MaxDepth"/>.</summary>
    MaxDepthExceeded,

    /// <summary>An inline string is longer than <see cref="WbxmlReaderOptions.MaxStringLength"/>.</summary>
    StringTooLong,

    /// <summary>Opaque data is longer than <see cref="WbxmlReaderOptions.MaxOpaqueLength"/>.</summary>
    OpaqueTooLong,

    /// <summary>The document is larger than <see cref="WbxmlReaderOptions.MaxDocumentSize"/>.</summary>
    DocumentTooLarge,

    /// <summary>An inline string is not well-formed UTF-8.</summary>
    InvalidUtf8,

    /// <summary>XML → WBXML: the XML text is not well-formed (or uses a DTD, which is prohibited).</summary>
    InvalidXml,

    /// <summary>XML → WBXML: an element's namespace is not an ActiveSync code page namespace.</summary>
    UnknownNamespace,

    /// <summary>XML → WBXML: an element's name is not a tag of its namespace's code page.</summary>
    UnknownElementName,

    /// <summary>WBXML → XML: a string contains characters XML 1.0 cannot represent (control characters).</summary>
    NotRepresentableInXml,

    /// <summary>WBXML → XML text: the XML would be longer than the limit given to
    /// <see cref="WbxmlXmlConverter.ToXml"/> (a small document of many empty, deeply indented elements expands
    /// about 140 times). Write to a <see cref="System.IO.TextWriter"/> instead to stream any size.</summary>
    XmlTooLarge,
}
