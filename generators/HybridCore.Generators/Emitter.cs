using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace HybridCore.Generators;

/// <summary>
/// Turns validated tables into C# source: one Emit method per table kind (Emitter.{Kind}.cs), and here the
/// building blocks they share. Output is deterministic: table order for members, ordinal order where the order is
/// ours, invariant culture for numbers.
/// </summary>
internal static partial class Emitter
{
    public const string GeneratorName = "HybridCore.Generators";
    public const string GeneratorVersion = "0.1.0";
    private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"" + GeneratorName + "\", \"" + GeneratorVersion + "\")]";
    private const int NoCodeBase = 1000;
    private const int UntaggedBase = 100;

    // ---- building blocks -------------------------------------------------------------

    private static void EmitValues(CodeWriter w, IEnumerable<int> values, string doc)
    {
        w.Doc(doc);
        w.Line("public static global::System.ReadOnlySpan<int> Values => new int[] { " + string.Join(", ", values.Select(Num)) + " };");
        w.Line();
    }

    private static void EmitNameSwitch(CodeWriter w, string type, string valueName, IEnumerable<(string Name, string Value)> entries, string method = "TryParse", string what = "a name", bool ignoreCaseVariants = true, bool plainType = false)
    {
        string fullType = plainType ? type : "global::HybridCore.ActiveSync." + type;
        var list = entries.ToList();
        foreach (bool ignoreCase in ignoreCaseVariants ? new[] { false, true } : new[] { false })
        {
            foreach (bool utf8 in new[] { false, true })
            {
                string spanType = utf8 ? "global::System.ReadOnlySpan<byte>" : "global::System.ReadOnlySpan<char>";
                string param = utf8 ? "utf8Name" : "name";
                string name = method + (ignoreCase ? "IgnoreCase" : string.Empty);
                w.Doc("Parses " + what + (ignoreCase ? ", ignoring ASCII case" : ", ordinal (case-sensitive)") + (utf8 ? ", from UTF-8 bytes" : string.Empty) + ". Does not allocate.");
                w.Line("public static bool " + name + "(" + spanType + " " + param + ", out " + fullType + " " + valueName + ")");
                w.Open();
                EmitMatchBody(w, param, utf8, ignoreCase, list, valueName);
                w.Line(valueName + " = default;");
                w.Line("return false;");
                w.Close();
                w.Line();
            }
        }
    }

    /// <summary>
    /// Emits a match of <paramref name="param"/> against names. Branches on length first, then
    /// compares the few candidates of that length; for chars in ordinal mode the compiler's own
    /// span switch is used.
    /// </summary>
    private static void EmitMatchBody(CodeWriter w, string param, bool utf8, bool ignoreCase, IEnumerable<(string Name, string Value)> entries, string valueName)
    {
        var list = entries.ToList();
        if (!utf8 && !ignoreCase)
        {
            w.Line("switch (" + param + ")");
            w.Open();
            foreach (var (name, value) in list)
            {
                w.Line("case " + Literal(name) + ": " + valueName + " = " + value + "; return true;");
            }

            w.Close();
            return;
        }

        w.Line("switch (" + param + ".Length)");
        w.Open();
        foreach (var group in list.GroupBy(e => Encoding.UTF8.GetByteCount(e.Name)).OrderBy(g => g.Key))
        {
            w.Line("case " + Num(group.Key) + ":");
            w.Indent++;
            Word[]? words = utf8 ? Words(group.Key) : null;
            if (words is not null)
            {
                // Names of up to 16 bytes are compared as one or two (overlapping) little-endian words, read once.
                w.Open();
                for (int i = 0; i < words.Length; i++)
                {
                    w.Line(words[i].Type + " w" + Num(i) + " = global::System.Buffers.Binary.BinaryPrimitives.Read" + words[i].Reader + "LittleEndian(" + param + (words[i].Offset == 0 ? string.Empty : ".Slice(" + Num(words[i].Offset) + ")") + ");");
                }
            }

            foreach (var (name, value) in group)
            {
                string test = words is not null
                    ? WordTest(Encoding.UTF8.GetBytes(name), words, ignoreCase)
                    : ignoreCase
                        ? "global::System.Text.Ascii.EqualsIgnoreCase(" + param + ", " + Literal(name) + (utf8 ? "u8" : string.Empty) + ")"
                        : "global::System.MemoryExtensions.SequenceEqual(" + param + ", " + Literal(name) + "u8)";
                w.Line("if (" + test + ") { " + valueName + " = " + value + "; return true; }");
            }

            if (words is not null)
            {
                w.Close();
            }

            w.Line("break;");
            w.Indent--;
        }

        w.Close();
    }

