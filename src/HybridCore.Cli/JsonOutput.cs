using System.Text.Encodings.Web;
using System.Text.Json;

namespace HybridCore.Cli;

/// <summary>How the tool writes JSON: indented, and readable by people as well as scripts. Characters that only need
/// escaping inside HTML (<c>&amp;</c>, <c>&lt;</c>, <c>'</c>, non-ASCII letters) are written as they are, so a query
/// string reads <c>Cmd=Sync&amp;User=…</c>, not <c>Cmd=Sync\u0026User=…</c>; control characters, quotes and
/// backslashes are still escaped as JSON requires (RFC 8259 section 7).</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
