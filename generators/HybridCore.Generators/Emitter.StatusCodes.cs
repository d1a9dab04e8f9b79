using System.Linq;

namespace HybridCore.Generators;

// EasStatusCodes.table -> EasStatus and EasStatuses.
internal static partial class Emitter
{
    public static string EmitStatusCodes(SpecTable<StatusCodeRow> table)
    {
        var w = Begin(table, "HybridCore.ActiveSync");
        w.Doc("An Exchange ActiveSync common status code ([MS-ASCMD] 2.2.2), sent in a command response's Status element.");
        w.Line(GeneratedCode);
        w.Open("public enum EasStatus");
        foreach (StatusCodeRow row in table.Rows)
        {
            w.Doc(Describe(row.Description, "Status " + Num(row.Code) + ".", row.Versions));
            w.Line(row.Name + " = " + Num(row.Code) + ",");
        }

        w.Close();
        w.Line();
        w.Doc("Generated lookups for <see cref=\"EasStatus\"/>. None of them allocates.");
        w.Line(GeneratedCode);
        w.Open("public static partial class EasStatuses");
        EmitValues(w, table.Rows.Select(r => r.Code), "Every defined status value, in table order.");
        EmitNameSwitch(w, "EasStatus", "status", table.Rows.Select(r => (r.Name, "global::HybridCore.ActiveSync.EasStatus." + r.Name)), ignoreCaseVariants: false);
        EmitStringSwitch(w, "GetName", "EasStatus", "status", "The status name from the specification, or <see langword=\"null\"/> if the value is not defined.", table.Rows.Select(r => ("global::HybridCore.ActiveSync.EasStatus." + r.Name, r.Name)));
        EmitStringSwitch(w, "GetDescription", "EasStatus", "status", "What the status means, or <see langword=\"null\"/> if the value is not defined.", table.Rows.Select(r => ("global::HybridCore.ActiveSync.EasStatus." + r.Name, r.Description)));
        EmitVersionsSwitch(w, "EasStatus", "status", table.Rows.Select(r => ("global::HybridCore.ActiveSync.EasStatus." + r.Name, r.Versions)));
        EmitIsDefined(w, "EasStatus", "status", table.Rows.Select(r => "global::HybridCore.ActiveSync.EasStatus." + r.Name));
        w.Close();
        return End(w);
    }
}
