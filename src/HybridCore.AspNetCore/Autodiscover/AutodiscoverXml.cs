using System.Xml;

namespace HybridCore.AspNetCore.Autodiscover;

/// <summary>The two Autodiscover XML dialects.</summary>
public enum AutodiscoverSchema : byte
{
    /// <summary>Outlook "POX" Autodiscover ([MS-OXDSCLI]).</summary>
    Outlook = 1,

    /// <summary>Exchange ActiveSync Autodiscover ([MS-ASCMD] 2.2.1.1), the mobilesync schema.</summary>
    MobileSync = 2,
}

/// <summary>Why an Autodiscover request body was refused.</summary>
public enum AutodiscoverRequestError : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The body is empty.</summary>
    Empty,

    /// <summary>The body is larger than the configured limit.</summary>
    TooLarge,

    /// <summary>The body is not well-formed XML, or declares a DTD (refused: no entity expansion, no external resources).</summary>
    MalformedXml,

    /// <summary>The root element is not <c>Autodiscover</c> in the Outlook or mobilesync request namespace.</summary>
    UnknownRequestSchema,

    /// <summary>The <c>Request</c> element or its <c>EMailAddress</c> (or <c>LegacyDN</c>) is missing or empty.</summary>
    MissingEmailAddress,

    /// <summary><c>AcceptableResponseSchema</c> is missing or names a schema this server does not produce
    /// (Autodiscover error 601, [MS-OXDSCLI] 2.2.4.1.1.3.2).</summary>
    UnsupportedResponseSchema,

    /// <summary>The request uses a method other than POST ([MS-OXDSCLI] 3.2.5: the server responds to HTTP POST).</summary>
    MethodNotPost,
}

/// <summary>A parsed Autodiscover request.</summary>
/// <param name="Schema">Which dialect.</param>
/// <param name="EmailAddress">The <c>EMailAddress</c> element, or null.</param>
/// <param name="LegacyDN">The <c>LegacyDN</c> element (Outlook only), or null.</param>
public sealed record AutodiscoverRequest(AutodiscoverSchema Schema, string? EmailAddress, string? LegacyDN);

/// <summary>Namespaces and safe parsing/writing of Autodiscover XML.</summary>
/// <remarks>
/// Requests: [MS-OXDSCLI] 2.2.3 (Outlook) and [MS-ASCMD] 2.2.1.1 / 6.1 (mobilesync). Responses: [MS-OXDSCLI]
/// 2.2.4 (Account/Action <c>redirectAddr</c>/RedirectAddr, 2.2.4.1.1.2.2 and .8; example in 4.2) and
/// [MS-ASCMD] 2.2.3.6 Action / 2.2.3.147 Redirect, 6.2 and 6.4 (schemas).
/// </remarks>
public static class AutodiscoverXml
{
    /// <summary>Outlook request namespace ([MS-OXDSCLI] 2.2.3).</summary>
    public const string OutlookRequestNamespace = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";

    /// <summary>Outlook response namespace, the value of AcceptableResponseSchema Outlook sends ([MS-OXDSCLI] 2.2.3.1.1.1).</summary>
    public const string OutlookResponseNamespace = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

    /// <summary>Mobilesync request namespace ([MS-ASCMD] 6.1).</summary>
    public const string MobileSyncRequestNamespace = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006";

    /// <summary>Mobilesync response namespace; the only AcceptableResponseSchema a device may send ([MS-ASCMD] 2.2.3.1).</summary>
    public const string MobileSyncResponseNamespace = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006";

    /// <summary>The outer response namespace shared by both dialects ([MS-ASCMD] 6.4, [MS-OXDSCLI] 2.2.4).</summary>
    public const string ResponseNamespace = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";

    /// <summary>The media type of requests and responses.</summary>
    public const string ContentType = "text/xml; charset=utf-8";

    /// <summary>Error code 500: the e-mail address cannot be found ([MS-OXDSCLI] 2.2.4.1.1.3.2).</summary>
    public const int ErrorAddressNotFound = 500;

    /// <summary>Error code 600: invalid request ([MS-OXDSCLI] 2.2.4.1.1.3.2, [MS-ASCMD] 2.2.3.64).</summary>
    public const int ErrorInvalidRequest = 600;

