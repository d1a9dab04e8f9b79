namespace HybridCore.Generators;

// ExchangeBuilds.table -> ExchangeBuildTable.
internal static partial class Emitter
{
    /// <summary>
    /// Exchange build numbers. Emitted into whichever assembly lists the table (HybridCore.Diagnostics),
    /// which must define <c>ExchangeRelease</c>, <c>ExchangeProduct</c> and <c>ExchangeBuild</c> in
    /// <c>HybridCore.Diagnostics.Readiness</c>.
    /// </summary>
    public static string EmitExchangeBuilds(SpecTable<ExchangeBuildRow> table)
    {
        var w = Begin(table, "HybridCore.Diagnostics.Readiness");
        const string Ns = "global::HybridCore.Diagnostics.Readiness.";
        w.Doc("The Exchange Server releases of the build-number table, in table order.");
        w.Line(GeneratedCode);
        w.Open("internal static partial class ExchangeBuildTable");
        w.Doc("The number of releases in the table.");
        w.Line("public const int Count = " + Num(table.Rows.Count) + ";");
        w.Line();
        w.Doc("Creates the releases (a new array each call; callers cache it).");
        w.Line("public static " + Ns + "ExchangeRelease[] Create() => new " + Ns + "ExchangeRelease[]");
        w.Open();
        foreach (ExchangeBuildRow row in table.Rows)
        {
            BuildNumber b = row.Build;
            w.Line("new(" + Ns + "ExchangeProduct." + row.Product + ", " + Literal(row.Name) + ", new " + Ns + "ExchangeBuild("
                + Num(b.Major) + ", " + Num(b.Minor) + ", " + Num(b.Build) + ", " + Num(b.Revision) + "), new global::System.DateOnly("
                + Num(row.Date.Year) + ", " + Num(row.Date.Month) + ", " + Num(row.Date.Day) + ")),");
        }

        w.Indent--;
        w.Line("};");
        w.Close();
        return End(w);
    }
}
