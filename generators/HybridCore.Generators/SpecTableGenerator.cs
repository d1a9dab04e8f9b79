using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HybridCore.Generators;

/// <summary>
/// Emits the EAS command, parameter, status, HTTP and header tables and the WBXML code page and
/// tag tables from the spec tables passed as <c>AdditionalFiles</c> (<c>*.table</c>).
/// </summary>
/// <remarks>
/// The pipeline carries only equatable data (<see cref="SpecTable"/>), so an unchanged table is
/// not re-parsed or re-emitted. Tracking names: <see cref="TrackingNames"/>.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class SpecTableGenerator : IIncrementalGenerator
{
    /// <summary>Names of the pipeline steps, for incrementality tests.</summary>
    public static class TrackingNames
    {
        /// <summary>Each table file parsed and validated.</summary>
        public const string Tables = "Tables";

        /// <summary>The two WBXML tables paired up.</summary>
        public const string Wbxml = "Wbxml";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SpecTable> tables = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".table", StringComparison.OrdinalIgnoreCase))
            .Select(static (file, ct) => TableParser.Parse(file.Path, file.GetText(ct)))
            .WithTrackingName(TrackingNames.Tables);

        context.RegisterSourceOutput(tables, static (spc, table) =>
        {
            foreach (DiagnosticInfo d in table.Diagnostics)
            {
                spc.ReportDiagnostic(Descriptors.Create(d));
            }

            if (table.HasErrors)
            {
                return;
            }

            string? source = table switch
            {
                SpecTable<CommandRow> t => Emitter.EmitCommands(t),
                SpecTable<QueryParameterRow> t => Emitter.EmitQueryParameters(t),
                SpecTable<StatusCodeRow> t => Emitter.EmitStatusCodes(t),
                SpecTable<HttpStatusCodeRow> t => Emitter.EmitHttpStatusCodes(t),
                SpecTable<HeaderRow> t => Emitter.EmitHeaders(t),
                SpecTable<ExchangeBuildRow> t => Emitter.EmitExchangeBuilds(t),
                _ => null, // the WBXML pair is emitted below; an unknown file emits nothing
            };
            if (source is not null)
            {
                spc.AddSource(HintName(table.FileName), SourceText.From(source, Encoding.UTF8));
            }
        });

        IncrementalValueProvider<(SpecTable<WbxmlCodePageRow>? Pages, SpecTable<WbxmlTagRow>? Tags)> wbxml = tables
            .Where(static t => t is SpecTable<WbxmlCodePageRow> or SpecTable<WbxmlTagRow>)
            .Collect()
            .Select(static (all, _) => (
                Pages: (SpecTable<WbxmlCodePageRow>?)all.OfType<SpecTable<WbxmlCodePageRow>>().FirstOrDefault(),
                Tags: (SpecTable<WbxmlTagRow>?)all.OfType<SpecTable<WbxmlTagRow>>().FirstOrDefault()))
            .WithTrackingName(TrackingNames.Wbxml);

        context.RegisterSourceOutput(wbxml, static (spc, pair) =>
        {
            if (pair.Pages is null || pair.Tags is null || pair.Pages.HasErrors || pair.Tags.HasErrors)
            {
                return;
            }

            var pages = new HashSet<int>(pair.Pages.Rows.Select(r => r.Page));
            bool ok = true;
            foreach (WbxmlTagRow row in pair.Tags.Rows)
            {
                if (!pages.Contains(row.Page))
                {
                    ok = false;
                    spc.ReportDiagnostic(Descriptors.Create(new DiagnosticInfo(
                        DiagnosticIds.UnknownPage, row.Position, row.Page.ToString(CultureInfo.InvariantCulture), " (tag '" + row.Name + "')", null)));
                }
            }

            if (ok)
            {
                spc.AddSource("WbxmlTables.g.cs", SourceText.From(Emitter.EmitWbxml(pair.Pages, pair.Tags), Encoding.UTF8));
            }
        });
    }

    private static string HintName(string fileName) => fileName.Replace(".table", string.Empty) + ".g.cs";
}