    /// <summary>Error code 601: no provider for the requested response schema ([MS-OXDSCLI] 2.2.4.1.1.3.2, [MS-ASCMD] 2.2.3.64).</summary>
    public const int ErrorUnsupportedSchema = 601;

    private const int MaxDepth = 8;
    private const int MaxValueLength = 1024;

    /// <summary>
    /// Parses a request body. Never throws for bad input: DTDs are refused, external resources are never
    /// resolved, the document may hold at most <paramref name="maxCharacters"/> characters and 8 levels of
    /// nesting, and element values at most 1024 characters.
    /// </summary>
    /// <param name="body">The body bytes (any encoding XmlReader detects; UTF-8 when undeclared).</param>
    /// <param name="maxCharacters">Upper bound on the document size in characters.</param>
    /// <param name="request">The request, when the namespaces are known (also returned with <see cref="AutodiscoverRequestError.UnsupportedResponseSchema"/>
    /// and <see cref="AutodiscoverRequestError.MissingEmailAddress"/>, so that the error can be answered in the right dialect).</param>
    /// <returns>The error, or <see cref="AutodiscoverRequestError.None"/>.</returns>
    public static AutodiscoverRequestError TryParseRequest(ReadOnlyMemory<byte> body, long maxCharacters, out AutodiscoverRequest? request)
    {
        request = null;
        if (body.IsEmpty)
        {
            return AutodiscoverRequestError.Empty;
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = true,
        };

        try
        {
            using var stream = new ReadOnlyMemoryStream(body);
            using var reader = XmlReader.Create(stream, settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Autodiscover")
            {
                return AutodiscoverRequestError.UnknownRequestSchema;
            }

            AutodiscoverSchema schema;
            string responseNamespace;
            switch (reader.NamespaceURI)
            {
                case OutlookRequestNamespace:
                    schema = AutodiscoverSchema.Outlook;
                    responseNamespace = OutlookResponseNamespace;
                    break;
                case MobileSyncRequestNamespace:
                    schema = AutodiscoverSchema.MobileSync;
                    responseNamespace = MobileSyncResponseNamespace;
                    break;
                default:
                    return AutodiscoverRequestError.UnknownRequestSchema;
            }

            string ns = reader.NamespaceURI;
            string? email = null, legacyDn = null, acceptable = null;
            bool sawRequest = false;
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.Depth > MaxDepth)
                {
                    return AutodiscoverRequestError.MalformedXml;
                }

                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == ns)
                {
                    if (reader.Depth == 1 && reader.LocalName == "Request")
                    {
                        sawRequest = true;
                    }
                    else if (reader.Depth == 2 && sawRequest)
                    {
                        // ReadElementContentAsString leaves the reader on the next node: do not Read() again.
                        switch (reader.LocalName)
                        {
                            case "EMailAddress":
                                email = ReadValue(reader);
                                continue;
                            case "LegacyDN" when schema == AutodiscoverSchema.Outlook:
                                legacyDn = ReadValue(reader);
                                continue;
                            case "AcceptableResponseSchema":
                                acceptable = ReadValue(reader);
                                continue;
                        }
                    }
                }

                reader.Read();
            }

            request = new AutodiscoverRequest(schema, NullIfEmpty(email), NullIfEmpty(legacyDn));
            if (!string.Equals(acceptable, responseNamespace, StringComparison.Ordinal))
            {
                return AutodiscoverRequestError.UnsupportedResponseSchema;
            }

