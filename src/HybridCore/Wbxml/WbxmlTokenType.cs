namespace HybridCore.Wbxml;

/// <summary>What the <see cref="WbxmlReader"/> is positioned on.</summary>
public enum WbxmlTokenType : byte
{
    /// <summary>Nothing has been read yet.</summary>
    None = 0,

    /// <summary>A start tag. <see cref="WbxmlReader.IsEmptyElement"/> tells whether it has content;
    /// an empty element (no content flag) has no matching <see cref="EndElement"/>, as in <c>XmlReader</c>.</summary>
    StartElement,

    /// <summary>The END of an element with content; <see cref="WbxmlReader.Tag"/> names the element closed.</summary>
    EndElement,

    /// <summary>An inline string (STR_I): UTF-8 in <see cref="WbxmlReader.ValueSpan"/> or <see cref="WbxmlReader.ValueSequence"/>.</summary>
    String,

    /// <summary>Opaque data (OPAQUE): raw bytes in <see cref="WbxmlReader.ValueSpan"/> or <see cref="WbxmlReader.ValueSequence"/>.</summary>
    Opaque,
}
