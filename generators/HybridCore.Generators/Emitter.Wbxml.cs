using System.Globalization;
using System.Linq;

namespace HybridCore.Generators;

// WbxmlCodePages.table and WbxmlTags.table -> WbxmlCodePage, WbxmlCodePages, the per-page tag classes and WbxmlTags.
internal static partial class Emitter
{
    public static string EmitWbxml(SpecTable<WbxmlCodePageRow> pages, SpecTable<WbxmlTagRow> tags)
    {
        var w = Begin(pages, "HybridCore.Wbxml", tags);
        var pageNames = pages.Rows.ToDictionary(r => r.Page, r => r.Name);

        w.Doc("An ActiveSync WBXML code page ([MS-ASWBXML] 2.1.2.1).");
        w.Line(GeneratedCode);
        w.Open("public enum WbxmlCodePage : byte");
        foreach (WbxmlCodePageRow row in pages.Rows)
        {
            w.Doc(Describe(row.Description, "Code page " + Num(row.Page) + ", XML namespace <c>" + Xml(row.Namespace) + "</c>.", 0));
            w.Line(row.Name + " = " + Num(row.Page) + ",");
        }

        w.Close();
        w.Line();

        w.Doc("Generated lookups for <see cref=\"WbxmlCodePage\"/>. None of them allocates.");
        w.Line(GeneratedCode);
        w.Open("public static partial class WbxmlCodePages");
        w.Doc("The number of code pages defined.");
        w.Line("public const int Count = " + Num(pages.Rows.Count) + ";");
        w.Line();
        EmitStringSwitch(w, "GetName", "global::HybridCore.Wbxml.WbxmlCodePage", "page", "The code page's name, or <see langword=\"null\"/> if it is not defined.", pages.Rows.Select(r => ("global::HybridCore.Wbxml.WbxmlCodePage." + r.Name, r.Name)), plainType: true);
        EmitStringSwitch(w, "GetNamespace", "global::HybridCore.Wbxml.WbxmlCodePage", "page", "The XML namespace the code page maps to, or <see langword=\"null\"/> if it is not defined.", pages.Rows.Select(r => ("global::HybridCore.Wbxml.WbxmlCodePage." + r.Name, r.Namespace)), plainType: true);
        EmitIsDefined(w, "global::HybridCore.Wbxml.WbxmlCodePage", "page", pages.Rows.Select(r => "global::HybridCore.Wbxml.WbxmlCodePage." + r.Name), plainType: true);
        EmitNameSwitch(w, "global::HybridCore.Wbxml.WbxmlCodePage", "page", pages.Rows.Select(r => (r.Namespace, "global::HybridCore.Wbxml.WbxmlCodePage." + r.Name)), "TryParseNamespace", "an XML namespace name", ignoreCaseVariants: false, plainType: true);
        w.Close();
        w.Line();

        var byPage = tags.Rows.GroupBy(r => r.Page).OrderBy(g => g.Key).ToList();
        foreach (var group in byPage)
        {
            string pageName = pageNames[group.Key];
            w.Doc("Tag tokens of WBXML code page " + Num(group.Key) + " (" + pageName + "), [MS-ASWBXML] 2.1.2.1.");
            w.Line(GeneratedCode);
            w.Open("public static partial class " + pageName + "Tags");
            foreach (WbxmlTagRow row in group)
            {
                w.Doc(Describe(string.Empty, "<c>" + Xml(pageNames[row.Page]) + ":" + row.Name + "</c>, token 0x" + row.Token.ToString("X2", CultureInfo.InvariantCulture) + ".", row.Versions));
                w.Line("public const global::HybridCore.Wbxml.WbxmlTag " + row.Name + " = (global::HybridCore.Wbxml.WbxmlTag)0x" + TagValue(row).ToString("X4", CultureInfo.InvariantCulture) + ";");
            }

            w.Close();
            w.Line();
        }

        w.Doc("Generated lookups over every WBXML tag of every code page. None of them allocates.");
        w.Line(GeneratedCode);
        w.Open("public static partial class WbxmlTags");
        w.Doc("The number of tags defined across all code pages.");
        w.Line("public const int Count = " + Num(tags.Rows.Count) + ";");
        w.Line();
        EmitStringSwitch(w, "GetName", "global::HybridCore.Wbxml.WbxmlTag", "tag", "The tag's local name (without namespace), or <see langword=\"null\"/> if the tag is not defined.", tags.Rows.Select(r => ("(global::HybridCore.Wbxml.WbxmlTag)0x" + TagValue(r).ToString("X4", CultureInfo.InvariantCulture), r.Name)), plainType: true);
        EmitVersionsSwitch(w, "global::HybridCore.Wbxml.WbxmlTag", "tag", tags.Rows.Select(r => ("(global::HybridCore.Wbxml.WbxmlTag)0x" + TagValue(r).ToString("X4", CultureInfo.InvariantCulture), r.Versions)), plainType: true);
        EmitIsDefined(w, "global::HybridCore.Wbxml.WbxmlTag", "tag", tags.Rows.Select(r => "(global::HybridCore.Wbxml.WbxmlTag)0x" + TagValue(r).ToString("X4", CultureInfo.InvariantCulture)), plainType: true);

        foreach (bool utf8 in new[] { false, true })
        {
            string spanType = utf8 ? "global::System.ReadOnlySpan<byte>" : "global::System.ReadOnlySpan<char>";
            string param = utf8 ? "utf8Name" : "name";
            w.Doc("Finds a tag by its local name within one code page (ordinal" + (utf8 ? ", UTF-8 input" : string.Empty) + ").");
            w.Line("public static bool TryParse(global::HybridCore.Wbxml.WbxmlCodePage page, " + spanType + " " + param + ", out global::HybridCore.Wbxml.WbxmlTag tag)");
            w.Open();
            w.Line("switch (page)");
            w.Open();
            foreach (var group in byPage)
            {
                w.Line("case global::HybridCore.Wbxml.WbxmlCodePage." + pageNames[group.Key] + ":");
                w.Indent++;
                EmitMatchBody(w, param, utf8, ignoreCase: false, group.Select(r => (r.Name, pageNames[r.Page] + "Tags." + r.Name)), "tag");
                w.Line("break;");
                w.Indent--;
            }

            w.Close();
            w.Line("tag = default;");
            w.Line("return false;");
            w.Close();
            w.Line();
        }

        w.Close();
        return End(w);

        static int TagValue(WbxmlTagRow r) => (r.Page << 8) | r.Token;
    }
}
