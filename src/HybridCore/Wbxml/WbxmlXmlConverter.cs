using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace HybridCore.Wbxml;

/// <summary>
/// Converts between ActiveSync WBXML and XML text, for people and tools (the CLI's decode command,
/// logs, test vectors). Built on <see cref="WbxmlReader"/> and <see cref="WbxmlWriter"/>.
/// </summary>
/// <remarks>
/// <para>WBXML → XML follows the examples of [MS-ASWBXML] section 3: the root element's code page is
/// the default namespace; every other code page used in the document is declared on the root with its
/// namespace name in lower case as the prefix (<c>xmlns:airsyncbase="AirSyncBase"</c>).</para>
/// <para>Inline strings become text. Opaque data becomes a CDATA section holding the bytes in base64,
/// and XML → WBXML turns every CDATA section back into OPAQUE, so the two directions round-trip.</para>
/// <para>XML → WBXML accepts namespaces written with or without the trailing colon used in
/// [MS-ASCMD] examples (<c>AirSync:</c>), ignores comments, processing instructions and whitespace
/// between elements, and prohibits DTDs. Attributes other than namespace declarations are rejected.</para>
/// <para>Tags passed through by <see cref="WbxmlReaderOptions.AllowUnknownTags"/> are written as
/// <c>Tag0xNN</c> (NN the token in hex), in namespace <c>WbxmlPageN</c> when the code page is unknown
/// too; XML → WBXML reads those names back.</para>
/// </remarks>
public static class WbxmlXmlConverter
{
    private const string UnknownTagPrefix = "Tag0x";
    private const string UnknownPageNamespacePrefix = "WbxmlPage";

    /// <summary>Default of the <c>maxChars</c> limit of <see cref="ToXml"/>: 64 Mi characters (128 MiB of string).</summary>
    public const int DefaultMaxXmlChars = 64 * 1024 * 1024;

    /// <summary>Decodes a complete WBXML document to XML text with an XML declaration.</summary>
    /// <param name="wbxml">The document.</param>
    /// <param name="indent">Indent nested elements (two spaces per level).</param>
    /// <param name="options">The reader's limits.</param>
    /// <param name="maxChars">The longest XML text built; XML grows much faster than WBXML (an empty element is one
    /// byte of WBXML and up to ~140 characters of indented XML), so the string is bounded. To convert documents of
    /// any size, stream with <see cref="WriteXml(ReadOnlySpan{byte}, TextWriter, bool, WbxmlReaderOptions)"/>.</param>
    /// <exception cref="WbxmlException">The document is not valid ActiveSync WBXML, holds characters XML cannot
    /// represent, or its XML would exceed <paramref name="maxChars"/> (<see cref="WbxmlError.XmlTooLarge"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxChars"/> is less than 1.</exception>
    public static string ToXml(ReadOnlySpan<byte> wbxml, bool indent = true, WbxmlReaderOptions options = default, int maxChars = DefaultMaxXmlChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        using var output = new BoundedStringWriter(maxChars, (int)Math.Min(Math.Min(maxChars, 1 << 20), Math.Max(256, wbxml.Length * 3L)));
        WriteXmlCore(wbxml, output, indent, options, output);
        return output.ToString();
    }

    /// <summary>Decodes a complete WBXML document as XML text with an XML declaration into <paramref name="output"/>,
    /// as it is read: memory stays bounded whatever the size of the XML. On error the text written so far stays
    /// written (a caller writing to a terminal or pipe reports the error after it).</summary>
    /// <param name="wbxml">The document.</param>
    /// <param name="output">Where the XML goes; flushed, not closed.</param>
    /// <param name="indent">Indent nested elements (two spaces per level).</param>
    /// <param name="options">The reader's limits.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    /// <exception cref="WbxmlException">The document is not valid ActiveSync WBXML, or holds characters XML cannot represent.</exception>
    public static void WriteXml(ReadOnlySpan<byte> wbxml, TextWriter output, bool indent = true, WbxmlReaderOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteXmlCore(wbxml, output, indent, options, bound: null);
    }

