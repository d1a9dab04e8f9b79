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

    public static SpecTable Parse(string path, SourceText? text)
    {
        string fileName = Path.GetFileName(path);
        TableKind kind = KindOf(path);
        var diagnostics = new List<DiagnosticInfo>();
        var rows = new List<SpecRow>();

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

            SpecRow? row = ReadRow(cells, position);
            if (row is null)
            {
                continue;
            }

            // Names are unique within a table, or within a code page for WBXML tags.
            string nameKey = kind == TableKind.WbxmlTags ? row.Page.ToString(CultureInfo.InvariantCulture) + ":" + row.Name : row.Name;
            if (names.TryGetValue(nameKey, out SourcePosition firstName))
            {
                Report(DiagnosticIds.DuplicateName, position, row.Name, " (first at line " + firstName.Line.ToString(CultureInfo.InvariantCulture) + ")", firstName);
                continue;
            }

            if (row.Code >= 0)
            {
                long codeKey = kind == TableKind.WbxmlTags ? ((long)row.Page << 16) | (uint)row.Code : row.Code;
                if (codes.TryGetValue(codeKey, out SourcePosition firstCode))
                {
                    string shown = kind == TableKind.WbxmlTags ? "0x" + row.Code.ToString("X2", CultureInfo.InvariantCulture) + " in code page " + row.Page.ToString(CultureInfo.InvariantCulture) : row.Code.ToString(CultureInfo.InvariantCulture);
                    Report(DiagnosticIds.DuplicateCode, position, shown, " (first at line " + firstCode.Line.ToString(CultureInfo.InvariantCulture) + ")", firstCode);
                    continue;
                }

                codes.Add(codeKey, position);
            }

            names.Add(nameKey, position);
            rows.Add(row);
        }

        if (header is null)
        {
            Report(DiagnosticIds.MissingHeader, new SourcePosition(path, default, default), fileName, string.Empty);
        }

        return Result();

        SpecTable Result() => new(kind, path, fileName, new ImmutableEquatableArray<SpecRow>(rows), new ImmutableEquatableArray<DiagnosticInfo>(diagnostics));

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

        string Cell(string[] cells, string column) => columnIndex.TryGetValue(column, out int i) ? cells[i] : string.Empty;

        SpecRow? ReadRow(string[] cells, SourcePosition position)
        {
            string name = Cell(cells, "name");
            string description = Cell(cells, "description");
            if (description == "-")
            {
                description = string.Empty;
            }

            int code = -1, page = -1, versions = 0;
            string text = string.Empty, extra = string.Empty;
            bool flag = false;

            switch (kind)
            {
                case TableKind.Commands:
                    if (!Identifier(name) || !OptionalNumber("code", 0, 255, out code) || !Versions("versions", out versions))
                    {
                        return null;
                    }

                    break;
                case TableKind.QueryParameters:
                    if (!Identifier(name) || !OptionalNumber("tag", 0, 99, out code) || !YesNo("plain", out flag))
                    {
                        return null;
                    }

                    break;
                case TableKind.StatusCodes:
                    if (!Identifier(name) || !Number("code", 1, 65535, out code) || !Versions("versions", out versions))
                    {
                        return null;
                    }

                    break;
                case TableKind.HttpStatusCodes:
                    if (!Identifier(name) || !Number("code", 100, 599, out code))
                    {
                        return null;
                    }

                    break;
                case TableKind.Headers:
                    text = Cell(cells, "header");
                    if (!Identifier(name) || !HeaderName(text) || !Direction("direction", out code))
                    {
                        return null;
                    }

                    // Headers have no code: the direction (1 request, 2 response, 3 both) travels in Page,
                    // and Code stays -1 so it does not trip the duplicate-code check.
                    page = code;
                    code = -1;
                    break;
                case TableKind.WbxmlCodePages:
                    text = Cell(cells, "namespace");
                    if (!Identifier(name) || !Number("page", 0, 255, out code) || !Identifier(text))
                    {
                        return null;
                    }

                    page = code;
                    break;
                case TableKind.WbxmlTags:
                    if (!Identifier(name) || !Number("page", 0, 255, out page) || !Number("token", 0x05, 0x3F, out code) || !Versions("versions", out versions))
                    {
                        return null;
                    }

                    break;
                case TableKind.ExchangeBuilds:
                    // name is a release name ("Exchange Server 2013 CU8"), not an identifier; product is.
                    text = Cell(cells, "product");
                    description = Cell(cells, "build");
                    extra = Cell(cells, "date");
                    if (name.Length == 0 || name == "-")
                    {
                        Report(DiagnosticIds.BadValue, position, name, "expected a release name");
                        return null;
                    }

                    if (!Identifier(text) || !BuildNumber(description) || !Date(extra))
                    {
                        return null;
                    }

                    break;
            }

            return new SpecRow(position, name, code, page, text, description, versions, flag, extra);

            bool BuildNumber(string value)
            {
                string[] parts = value.Split('.');
                if (parts.Length is 3 or 4 && Array.TrueForAll(parts, p => p.Length is > 0 and <= 9 && IsDigits(p)))
                {
                    return true;
                }

                Report(DiagnosticIds.BadValue, position, value, "expected a build number major.minor.build[.revision] in column 'build'");
                return false;
            }

            bool Date(string value)
            {
                if (DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    return true;
                }

                Report(DiagnosticIds.BadValue, position, value, "expected a date yyyy-MM-dd in column 'date'");
                return false;
            }

            bool Identifier(string value)
            {
                if (IsIdentifier(value))
                {
                    return true;
                }

                Report(DiagnosticIds.BadValue, position, value, "expected a C# identifier (letters, digits, '_', not starting with a digit)");
                return false;
            }

            bool HeaderName(string value)
            {
                foreach (char c in value)
                {
                    // RFC 9110 token characters.
                    if (!(char.IsLetterOrDigit(c) && c < 128) && "!#$%&'*+-.^_`|~".IndexOf(c) < 0)
                    {
                        Report(DiagnosticIds.BadValue, position, value, "expected an HTTP header name (RFC 9110 token)");
                        return false;
                    }
                }

                if (value.Length == 0)
                {
                    Report(DiagnosticIds.BadValue, position, value, "expected an HTTP header name");
                    return false;
                }

                return true;
            }

            bool Number(string column, int min, int max, out int value)
            {
                string cell = Cell(cells, column);
                if (!TryParseNumber(cell, out long parsed))
                {
                    Report(DiagnosticIds.BadValue, position, cell, "expected a decimal or 0x-hexadecimal number in column '" + column + "'");
                    value = -1;
                    return false;
                }

                if (parsed < min || parsed > max)
                {
                    Report(DiagnosticIds.OutOfRange, position, cell, "column '" + column + "' allows " + Show(min) + " to " + Show(max));
                    value = -1;
                    return false;
                }

                value = (int)parsed;
                return true;

                string Show(int n) => column == "token" ? "0x" + n.ToString("X2", CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture);
            }

            bool OptionalNumber(string column, int min, int max, out int value)
            {
                if (Cell(cells, column) == "-")
                {
                    value = -1;
                    return true;
                }

                return Number(column, min, max, out value);
            }

            bool YesNo(string column, out bool value)
            {
                string cell = Cell(cells, column);
                value = string.Equals(cell, "yes", StringComparison.OrdinalIgnoreCase);
                if (value || string.Equals(cell, "no", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                Report(DiagnosticIds.BadValue, position, cell, "expected 'yes' or 'no' in column '" + column + "'");
                return false;
            }

            bool Direction(string column, out int value)
            {
                string cell = Cell(cells, column);
                value = cell.ToLowerInvariant() switch
                {
                    "request" => 1,
                    "response" => 2,
                    "both" => 3,
                    _ => 0,
                };
                if (value != 0)
                {
                    return true;
                }

                Report(DiagnosticIds.BadValue, position, cell, "expected 'request', 'response' or 'both' in column '" + column + "'");
                return false;
            }

            bool Versions(string column, out int value)
            {
                value = 0;
                if (!columnIndex.ContainsKey(column))
                {
                    return true;
                }

                string cell = Cell(cells, column);
                if (cell == "-" || cell.Length == 0)
                {
                    return true;
                }

                foreach (string part in cell.Split(','))
                {
                    int bit = VersionBit(part.Trim());
                    if (bit == 0)
                    {
                        Report(DiagnosticIds.BadValue, position, part.Trim(), "expected an EAS protocol version (2.5, 12.0, 12.1, 14.0, 14.1, 16.0, 16.1) in column '" + column + "'");
                        return false;
                    }

                    value |= bit;
                }

                return true;
            }
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