    /// <summary>A word of a UTF-8 name read for comparison: its C# type, the BinaryPrimitives reader, its byte offset and size.</summary>
    private readonly record struct Word(string Type, string Reader, int Offset, int Size);

    /// <summary>
    /// The words that cover a name of <paramref name="length"/> bytes: one word, or two that overlap (e.g. 12 bytes
    /// are the 8 at offset 0 and the 8 at offset 4); <see langword="null"/> for 1 byte or more than 16.
    /// </summary>
    private static Word[]? Words(int length)
    {
        static Word W(int size, int offset) => size switch
        {
            8 => new Word("ulong", "UInt64", offset, 8),
            4 => new Word("uint", "UInt32", offset, 4),
            _ => new Word("ushort", "UInt16", offset, 2),
        };

        return length switch
        {
            2 or 4 or 8 => [W(length, 0)],
            3 => [W(2, 0), W(2, 1)],
            > 4 and < 8 => [W(4, 0), W(4, length - 4)],
            > 8 and <= 16 => [W(8, 0), W(8, length - 8)],
            _ => null,
        };
    }

    /// <summary>
    /// The test that the words read equal <paramref name="name"/>. Ignoring case, each word is OR-ed with 0x20 at the
    /// bytes where the name has an ASCII letter and compared with the name lower-cased there: a byte OR 0x20 is a
    /// given lower-case letter exactly when the byte is that letter in either case; other bytes compare exactly.
    /// </summary>
    private static string WordTest(byte[] name, Word[] words, bool ignoreCase)
    {
        var parts = new List<string>();
        for (int i = 0; i < words.Length; i++)
        {
            ulong value = 0;
            ulong mask = 0;
            for (int b = 0; b < words[i].Size; b++)
            {
                byte c = name[words[i].Offset + b];
                bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
                if (ignoreCase && letter)
                {
                    c = (byte)(c | 0x20);
                    mask |= 0x20UL << (8 * b);
                }

                value |= (ulong)c << (8 * b);
            }

            string hex = "0x" + value.ToString("X" + Num(words[i].Size * 2), CultureInfo.InvariantCulture);
            string suffix = words[i].Size == 8 ? "UL" : words[i].Size == 4 ? "U" : string.Empty;
            string word = "w" + Num(i);
            if (mask != 0)
            {
                string maskHex = "0x" + mask.ToString("X" + Num(words[i].Size * 2), CultureInfo.InvariantCulture);
                word = "(" + word + " | " + maskHex + suffix + ")";
            }

            parts.Add(word + " == " + hex + suffix);
        }

        return string.Join(" && ", parts);
    }

    private static void EmitStringSwitch(CodeWriter w, string method, string type, string param, string doc, IEnumerable<(string Case, string Result)> entries, bool plainType = false)
    {
        string fullType = plainType ? type : "global::HybridCore.ActiveSync." + type;
        w.Doc(doc + " Returns a cached string; does not allocate.");
        w.Line("public static string? " + method + "(" + fullType + " " + param + ") => " + param + " switch");
        w.Open();
        foreach (var (c, r) in entries)
        {
            w.Line(c + " => " + Literal(r) + ",");
        }

        w.Line("_ => null,");
        w.Indent--;
        w.Line("};");
        w.Line();
    }

    private static void EmitBoolSwitch(CodeWriter w, string method, string type, string param, string doc, IEnumerable<string> trueCases, bool plainType = false)
    {
        string fullType = plainType ? type : "global::HybridCore.ActiveSync." + type;
        var cases = trueCases.ToList();
        w.Doc(doc);
        if (cases.Count == 0)
        {
            w.Line("public static bool " + method + "(" + fullType + " " + param + ") => false;");
            w.Line();
            return;
        }

        w.Line("public static bool " + method + "(" + fullType + " " + param + ") => " + param + " switch");
        w.Open();
        w.Line(string.Join(" or\n" + new string(' ', (w.Indent + 1) * 4), cases) + " => true,");
        w.Line("_ => false,");
        w.Indent--;
        w.Line("};");
        w.Line();
    }

