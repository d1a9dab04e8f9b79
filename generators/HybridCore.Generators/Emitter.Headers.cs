namespace HybridCore.Generators;

// EasHeaders.table -> EasHeaders.
internal static partial class Emitter
{
    public static string EmitHeaders(SpecTable<HeaderRow> table)
    {
        var w = Begin(table, "HybridCore.ActiveSync");
        w.Doc("The HTTP headers of the Exchange ActiveSync protocol ([MS-ASHTTP] 2.2.1.1.2, 2.2.2.1.2), as strings and as UTF-8 bytes.");
        w.Line(GeneratedCode);
        w.Open("public static partial class EasHeaders");
        foreach (HeaderRow row in table.Rows)
        {
            string direction = row.Direction switch { HeaderDirection.Request => "Request header.", HeaderDirection.Response => "Response header.", _ => "Request and response header." };
            w.Doc(Describe(row.Description, "<c>" + Xml(row.Header) + "</c>. " + direction, 0));
            w.Line("public const string " + row.Name + " = " + Literal(row.Header) + ";");
            w.Line();
            w.Doc("The UTF-8 bytes of <see cref=\"" + row.Name + "\"/>.");
            w.Line("public static global::System.ReadOnlySpan<byte> " + row.Name + "Utf8 => " + Literal(row.Header) + "u8;");
            w.Line();
        }

        w.Close();
        return End(w);
    }
}
