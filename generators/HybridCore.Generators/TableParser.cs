using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.CodeAnalysis.Text;

namespace HybridCore.Generators;

/// <summary>
/// Reads a spec table (format in docs/spec-tables.md) into validated rows plus diagnostics.
/// Pure: text in, equatable data out; invariant culture; never throws on bad input.
/// </summary>
internal static class TableParser
{
    private sealed class Schema
    {
        public Schema(string[] required, string[] optional)
        {
            Required = required;
            Optional = optional;
        }

        public string[] Required { get; }

        public string[] Optional { get; }
    }

    private static readonly Dictionary<TableKind, Schema> Schemas = new()
    {
        [TableKind.Commands] = new(new[] { "name", "code", "versions" }, new[] { "description" }),
        [TableKind.QueryParameters] = new(new[] { "name", "tag", "plain" }, new[] { "description" }),
        [TableKind.StatusCodes] = new(new[] { "code", "name", "description" }, new[] { "versions" }),
        [TableKind.HttpStatusCodes] = new(new[] { "code", "name", "description" }, Array.Empty<string>()),
        [TableKind.Headers] = new(new[] { "name", "header", "direction" }, new[] { "description" }),
        [TableKind.WbxmlCodePages] = new(new[] { "page", "name", "namespace" }, new[] { "description" }),
        [TableKind.WbxmlTags] = new(new[] { "page", "name", "token", "versions" }, Array.Empty<string>()),
        [TableKind.ExchangeBuilds] = new(new[] { "product", "name", "build", "date" }, Array.Empty<string>()),
    };

    /// <summary>The table kind for a file name, or <see cref="TableKind.Unknown"/>.</summary>
    public static TableKind KindOf(string path) => Path.GetFileName(path) switch
    {
        "EasCommands.table" => TableKind.Commands,
        "EasQueryParameters.table" => TableKind.QueryParameters,
        "EasStatusCodes.table" => TableKind.StatusCodes,
        "EasHttpStatusCodes.table" => TableKind.HttpStatusCodes,
        "EasHeaders.table" => TableKind.Headers,
        "WbxmlCodePages.table" => TableKind.WbxmlCodePages,
        "WbxmlTags.table" => TableKind.WbxmlTags,
        "ExchangeBuilds.table" => TableKind.ExchangeBuilds,
        _ => TableKind.Unknown,
    };

    /// <summary>Parses a table into typed rows of its kind; an unknown file name gives an empty table and a warning.</summary>
    public static SpecTable Parse(string path, SourceText? text)
    {
        TableKind kind = KindOf(path);
        return kind switch
        {
            TableKind.Commands => Parse(kind, path, text, static r =>
                r.Identifier(r.Name) && r.OptionalNumber("code", 0, 255, out int code) && r.Versions("versions", out int versions)
                    ? new CommandRow(r.Position, r.Name, code, r.Description, versions) : null),
            TableKind.QueryParameters => Parse(kind, path, text, static r =>
                r.Identifier(r.Name) && r.OptionalNumber("tag", 0, 99, out int tag) && r.YesNo("plain", out bool plain)
                    ? new QueryParameterRow(r.Position, r.Name, tag, plain, r.Description) : null),
            TableKind.StatusCodes => Parse(kind, path, text, static r =>
                r.Identifier(r.Name) && r.Number("code", 1, 65535, out int code) && r.Versions("versions", out int versions)
                    ? new StatusCodeRow(r.Position, r.Name, code, r.Description, versions) : null),
            TableKind.HttpStatusCodes => Parse(kind, path, text, static r =>
                r.Identifier(r.Name) && r.Number("code", 100, 599, out int code)
                    ? new HttpStatusCodeRow(r.Position, r.Name, code, r.Description) : null),
            TableKind.Headers => Parse(kind, path, text, static r =>
                r.Identifier(r.Name) && r.HeaderName(r.Cell("header")) && r.Direction("direction", out HeaderDirection direction)
                    ? new HeaderRow(r.Position, r.Name, r.Cell("header"), direction, r.Description) : null),
            TableKind.WbxmlCodePages => Parse(kind, path, text, static r =>
                r.Identifier(r.Name) && r.Number("page", 0, 255, out int page) && r.Identifier(r.Cell("namespace"))
                    ? new WbxmlCodePageRow(r.Position, r.Name, page, r.Cell("namespace"), r.Description) : null),
            TableKind.WbxmlTags => Parse(kind, path, text, static r =>
                r.Identifier(r.Name) && r.Number("page", 0, 255, out int page) && r.Number("token", 0x05, 0x3F, out int token) && r.Versions("versions", out int versions)
                    ? new WbxmlTagRow(r.Position, r.Name, page, token, versions) : null),
            TableKind.ExchangeBuilds => Parse(kind, path, text, static r =>
                r.ReleaseName(r.Name) && r.Identifier(r.Cell("product")) && r.Build("build", out BuildNumber build) && r.Date("date", out TableDate date)
                    ? new ExchangeBuildRow(r.Position, r.Name, r.Cell("product"), build, date) : null),
            _ => Parse<SpecRow>(kind, path, text, static _ => null),
        };
    }