    private static void EmitIsDefined(CodeWriter w, string type, string param, IEnumerable<string> cases, bool plainType = false)
        => EmitBoolSwitch(w, "IsDefined", type, param, "Whether the value is defined in the specification table.", cases, plainType);

    private static void EmitVersionsSwitch(CodeWriter w, string type, string param, IEnumerable<(string Case, int Versions)> entries, bool plainType = false)
    {
        string fullType = plainType ? type : "global::HybridCore.ActiveSync." + type;
        w.Doc("The EAS protocol versions that have the value; <see cref=\"global::HybridCore.ActiveSync.EasProtocolVersionSet.None\"/> if none are listed or the value is not defined.");
        w.Line("public static global::HybridCore.ActiveSync.EasProtocolVersionSet GetVersions(" + fullType + " " + param + ") => " + param + " switch");
        w.Open();
        foreach (var (c, v) in entries.Where(e => e.Versions != 0))
        {
            w.Line(c + " => (global::HybridCore.ActiveSync.EasProtocolVersionSet)" + Num(v) + ",");
        }

        w.Line("_ => global::HybridCore.ActiveSync.EasProtocolVersionSet.None,");
        w.Indent--;
        w.Line("};");
        w.Line();
    }

    private static string Describe(string description, string fact, int versions)
    {
        var sb = new StringBuilder();
        if (description.Length > 0)
        {
            sb.Append(Xml(description.TrimEnd('.'))).Append(". ");
        }

        sb.Append(fact);
        if (versions != 0)
        {
            sb.Append(" Protocol versions: ").Append(VersionList(versions)).Append('.');
        }

        return sb.ToString();
    }

    private static string VersionList(int versions)
    {
        string[] names = { "2.5", "12.0", "12.1", "14.0", "14.1", "16.0", "16.1" };
        var parts = new List<string>();
        for (int i = 0; i < names.Length; i++)
        {
            if ((versions & (1 << i)) != 0)
            {
                parts.Add(names[i]);
            }
        }

        return string.Join(", ", parts);
    }

    /// <summary>Each row's enum member, in table order: its value is the row's own code when it has one (0 or more),
    /// else the next value counted from <paramref name="firstWithoutCode"/>.</summary>
    private static List<(string Name, int Value, TRow Row)> Number<TRow>(IEnumerable<TRow> rows, System.Func<TRow, string> name, System.Func<TRow, int> code, int firstWithoutCode)
    {
        var members = new List<(string Name, int Value, TRow Row)>();
        int next = firstWithoutCode;
        foreach (TRow row in rows)
        {
            members.Add((name(row), code(row) >= 0 ? code(row) : next++, row));
        }

        return members;
    }

    private static CodeWriter Begin(SpecTable table, string ns, SpecTable? second = null)
    {
        var w = new CodeWriter();
        w.Line("// <auto-generated/>");
        w.Line("// Generated by " + GeneratorName + " from " + table.FileName + (second is null ? string.Empty : " and " + second.FileName) + ".");
        // Name the table files this output came from, wherever the project keeps them (the AdditionalFiles paths).
        w.Line("// Do not edit: change " + table.Path + (second is null ? string.Empty : " and " + second.Path) + " and rebuild (see docs/spec-tables.md).");
        w.Line("#nullable enable");
        w.Line();
        w.Line("namespace " + ns + ";");
        w.Line();
        return w;
    }

    private static string End(CodeWriter w) => w.ToString();

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    internal static string Xml(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    internal static string Literal(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private sealed class CodeWriter
    {
        private readonly StringBuilder _sb = new();

        public int Indent { get; set; }

        public void Line(string text = "")
        {
            if (text.Length > 0)
            {
                _sb.Append(' ', Indent * 4).Append(text);
            }

            _sb.Append('\n');
        }

        public void Doc(string summary)
        {
            Line("/// <summary>" + summary + "</summary>");
        }

        public void Open(string? header = null)
        {
            if (header is not null)
            {
                Line(header);
            }

            Line("{");
            Indent++;
        }

        public void Close()
        {
            Indent--;
            Line("}");
        }

        public override string ToString() => _sb.ToString();
    }
}
