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
/// One validated row of a table: where it is and its name. Each table kind has its own record with its columns,
/// parsed and checked once (TableParser); the emitters read typed values and parse nothing.
/// </summary>
internal abstract record SpecRow(SourcePosition Position, string Name)
{
    /// <summary>What must be unique in the table: the name, or for WBXML tags the name within its code page.</summary>
    public virtual string NameKey => Name;

    /// <summary>The code that must be unique in the table, or <see langword="null"/> when the row has none.</summary>
    public virtual long? CodeKey => null;

    /// <summary>How the code is shown in a duplicate-code error.</summary>
    public virtual string ShowCode => CodeKey?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>A row of EasCommands.table: a command and its base64 command code (-1: none).</summary>
internal sealed record CommandRow(SourcePosition Position, string Name, int Code, string Description, int Versions)
    : SpecRow(Position, Name)
{
    public override long? CodeKey => Code >= 0 ? Code : null;
}

/// <summary>A row of EasQueryParameters.table: a parameter, its base64 tag (-1: none) and whether the plain form names it.</summary>
internal sealed record QueryParameterRow(SourcePosition Position, string Name, int Tag, bool Plain, string Description)
    : SpecRow(Position, Name)
{
    public override long? CodeKey => Tag >= 0 ? Tag : null;
}

/// <summary>A row of EasStatusCodes.table: a common status code.</summary>
internal sealed record StatusCodeRow(SourcePosition Position, string Name, int Code, string Description, int Versions)
    : SpecRow(Position, Name)
{
    public override long? CodeKey => Code;
}

/// <summary>A row of EasHttpStatusCodes.table: an HTTP status code EAS uses.</summary>
internal sealed record HttpStatusCodeRow(SourcePosition Position, string Name, int Code, string Description)
    : SpecRow(Position, Name)
{
    public override long? CodeKey => Code;
}

/// <summary>Which messages carry a header.</summary>
internal enum HeaderDirection
{
    Request = 1,
    Response = 2,
    Both = 3,
}

/// <summary>A row of EasHeaders.table: a member name and the header's wire name.</summary>
internal sealed record HeaderRow(SourcePosition Position, string Name, string Header, HeaderDirection Direction, string Description)
    : SpecRow(Position, Name);

/// <summary>A row of WbxmlCodePages.table: a code page and its XML namespace.</summary>
internal sealed record WbxmlCodePageRow(SourcePosition Position, string Name, int Page, string Namespace, string Description)
    : SpecRow(Position, Name)
{
    public override long? CodeKey => Page;
}

/// <summary>A row of WbxmlTags.table: a tag's code page and token.</summary>
internal sealed record WbxmlTagRow(SourcePosition Position, string Name, int Page, int Token, int Versions)
    : SpecRow(Position, Name)
{
    public override string NameKey => Page.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Name;

    public override long? CodeKey => ((long)Page << 16) | (uint)Token;

    public override string ShowCode => "0x" + Token.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)
        + " in code page " + Page.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An Exchange build number, major.minor.build.revision (revision 0 when the table leaves it out).</summary>
internal readonly record struct BuildNumber(int Major, int Minor, int Build, int Revision);

/// <summary>A calendar date as the table writes it (yyyy-MM-dd).</summary>
internal readonly record struct TableDate(int Year, int Month, int Day);

/// <summary>A row of ExchangeBuilds.table: a release (its name is free text, not an identifier), its product, build and date.</summary>
internal sealed record ExchangeBuildRow(SourcePosition Position, string Name, string Product, BuildNumber Build, TableDate Date)
    : SpecRow(Position, Name);

/// <summary>A parsed table of any kind: where it came from and the diagnostics it produced.</summary>
internal abstract record SpecTable(TableKind Kind, string Path, string FileName, ImmutableEquatableArray<DiagnosticInfo> Diagnostics)
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

/// <summary>A parsed table whose rows are of one kind.</summary>
internal sealed record SpecTable<TRow>(TableKind Kind, string Path, string FileName, ImmutableEquatableArray<TRow> Rows, ImmutableEquatableArray<DiagnosticInfo> Diagnostics)
    : SpecTable(Kind, Path, FileName, Diagnostics)
    where TRow : SpecRow, IEquatable<TRow>;
