using System;
using Microsoft.CodeAnalysis.Text;

namespace HybridCore.Generators;

/// <summary>The kinds of spec table the generator understands; chosen by file name.</summary>
internal enum TableKind
{
    Unknown,
    Commands,
    QueryParameters,
    StatusCodes,
    HttpStatusCodes,
    Headers,
    WbxmlCodePages,
    WbxmlTags,
    ExchangeBuilds,
}

/// <summary>
/// Where something sits in a table file: enough to rebuild a <c>Location</c> later without
/// holding on to one in the (cached, equatable) pipeline.
/// </summary>
internal readonly record struct SourcePosition(string Path, TextSpan Span, LinePositionSpan LineSpan)
{
    public int Line => LineSpan.Start.Line + 1;
}

/// <summary>A diagnostic to report, carried as plain data.</summary>
internal sealed record DiagnosticInfo(string Id, SourcePosition Position, string Argument0, string Argument1, SourcePosition? Additional)
    : IEquatable<DiagnosticInfo>;

/// <summary>
/// One validated row of any table. Columns a kind does not have keep their defaults. Numbers
/// that a row leaves out (<c>-</c>) are <c>-1</c>.
/// </summary>
internal sealed record SpecRow(
    SourcePosition Position,
    string Name,
    int Code,
    int Page,
    string Text,
    string Description,
    int Versions,
    bool Flag,
    string Extra = "");

/// <summary>A parsed and validated table: its rows and the diagnostics it produced.</summary>
internal sealed record SpecTable(
    TableKind Kind,
    string Path,
    string FileName,
    ImmutableEquatableArray<SpecRow> Rows,
    ImmutableEquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors
    {
        get
        {
            foreach (DiagnosticInfo d in Diagnostics)
            {
                if (d.Id != DiagnosticIds.UnknownTableFile)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
