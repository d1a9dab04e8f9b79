using System.Linq;

namespace HybridCore.Generators;

// EasHttpStatusCodes.table -> EasHttpStatusCodes.
internal static partial class Emitter
{
    public static string EmitHttpStatusCodes(SpecTable<HttpStatusCodeRow> table)
    {
        var w = Begin(table, "HybridCore.ActiveSync");
        w.Doc("The HTTP status codes an Exchange ActiveSync server uses ([MS-ASHTTP] 2.2.2.1.1).");
        w.Line(GeneratedCode);
        w.Open("public static partial class EasHttpStatusCodes");
        foreach (HttpStatusCodeRow row in table.Rows)
        {
            w.Doc(Describe(row.Description, "HTTP " + Num(row.Code) + ".", 0));
            w.Line("public const int " + row.Name + " = " + Num(row.Code) + ";");
            w.Line();
        }

        EmitStringSwitch(w, "GetName", "int", "statusCode", "The name of an EAS HTTP status code, or <see langword=\"null\"/> if EAS does not use it.", table.Rows.Select(r => (Num(r.Code), r.Name)), plainType: true);
        EmitStringSwitch(w, "GetDescription", "int", "statusCode", "What an EAS HTTP status code means, or <see langword=\"null\"/> if EAS does not use it.", table.Rows.Select(r => (Num(r.Code), r.Description)), plainType: true);
        EmitBoolSwitch(w, "IsDefined", "int", "statusCode", "Whether EAS uses the status code.", table.Rows.Select(r => Num(r.Code)), plainType: true);
        w.Close();
        return End(w);
    }
}