            return request.EmailAddress is null && request.LegacyDN is null
                ? AutodiscoverRequestError.MissingEmailAddress
                : AutodiscoverRequestError.None;
        }
        catch (XmlException)
        {
            request = null;
            return AutodiscoverRequestError.MalformedXml;
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string ReadValue(XmlReader reader)
    {
        string value = reader.ReadElementContentAsString();
        return value.Length > MaxValueLength
            ? throw new XmlException($"An element value is longer than {MaxValueLength} characters.")
            : value;
    }

    /// <summary>Writes a redirect to another e-mail address: Outlook <c>Action</c> = <c>redirectAddr</c> with <c>RedirectAddr</c>
    /// ([MS-OXDSCLI] 2.2.4.1.1.2.2, 2.2.4.1.1.2.8), or mobilesync <c>Action/Redirect</c> ([MS-ASCMD] 2.2.3.147).</summary>
    /// <param name="schema">The dialect of the request.</param>
    /// <param name="requestedAddress">The address the client asked about (echoed in mobilesync <c>User/EMailAddress</c>).</param>
    /// <param name="redirectAddress">The address to use next (the RemoteRoutingAddress).</param>
    /// <returns>UTF-8 XML.</returns>
    public static byte[] WriteRedirect(AutodiscoverSchema schema, string requestedAddress, string redirectAddress)
    {
        ArgumentNullException.ThrowIfNull(requestedAddress);
        ArgumentNullException.ThrowIfNull(redirectAddress);
        return Write(w =>
        {
            if (schema == AutodiscoverSchema.Outlook)
            {
                w.WriteStartElement("Response", OutlookResponseNamespace);
                w.WriteStartElement("Account", OutlookResponseNamespace);
                w.WriteElementString("Action", OutlookResponseNamespace, "redirectAddr");
                w.WriteElementString("RedirectAddr", OutlookResponseNamespace, redirectAddress);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            else
            {
                WriteMobileSyncHeader(w, requestedAddress);
                w.WriteStartElement("Action", MobileSyncResponseNamespace);
                w.WriteElementString("Redirect", MobileSyncResponseNamespace, redirectAddress);
                w.WriteEndElement();
                w.WriteEndElement();
            }
        });
    }

    /// <summary>Writes mobilesync settings pointing at an EAS endpoint (<c>Action/Settings/Server</c> with <c>Type</c>
    /// <c>MobileSync</c>, <c>Url</c> and <c>Name</c>; [MS-ASCMD] 2.2.3.164, 2.2.3.186.1, 2.2.3.120.1).</summary>
    /// <param name="requestedAddress">The address the client asked about.</param>
    /// <param name="easEndpointUrl">The absolute https EAS URL.</param>
    /// <returns>UTF-8 XML.</returns>
    public static byte[] WriteMobileSyncSettings(string requestedAddress, string easEndpointUrl) =>
        WriteMobileSyncSettings(requestedAddress, easEndpointUrl, null);

    /// <summary>
    /// Writes mobilesync settings pointing at an EAS endpoint, with <c>User/DisplayName</c> and <c>User/EMailAddress</c>
    /// ([MS-ASCMD] 2.2.3.51, 2.2.3.62). This is the MobileSyncRedirectBypass answer (KB 3035227): as Exchange does, the
    /// <c>EMailAddress</c> is the user's targetAddress, the address the device uses from then on, not the one it asked
    /// about (the spec's examples echo the request's address; the bypass answer follows Exchange).
    /// </summary>
    /// <param name="emailAddress">The <c>User/EMailAddress</c> to send (the targetAddress for the bypass).</param>
    /// <param name="easEndpointUrl">The absolute https EAS URL.</param>
    /// <param name="displayName">The <c>User/DisplayName</c>, or null to leave it out.</param>
    /// <returns>UTF-8 XML.</returns>
    public static byte[] WriteMobileSyncSettings(string emailAddress, string easEndpointUrl, string? displayName)
    {
        ArgumentNullException.ThrowIfNull(emailAddress);
        ArgumentNullException.ThrowIfNull(easEndpointUrl);
        return Write(w =>
        {
            WriteMobileSyncHeader(w, emailAddress, displayName);
            w.WriteStartElement("Action", MobileSyncResponseNamespace);
            w.WriteStartElement("Settings", MobileSyncResponseNamespace);
            w.WriteStartElement("Server", MobileSyncResponseNamespace);
            w.WriteElementString("Type", MobileSyncResponseNamespace, "MobileSync");
            w.WriteElementString("Url", MobileSyncResponseNamespace, easEndpointUrl);
            w.WriteElementString("Name", MobileSyncResponseNamespace, easEndpointUrl);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        });
    }

    /// <summary>Autodiscover Status 2, "protocol error": the only error value [MS-ASCMD] 2.2.3.177.1 defines.</summary>
    public const int MobileSyncStatusProtocolError = 2;

    /// <summary>
    /// Writes the mobilesync answer for an address that has no settings here:
    /// <c>Response/Culture</c>, <c>User/EMailAddress</c>, <c>Action/Error/Status</c>, <c>Message</c>, <c>DebugData</c> —
    /// the shape of the error example in [MS-ASCMD] 4.2.2 ("Response - Case Error"), with Status 2 (2.2.3.177.1).
    /// <c>Response/Error/ErrorCode</c> is only for 600 and 601 ([MS-ASCMD] 2.2.3.64), see <see cref="WriteError"/>.
    /// </summary>
    /// <param name="requestedAddress">The address the client asked about.</param>
    /// <param name="message">A short message.</param>
    /// <param name="debugData">The <c>DebugData</c> text (Exchange writes the recipient type there), or null.</param>
    /// <returns>UTF-8 XML.</returns>
    public static byte[] WriteMobileSyncActionError(string requestedAddress, string message, string? debugData)
    {
        ArgumentNullException.ThrowIfNull(requestedAddress);
        ArgumentNullException.ThrowIfNull(message);
        return Write(w =>
        {
            WriteMobileSyncHeader(w, requestedAddress, null);
            w.WriteStartElement("Action", MobileSyncResponseNamespace);
            w.WriteStartElement("Error", MobileSyncResponseNamespace);
            w.WriteElementString("Status", MobileSyncResponseNamespace, MobileSyncStatusProtocolError.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteElementString("Message", MobileSyncResponseNamespace, message);
            w.WriteElementString("DebugData", MobileSyncResponseNamespace, debugData ?? string.Empty);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        });
    }

    /// <summary>Writes an error response: for Outlook <c>Response/Error</c> in the outer namespace ([MS-OXDSCLI] 2.2.4.1.1.3,
    /// codes 500–603); for mobilesync <c>Response/Error/ErrorCode</c> in the mobilesync namespace, which [MS-ASCMD] 2.2.3.64
    /// defines only for 600 (invalid request) and 601 (no provider for the schema). A mobilesync "address not found"
    /// answer is <see cref="WriteMobileSyncActionError"/>.</summary>
    /// <param name="schema">The dialect.</param>
    /// <param name="errorCode">500, 600, 601 …</param>
    /// <param name="message">A short message.</param>
    /// <param name="timeProvider">The clock for the <c>Time</c> attribute.</param>
    /// <returns>UTF-8 XML.</returns>
    public static byte[] WriteError(AutodiscoverSchema schema, int errorCode, string message, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(timeProvider);
        string ns = schema == AutodiscoverSchema.MobileSync ? MobileSyncResponseNamespace : ResponseNamespace;
        string time = timeProvider.GetUtcNow().ToString("HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture);
        return Write(w =>
        {
            w.WriteStartElement("Response", ns);
            w.WriteStartElement("Error", ns);
            w.WriteAttributeString("Time", time);
            w.WriteAttributeString("Id", "0");
            w.WriteElementString("ErrorCode", ns, errorCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteElementString("Message", ns, message);
            w.WriteStartElement("DebugData", ns);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        });
    }

    private static void WriteMobileSyncHeader(XmlWriter w, string emailAddress, string? displayName = null)
    {
        // [MS-ASCMD] 6.2: Response = Culture?, User? (DisplayName?, EMailAddress), Action?.
        w.WriteStartElement("Response", MobileSyncResponseNamespace);
        w.WriteElementString("Culture", MobileSyncResponseNamespace, "en:us");
        w.WriteStartElement("User", MobileSyncResponseNamespace);
        if (!string.IsNullOrEmpty(displayName))
        {
            w.WriteElementString("DisplayName", MobileSyncResponseNamespace, displayName);
        }

        w.WriteElementString("EMailAddress", MobileSyncResponseNamespace, emailAddress);
        w.WriteEndElement();
    }

    private static byte[] Write(Action<XmlWriter> body)
    {
        using var buffer = new MemoryStream(512);
        var settings = new XmlWriterSettings
        {
            Encoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            CheckCharacters = true,
        };
        using (var w = XmlWriter.Create(buffer, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("Autodiscover", ResponseNamespace);
            body(w);
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>A read-only stream over memory, so parsing needs no copy.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
