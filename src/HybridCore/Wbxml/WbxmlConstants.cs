namespace HybridCore.Wbxml;

/// <summary>WBXML 1.3 global tokens and header values ([WBXML] 7.1 "Global Tokens"; [MS-ASWBXML] 2.1.1).</summary>
internal static class WbxmlConstants
{
    public const byte SwitchPage = 0x00;
    public const byte End = 0x01;
    public const byte Entity = 0x02;
    public const byte StrI = 0x03;
    public const byte Literal = 0x04;
    public const byte ExtI0 = 0x40;
    public const byte ExtI2 = 0x42;
    public const byte Pi = 0x43;
    public const byte LiteralC = 0x44;
    public const byte ExtT0 = 0x80;
    public const byte ExtT2 = 0x82;
    public const byte StrT = 0x83;
    public const byte LiteralA = 0x84;
    public const byte Ext0 = 0xC0;
    public const byte Ext2 = 0xC2;
    public const byte Opaque = 0xC3;
    public const byte LiteralAc = 0xC4;

    /// <summary>Tag bit 6: the element has content and ends with END ([WBXML] 5.8.2).</summary>
    public const byte ContentFlag = 0x40;

    /// <summary>Tag bit 7: the element has attributes ([WBXML] 5.8.2).</summary>
    public const byte AttributeFlag = 0x80;

    /// <summary>The tag identity bits.</summary>
    public const byte TokenMask = 0x3F;

    /// <summary>The lowest tag token; 0x00–0x04 are global tokens.</summary>
    public const byte FirstTagToken = 0x05;

    /// <summary>WBXML version 1.3, the one ActiveSync writes ([MS-ASWBXML] 2.1.1).</summary>
    public const byte Version13 = 0x03;

    /// <summary>Public identifier 1: unknown or missing public identifier ([WBXML] 7.2).</summary>
    public const byte UnknownPublicId = 0x01;

    /// <summary>IANA MIBenum of UTF-8.</summary>
    public const int Utf8Charset = 106;

    /// <summary>The longest mb_u_int32 (32 bits in 7-bit groups).</summary>
    public const int MaxMultiByteLength = 5;

    /// <summary>The longest header: version, public id (0 + index), charset and string-table length.</summary>
    public const int MaxHeaderLength = 1 + (2 * MaxMultiByteLength) + MaxMultiByteLength + MaxMultiByteLength;
}