    private static void WriteXmlCore(ReadOnlySpan<byte> wbxml, TextWriter output, bool indent, WbxmlReaderOptions options, BoundedStringWriter? bound)
    {
        output.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        if (indent)
        {
            output.Write('\n');
        }

        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            Indent = indent,
            IndentChars = "  ",
            NewLineChars = "\n",
            ConformanceLevel = ConformanceLevel.Document,
            CloseOutput = false,
        };
        using (XmlWriter writer = XmlWriter.Create(output, settings))
        {
            WriteXml(wbxml, writer, options, bound);
        }

        output.Flush();
    }

    /// <summary>Decodes a complete WBXML document into <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    /// <exception cref="WbxmlException">The document is not valid ActiveSync WBXML, or holds characters XML cannot represent.</exception>
    public static void WriteXml(ReadOnlySpan<byte> wbxml, XmlWriter writer, WbxmlReaderOptions options = default) => WriteXml(wbxml, writer, options, bound: null);

    private static void WriteXml(ReadOnlySpan<byte> wbxml, XmlWriter writer, WbxmlReaderOptions options, BoundedStringWriter? bound)
    {
        ArgumentNullException.ThrowIfNull(writer);

        // First pass: which code pages are used, so that all are declared on the root as in [MS-ASWBXML] 3.
        // They are declared in order of first appearance, as in the example.
        Span<bool> used = stackalloc bool[256];
        Span<byte> order = stackalloc byte[256];
        int pageCount = 0;
        var scan = new WbxmlReader(wbxml, options);
        while (scan.Read())
        {
            if (scan.TokenType == WbxmlTokenType.StartElement && !used[(int)scan.CodePage])
            {
                used[(int)scan.CodePage] = true;
                order[pageCount++] = (byte)scan.CodePage;
            }
        }

        int rootPage = pageCount > 0 ? order[0] : -1;

        char[] chars = ArrayPool<char>.Shared.Rent(256);
        var reader = new WbxmlReader(wbxml, options);
        try
        {
            while (reader.Read())
            {
                if (bound is not null)
                {
                    bound.Offset = reader.TokenOffset;
                }

                switch (reader.TokenType)
                {
                    case WbxmlTokenType.StartElement:
                    {
                        int page = (int)reader.CodePage;
                        string ns = GetNamespace(page);
                        string localName = reader.TagName ?? UnknownTagPrefix + reader.Tag.GetToken().ToString("X2", CultureInfo.InvariantCulture);
                        if (page == rootPage)
                        {
                            writer.WriteStartElement(localName, ns);
                        }
                        else
                        {
                            writer.WriteStartElement(GetPrefix(page), localName, ns);
                        }

                        if (reader.CurrentDepth == 0)
                        {
                            writer.WriteAttributeString("xmlns", ns);
                            for (int i = 1; i < pageCount; i++)
                            {
                                writer.WriteAttributeString("xmlns", GetPrefix(order[i]), null, GetNamespace(order[i]));
                            }
                        }

                        if (reader.IsEmptyElement)
                        {
                            writer.WriteEndElement();
                        }

                        break;
                    }

                    case WbxmlTokenType.EndElement:
                        writer.WriteFullEndElement();
                        break;

                    case WbxmlTokenType.String:
                    {
                        int max = Encoding.UTF8.GetMaxCharCount(reader.ValueSpan.Length);
                        if (chars.Length < max)
                        {
                            ArrayPool<char>.Shared.Return(chars);
                            chars = ArrayPool<char>.Shared.Rent(max);
                        }

                        int count = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
                        WriteChecked(writer, chars, count, reader.TokenOffset);
                        break;
                    }

                    case WbxmlTokenType.Opaque:
                        writer.WriteCData(Convert.ToBase64String(reader.ValueSpan));
                        break;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Encodes XML text as WBXML that a <see cref="WbxmlReader"/> with <paramref name="limits"/> accepts.</summary>
    /// <param name="xml">The XML text.</param>
    /// <param name="limits">The limits the result must respect (depth, string and opaque lengths, size; unknown tags
    /// are always allowed, as this class writes them); the
    /// reader's defaults when not given, so that what is encoded here is never refused by a default reader.</param>
    /// <exception cref="ArgumentNullException"><paramref name="xml"/> is null.</exception>
    /// <exception cref="WbxmlException">The XML is not well-formed, uses names, namespaces or attributes
    /// ActiveSync WBXML cannot encode, or the document would break <paramref name="limits"/> (the reader's error,
    /// e.g. <see cref="WbxmlError.MaxDepthExceeded"/>, with the byte offset in the encoded document).</exception>
    public static byte[] FromXml(string xml, WbxmlReaderOptions limits = default)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var output = new ArrayBufferWriter<byte>(Math.Max(64, Math.Min(xml.Length / 2, 1 << 20)));
        using (var text = new StringReader(xml))
        {
            FromXml(text, output);
        }

        // Enforce the same limits as the reader by reading the result back (cheap: the reader does not allocate).
        var check = new WbxmlReader(output.WrittenSpan, limits with { AllowUnknownTags = true });
        try
        {
            while (check.Read())
            {
            }
        }
        catch (WbxmlException e)
        {
            throw new WbxmlException(e.Error, e.Offset, "The encoded document breaks the WBXML reader's limits: " + e.Message, e);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Encodes XML text read from <paramref name="xml"/> as WBXML into <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="WbxmlException">The XML is not well-formed or uses names, namespaces or attributes
    /// ActiveSync WBXML cannot encode.</exception>
    public static void FromXml(TextReader xml, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(output);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = false,
            ConformanceLevel = ConformanceLevel.Document,
        };

        using XmlReader reader = XmlReader.Create(xml, settings);
        var hadChild = new List<bool>();
        string? pendingWhitespace = null;
        var writer = new WbxmlWriter(output);
        try
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                    {
                        WbxmlTag tag = ResolveTag(reader);
                        bool isEmpty = reader.IsEmptyElement;
                        RejectAttributes(reader);
                        pendingWhitespace = null;
                        if (hadChild.Count > 0)
                        {
                            hadChild[^1] = true;
                        }

                        writer.WriteStartElement(tag);
                        if (isEmpty)
                        {
                            writer.WriteEndElement();
                        }
                        else
                        {
                            hadChild.Add(false);
                        }

                        break;
                    }

                    case XmlNodeType.Text:
                        if (pendingWhitespace is not null)
                        {
                            writer.WriteString(pendingWhitespace);
                            pendingWhitespace = null;
                        }

                        writer.WriteString(reader.Value);
                        break;

                    case XmlNodeType.CDATA:
                    {
                        byte[] data;
                        try
                        {
                            data = Convert.FromBase64String(reader.Value);
                        }
                        catch (FormatException e)
                        {
                            throw new WbxmlException(WbxmlError.InvalidXml, -1, "A CDATA section (opaque data) is not valid base64" + LineInfo(reader) + ".", e);
                        }

                        writer.WriteOpaque(data);
                        break;
                    }

                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        if (hadChild.Count > 0 && !hadChild[^1])
                        {
                            pendingWhitespace += reader.Value;
                        }

                        break;

                    case XmlNodeType.EndElement:
                        if (pendingWhitespace is not null && !hadChild[^1])
                        {
                            writer.WriteString(pendingWhitespace);
                        }

                        pendingWhitespace = null;
                        hadChild.RemoveAt(hadChild.Count - 1);
                        writer.WriteEndElement();
                        break;
                }
            }
        }
        catch (XmlException e)
        {
            throw new WbxmlException(WbxmlError.InvalidXml, -1, "The XML text is not well-formed: " + e.Message, e);
        }

        writer.Flush();
    }

    private static WbxmlTag ResolveTag(XmlReader reader)
    {
        ReadOnlySpan<char> ns = reader.NamespaceURI.AsSpan();
        if (ns.EndsWith(":"))
        {
            ns = ns[..^1];
        }

        WbxmlCodePage page;
        if (!WbxmlCodePages.TryParseNamespace(ns, out page))
        {
            if (!(ns.StartsWith(UnknownPageNamespacePrefix, StringComparison.Ordinal)
                && byte.TryParse(ns[UnknownPageNamespacePrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out byte number)))
            {
                throw new WbxmlException(
                    WbxmlError.UnknownNamespace, -1,
                    $"Element '{reader.LocalName}' is in namespace '{reader.NamespaceURI}', which is not an ActiveSync code page{LineInfo(reader)}.");
            }

            page = (WbxmlCodePage)number;
        }

        string name = reader.LocalName;
        if (WbxmlTags.TryParse(page, name.AsSpan(), out WbxmlTag tag))
        {
            return tag;
        }

        if (name.StartsWith(UnknownTagPrefix, StringComparison.Ordinal)
            && byte.TryParse(name.AsSpan(UnknownTagPrefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte token)
            && token is >= WbxmlConstants.FirstTagToken and <= WbxmlConstants.TokenMask)
        {
            return WbxmlTags.Create(page, token);
        }

        throw new WbxmlException(
            WbxmlError.UnknownElementName, -1,
            $"'{name}' is not a tag of code page {page}{LineInfo(reader)}.");
    }

    private static void RejectAttributes(XmlReader reader)
    {
        if (!reader.HasAttributes)
        {
            return;
        }

        while (reader.MoveToNextAttribute())
        {
            if (reader.Prefix != "xmlns" && reader.Name != "xmlns")
            {
                throw new WbxmlException(
                    WbxmlError.AttributesNotSupported, -1,
                    $"Attribute '{reader.Name}': ActiveSync WBXML has no attributes (MS-ASWBXML 2.1.1){LineInfo(reader)}.");
            }
        }

        reader.MoveToElement();
    }

    private static string LineInfo(XmlReader reader) =>
        reader is IXmlLineInfo info && info.HasLineInfo()
            ? string.Create(CultureInfo.InvariantCulture, $" (line {info.LineNumber}, position {info.LinePosition})")
            : string.Empty;

    private static void WriteChecked(XmlWriter writer, char[] chars, int count, long offset)
    {
        try
        {
            writer.WriteChars(chars, 0, count);
        }
        catch (ArgumentException e)
        {
            throw new WbxmlException(
                WbxmlError.NotRepresentableInXml,
                offset,
                string.Create(CultureInfo.InvariantCulture, $"A string holds characters XML 1.0 cannot represent (NotRepresentableInXml at byte offset {offset}: {e.Message})"),
                e);
        }
    }

    private static string GetNamespace(int page) =>
        WbxmlCodePages.GetNamespace((WbxmlCodePage)page) ?? UnknownPageNamespacePrefix + page.ToString(CultureInfo.InvariantCulture);

    private static string GetPrefix(int page)
    {
        string? ns = WbxmlCodePages.GetNamespace((WbxmlCodePage)page);
        return ns is null ? "page" + page.ToString(CultureInfo.InvariantCulture) : ns.ToLowerInvariant();
    }

    /// <summary>A <see cref="StringWriter"/> that refuses to grow past a limit. After the first refusal it drops
    /// everything, so that disposing the <see cref="XmlWriter"/> on the way out does not throw a second time.</summary>
    private sealed class BoundedStringWriter(int maxChars, int initialCapacity) : StringWriter(new StringBuilder(initialCapacity), CultureInfo.InvariantCulture)
    {
        private bool _tripped;

        /// <summary>The byte offset of the WBXML token being converted, for the error.</summary>
        public long Offset { get; set; } = -1;

        public override void Write(char value) => Append(new ReadOnlySpan<char>(in value));

        public override void Write(char[] buffer, int index, int count) => Append(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer) => Append(buffer);

        public override void Write(string? value) => Append(value);

        private void Append(ReadOnlySpan<char> text)
        {
            if (_tripped)
            {
                return;
            }

            StringBuilder builder = GetStringBuilder();
            if (text.Length > maxChars - builder.Length)
            {
                _tripped = true;
                throw new WbxmlException(
                    WbxmlError.XmlTooLarge,
                    Offset,
                    string.Create(CultureInfo.InvariantCulture, $"The XML text would be longer than {maxChars} characters (XmlTooLarge at byte offset {Offset}); use WriteXml with a TextWriter to stream it."));
            }

            builder.Append(text);
        }
    }
}
