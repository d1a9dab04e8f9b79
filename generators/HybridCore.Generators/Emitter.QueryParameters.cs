using System.Linq;

namespace HybridCore.Generators;

// EasQueryParameters.table -> EasQueryParameter and EasQueryParameters.
internal static partial class Emitter
{
    public static string EmitQueryParameters(SpecTable<QueryParameterRow> table)
    {
        var w = Begin(table, "HybridCore.ActiveSync");
        var members = Number(table.Rows, row => row.Name, row => row.Tag, UntaggedBase);

        w.Doc("An EAS request-line parameter. Parameters that have a base64 command-parameter tag ([MS-ASHTTP] 2.2.1.1.1.1.3) have that tag as their value; the others have values from 100 up.");
        w.Line(GeneratedCode);
        w.Open("public enum EasQueryParameter : byte");
        foreach (var (name, value, row) in members)
        {
            string where = (row.Tag >= 0 ? "Base64 tag " + Num(row.Tag) + "." : "No base64 tag.") + (row.Plain ? " Accepted as a plain query parameter name." : " Not a plain query parameter name.");
            w.Doc(Describe(row.Description, where, 0));
            w.Line(name + " = " + Num(value) + ",");
        }

        w.Close();
        w.Line();
        w.Doc("Generated lookups for <see cref=\"EasQueryParameter\"/>. None of them allocates.");
        w.Line(GeneratedCode);
        w.Open("public static partial class EasQueryParameters");
        EmitNameSwitch(w, "EasQueryParameter", "parameter", members.Where(m => m.Row.Plain).Select(m => (m.Name, "global::HybridCore.ActiveSync.EasQueryParameter." + m.Name)), "TryParsePlainName", "a plain query parameter name");
        EmitStringSwitch(w, "GetName", "EasQueryParameter", "parameter", "The parameter's name, or <see langword=\"null\"/> if the value is not defined.", members.Select(m => ("global::HybridCore.ActiveSync.EasQueryParameter." + m.Name, m.Name)));
        EmitStringSwitch(w, "GetDescription", "EasQueryParameter", "parameter", "A short description of the parameter, or <see langword=\"null\"/> if the value is not defined.", members.Select(m => ("global::HybridCore.ActiveSync.EasQueryParameter." + m.Name, m.Row.Description)));
        EmitIsDefined(w, "EasQueryParameter", "parameter", members.Select(m => "global::HybridCore.ActiveSync.EasQueryParameter." + m.Name));
        EmitBoolSwitch(w, "IsPlain", "EasQueryParameter", "parameter", "Whether the parameter may appear by name in the plain query form.", members.Where(m => m.Row.Plain).Select(m => "global::HybridCore.ActiveSync.EasQueryParameter." + m.Name));
        EmitBoolSwitch(w, "HasTag", "EasQueryParameter", "parameter", "Whether the parameter has a base64 command-parameter tag (its value is then that tag).", members.Where(m => m.Row.Tag >= 0).Select(m => "global::HybridCore.ActiveSync.EasQueryParameter." + m.Name));
        w.Doc("Maps a base64 command-parameter tag ([MS-ASHTTP] 2.2.1.1.1.1.3) to its parameter.");
        w.Line("public static bool TryFromTag(int tag, out global::HybridCore.ActiveSync.EasQueryParameter parameter)");
        w.Open();
        w.Line("parameter = (global::HybridCore.ActiveSync.EasQueryParameter)tag;");
        w.Line("return tag >= 0 && tag < " + Num(UntaggedBase) + " && HasTag(parameter);");
        w.Close();
        w.Close();
        return End(w);
    }
}