    // The frame every kind shares: comments, the header row, cell counts, unique names and codes. 'read' turns the
    // cells of one row into the kind's record, or reports what is wrong and returns null.
    private static SpecTable<TRow> Parse<TRow>(TableKind kind, string path, SourceText? text, Func<RowReader, TRow?> read)
        where TRow : SpecRow, IEquatable<TRow>
    {
        string fileName = Path.GetFileName(path);
        var diagnostics = new List<DiagnosticInfo>();
        var rows = new List<TRow>();

        if (kind == TableKind.Unknown || text is null)
        {
            var pos = new SourcePosition(path, default, default);
            diagnostics.Add(new DiagnosticInfo(DiagnosticIds.UnknownTableFile, pos, fileName, string.Empty, null));
            return Result();
        }

        Schema schema = Schemas[kind];
        string[]? header = null;
        var columnIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var codes = new Dictionary<long, SourcePosition>();

        foreach (TextLine line in text.Lines)
        {
            string content = line.ToString();
            string trimmed = content.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var position = new SourcePosition(path, line.Span, text.Lines.GetLinePositionSpan(line.Span));
            string[] cells = SplitCells(content);

            if (header is null)
            {
                header = cells;
                if (!ReadHeader(header, position))
                {
                    return Result();
                }

                continue;
            }

            if (cells.Length != header.Length)
            {
                Report(DiagnosticIds.CellCount, position, cells.Length.ToString(CultureInfo.InvariantCulture), header.Length.ToString(CultureInfo.InvariantCulture));
                continue;
            }

            TRow? row = read(new RowReader(cells, columnIndex, position, diagnostics));
            if (row is null)
            {
                continue;
            }

            if (names.TryGetValue(row.NameKey, out SourcePosition firstName))
            {
                Report(DiagnosticIds.DuplicateName, position, row.Name, " (first at line " + firstName.Line.ToString(CultureInfo.InvariantCulture) + ")", firstName);
                continue;
            }

            if (row.CodeKey is long codeKey)
            {
                if (codes.TryGetValue(codeKey, out SourcePosition firstCode))
                {
                    Report(DiagnosticIds.DuplicateCode, position, row.ShowCode, " (first at line " + firstCode.Line.ToString(CultureInfo.InvariantCulture) + ")", firstCode);
                    continue;
                }

                codes.Add(codeKey, position);
            }

            names.Add(row.NameKey, position);
            rows.Add(row);
        }

        if (header is null)
        {
            Report(DiagnosticIds.MissingHeader, new SourcePosition(path, default, default), fileName, string.Empty);
        }

        return Result();

        SpecTable<TRow> Result() => new(kind, path, fileName, new ImmutableEquatableArray<TRow>(rows), new ImmutableEquatableArray<DiagnosticInfo>(diagnostics));

        void Report(string id, SourcePosition position, string a0, string a1, SourcePosition? additional = null)
            => diagnostics.Add(new DiagnosticInfo(id, position, a0, a1, additional));

        bool ReadHeader(string[] columns, SourcePosition position)
        {
            bool ok = true;
            for (int i = 0; i < columns.Length; i++)
            {
                string column = columns[i];
                bool known = Array.IndexOf(schema.Required, column.ToLowerInvariant()) >= 0 || Array.IndexOf(schema.Optional, column.ToLowerInvariant()) >= 0;
                if (!known)
                {
                    Report(DiagnosticIds.UnknownColumn, position, column, string.Join(", ", Concat(schema.Required, schema.Optional)));
                    ok = false;
                }
                else if (columnIndex.ContainsKey(column))
                {
                    Report(DiagnosticIds.DuplicateName, position, column, " in the header row");
                    ok = false;
                }
                else
                {
                    columnIndex.Add(column, i);
                }
            }

            foreach (string required in schema.Required)
            {
                if (!columnIndex.ContainsKey(required))
                {
                    Report(DiagnosticIds.MissingColumn, position, fileName, required);
                    ok = false;
                }
            }

            return ok;
        }
    }

    /// <summary>
    /// The cells of one row, read by column name. Each check reports a diagnostic at the row (so the error names the
    /// file and line) and returns false when the cell does not parse.
    /// </summary>
    private sealed class RowReader(string[] cells, Dictionary<string, int> columnIndex, SourcePosition position, List<DiagnosticInfo> diagnostics)
    {
        public SourcePosition Position => position;

        public string Name => Cell("name");

        /// <summary>The description column; empty when absent or <c>-</c>.</summary>
        public string Description => Cell("description") is var d && d != "-" ? d : string.Empty;

        public string Cell(string column) => columnIndex.TryGetValue(column, out int i) ? cells[i] : string.Empty;

        public bool ReleaseName(string value) => (value.Length > 0 && value != "-") || Bad(value, "expected a release name");

        public bool Identifier(string value)
            => IsIdentifier(value) || Bad(value, "expected a C# identifier (letters, digits, '_', not starting with a digit)");

