using Microsoft.CodeAnalysis;

namespace HybridCore.Generators;

/// <summary>Stable diagnostic ids. Documented in docs/spec-tables.md; never renumber.</summary>
internal static class DiagnosticIds
{
    public const string MissingHeader = "HC0001";
    public const string MissingColumn = "HC0002";
    public const string CellCount = "HC0003";
    public const string UnknownColumn = "HC0004";
    public const string BadValue = "HC0005";
    public const string DuplicateName = "HC0006";
    public const string DuplicateCode = "HC0007";
    public const string OutOfRange = "HC0008";
    public const string UnknownPage = "HC0009";
    public const string UnknownTableFile = "HC0010";
}

/// <summary>All descriptors in one place.</summary>
internal static class Descriptors
{
    private const string Category = "HybridCore.SpecTables";

    public static readonly DiagnosticDescriptor MissingHeader = new(
        DiagnosticIds.MissingHeader, "Spec table has no header row",
        "Spec table '{0}' has no header row (the first line that is not a comment must name the columns){1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingColumn = new(
        DiagnosticIds.MissingColumn, "Spec table lacks a required column",
        "Spec table '{0}' lacks the required column '{1}'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor CellCount = new(
        DiagnosticIds.CellCount, "Spec table row has the wrong number of cells",
        "Row has {0} cells but the header names {1} columns",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownColumn = new(
        DiagnosticIds.UnknownColumn, "Spec table has an unknown column",
        "Column '{0}' is not a column of this table kind (known columns: {1})",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor BadValue = new(
        DiagnosticIds.BadValue, "Spec table cell does not parse",
        "Cell '{0}' does not parse: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateName = new(
        DiagnosticIds.DuplicateName, "Duplicate name in spec table",
        "Name '{0}' appears more than once{1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateCode = new(
        DiagnosticIds.DuplicateCode, "Duplicate code in spec table",
        "Code {0} appears more than once{1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OutOfRange = new(
        DiagnosticIds.OutOfRange, "Spec table value out of range",
        "Value {0} is out of range: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownPage = new(
        DiagnosticIds.UnknownPage, "WBXML tag names an undefined code page",
        "Code page {0} is not defined in WbxmlCodePages.table{1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownTableFile = new(
        DiagnosticIds.UnknownTableFile, "Unknown spec table file",
        "'{0}' is not a spec table the generator knows; it is ignored{1}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static DiagnosticDescriptor ForId(string id) => id switch
    {
        DiagnosticIds.MissingHeader => MissingHeader,
        DiagnosticIds.MissingColumn => MissingColumn,
        DiagnosticIds.CellCount => CellCount,
        DiagnosticIds.UnknownColumn => UnknownColumn,
        DiagnosticIds.BadValue => BadValue,
        DiagnosticIds.DuplicateName => DuplicateName,
        DiagnosticIds.DuplicateCode => DuplicateCode,
        DiagnosticIds.OutOfRange => OutOfRange,
        DiagnosticIds.UnknownPage => UnknownPage,
        _ => UnknownTableFile,
    };

    public static Diagnostic Create(DiagnosticInfo info)
    {
        Location location = Location.Create(info.Position.Path, info.Position.Span, info.Position.LineSpan);
        Location[]? additional = info.Additional is { } a
            ? new[] { Location.Create(a.Path, a.Span, a.LineSpan) }
            : null;
        return Diagnostic.Create(ForId(info.Id), location, additional, info.Argument0, info.Argument1);
    }
}