        public bool HeaderName(string value)
        {
            foreach (char c in value)
            {
                // RFC 9110 token characters.
                if (!(char.IsLetterOrDigit(c) && c < 128) && "!#$%&'*+-.^_`|~".IndexOf(c) < 0)
                {
                    return Bad(value, "expected an HTTP header name (RFC 9110 token)");
                }
            }

            return value.Length > 0 || Bad(value, "expected an HTTP header name");
        }

        public bool Number(string column, int min, int max, out int value)
        {
            string cell = Cell(column);
            value = -1;
            if (!TryParseNumber(cell, out long parsed))
            {
                return Bad(cell, "expected a decimal or 0x-hexadecimal number in column '" + column + "'");
            }

            if (parsed < min || parsed > max)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticIds.OutOfRange, position, cell, "column '" + column + "' allows " + Show(min) + " to " + Show(max), null));
                return false;
            }

            value = (int)parsed;
            return true;

            string Show(int n) => column == "token" ? "0x" + n.ToString("X2", CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>A number, or <c>-</c> for none (-1).</summary>
        public bool OptionalNumber(string column, int min, int max, out int value)
        {
            value = -1;
            return Cell(column) == "-" || Number(column, min, max, out value);
        }

        public bool YesNo(string column, out bool value)
        {
            string cell = Cell(column);
            value = string.Equals(cell, "yes", StringComparison.OrdinalIgnoreCase);
            return value || string.Equals(cell, "no", StringComparison.OrdinalIgnoreCase) || Bad(cell, "expected 'yes' or 'no' in column '" + column + "'");
        }

        public bool Direction(string column, out HeaderDirection value)
        {
            string cell = Cell(column);
            value = cell.ToLowerInvariant() switch
            {
                "request" => HeaderDirection.Request,
                "response" => HeaderDirection.Response,
                "both" => HeaderDirection.Both,
                _ => 0,
            };
            return value != 0 || Bad(cell, "expected 'request', 'response' or 'both' in column '" + column + "'");
        }

        /// <summary>A comma-separated list of EAS protocol versions as <c>EasProtocolVersionSet</c> bits; none when the column is absent, empty or <c>-</c>.</summary>
        public bool Versions(string column, out int value)
        {
            value = 0;
            string cell = Cell(column);
            if (!columnIndex.ContainsKey(column) || cell == "-" || cell.Length == 0)
            {
                return true;
            }

            foreach (string part in cell.Split(','))
            {
                int bit = VersionBit(part.Trim());
                if (bit == 0)
                {
                    return Bad(part.Trim(), "expected an EAS protocol version (2.5, 12.0, 12.1, 14.0, 14.1, 16.0, 16.1) in column '" + column + "'");
                }

                value |= bit;
            }

            return true;
        }

        /// <summary>major.minor.build[.revision], each part 1 to 9 digits.</summary>
        public bool Build(string column, out BuildNumber value)
        {
            string cell = Cell(column);
            string[] parts = cell.Split('.');
            value = default;
            if (!(parts.Length is 3 or 4 && Array.TrueForAll(parts, p => p.Length is > 0 and <= 9 && IsDigits(p))))
            {
                return Bad(cell, "expected a build number major.minor.build[.revision] in column '" + column + "'");
            }

            value = new BuildNumber(Int(parts[0]), Int(parts[1]), Int(parts[2]), parts.Length == 4 ? Int(parts[3]) : 0);
            return true;

            static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        public bool Date(string column, out TableDate value)
        {
            string cell = Cell(column);
            bool ok = DateTime.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime date);
            value = ok ? new TableDate(date.Year, date.Month, date.Day) : default;
            return ok || Bad(cell, "expected a date yyyy-MM-dd in column '" + column + "'");
        }

        private bool Bad(string value, string expected)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticIds.BadValue, position, value, expected, null));
            return false;
        }
    }

    /// <summary>Bit for a protocol version; matches <c>HybridCore.ActiveSync.EasProtocolVersionSet</c>.</summary>
    public static int VersionBit(string version) => version switch
    {
        "2.5" => 1,
        "12.0" => 2,
        "12.1" => 4,
        "14.0" => 8,
        "14.1" => 16,
        "16.0" => 32,
        "16.1" => 64,
        _ => 0,
    };

    public static bool TryParseNumber(string cell, out long value)
    {
        value = 0;
        if (cell.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return cell.Length > 2 && cell.Length <= 10 && long.TryParse(cell.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        return cell.Length <= 10 && long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsDigits(string value)
    {
        foreach (char c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsIdentifier(string value)
    {
        if (value.Length == 0 || char.IsDigit(value[0]))
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(c == '_' || (c < 128 && char.IsLetterOrDigit(c))))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] SplitCells(string line)
    {
        string[] parts = line.Split('|');
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Trim();
        }

        return parts;
    }

    private static IEnumerable<string> Concat(string[] a, string[] b)
    {
        foreach (string s in a)
        {
            yield return s;
        }

        foreach (string s in b)
        {
            yield return s;
        }
    }
}
