using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace HybridCore.Generators;

/// <summary>
/// Turns validated tables into C# source. Output is deterministic: table order for members,
/// ordinal order where the order is ours, invariant culture for numbers.
/// </summary>
internal static class Emitter
{
    public const string GeneratorName = "HybridCore.Generators";
    public const string GeneratorVersion = "0.1.0";
    private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"" + GeneratorName + "\", \"" + GeneratorVersion + "\")]";
    private const int NoCodeBase = 1000;
    private const int UntaggedBase = 100;

    public static string EmitCommands(SpecTable table)
    {
        var w = Begin(table, "HybridCore.ActiveSync");
        var members = new List<(string Name, int Value, SpecRow Row)>();
        int next = NoCodeBase;
        foreach (SpecRow row in table.Rows)
        {
            members.Add((row.Name, row.Code >= 0 ? row.Code : next++, row));
        }

        w.Doc("An Exchange ActiveSync command. The value of a command that has a base64 query command code is that code ([MS-ASHTTP] 2.2.1.1.1.1.2); commands without one have values from 1000 up.");
        w.Line(GeneratedCode);
        w.Open("public enum EasCommand");
        foreach (var (name, value, row) in members)
        {
            w.Doc(Describe(row.Description, row.Code >= 0 ? "Command code " + Num(row.Code) + "." : "Has no base64 command code.", row.Versions));
            w.Line(name + " = " + Num(value) + ",");
        }

        w.Close();
        w.Line();
        w.Doc("Generated lookups for <see cref=\"EasCommand\"/>. None of them allocates.");
        w.Line(GeneratedCode);
        w.Open("public static partial class EasCommands");
        EmitValues(w, members.Select(m => m.Value), "Every defined command value, in table order.");
        EmitNameSwitch(w, "EasCommand", "command", members.Select(m => (m.Name, "global::HybridCore.ActiveSync.EasCommand." + m.Name)));
        EmitStringSwitch(w, "GetName", "EasCommand", "command", "The command's name as used in the <c>Cmd=</c> query parameter, or <see langword=\"null\"/> if the value is not a defined command.", members.Select(m => ("global::HybridCore.ActiveSync.EasCommand." + m.Name, m.Name)));
        EmitStringSwitch(w, "GetDescription", "EasCommand", "command", "A short description of the command, or <see langword=\"null\"/> if the value is not a defined command.", members.Select(m => ("global::HybridCore.ActiveSync.EasCommand." + m.Name, m.Row.Description)));
        EmitVersionsSwitch(w, "EasCommand", "command", members.Select(m => ("global::HybridCore.ActiveSync.EasCommand." + m.Name, m.Row.Versions)));
        EmitIsDefined(w, "EasCommand", "command", members.Select(m => "global::HybridCore.ActiveSync.EasCommand." + m.Name));

        w.Doc("Whether <paramref name=\"command\"/> has a base64 query command code (its value is then that code).");
        w.Line("public static bool HasCode(global::HybridCore.ActiveSync.EasCommand command) => (int)command < " + Num(NoCodeBase) + " && IsDefined(command);");
        w.Line();
        w.Doc("Maps a base64 query command code ([MS-ASHTTP] 2.2.1.1.1.1.2) to its command.");
        w.Line("public static bool TryFromCode(int code, out global::HybridCore.ActiveSync.EasCommand command)");
        w.Open();
        w.Line("command = (global::HybridCore.ActiveSync.EasCommand)code;");
        w.Line("return code >= 0 && code < " + Num(NoCodeBase) + " && IsDefined(command);");
        w.Close();
        w.Close();
        return End(w);
    }

    public static string EmitQueryParameters(SpecTable table)
    {
        var w = Begin(table, "HybridCore.ActiveSync");
        var members = new List<(string Name, int Value, SpecRow Row)>();
        int next = UntaggedBase;
        foreach (SpecRow row in table.Rows)
        {
            members.Add((row.Name, row.Code >= 0 ? row.Code : next++, row));
        }

        w.Doc("An EAS request-line parameter. Parameters that have a base64 command-parameter tag ([MS-ASHTTP] 2.2.1.1.1.1.3) have that tag as their value; the others have values from 100 up.");
        w.Line(GeneratedCode);
        w.Open("public enum EasQueryParameter : byte");
        foreach (var (name, value, row) in members)
        {
            string where = (row.Code >= 0 ? "Base64 tag " + Num(row.Code) + "." : "No base64 tag.") + (row.Flag ? " Accepted as a plain query parameter name." : " Not a plain query parameter name.");
            w.Doc(Describe(row.Description, where, 0));
            w.Line(name + " = " + Num(value) + ",");
        }

        w.Close();
        w.Line();
        w.Doc("Generated lookups for <see cref=\"EasQueryParameter\"/>. None of them allocates.");
        w.Line(GeneratedCode);
        w.Open("public static partial class EasQueryParameters");
        EmitNameSwitch(w, "EasQueryParameter", "parameter", members.Where(m => m.Row.Flag).Select(m => (m.Name, "global::HybridCore.ActiveSync.EasQueryParameter." + m.Name)), "TryParsePlainName", "a plain query parameter name");
        EmitStringSwitch(w, "GetName", "EasQueryParameter", "parameter", "The parameter's name, or <see langword=\"null\"/> if the value is not defined.", members.Select(m => ("global::HybridCore.ActiveSync.EasQueryParameter." + m.Name, m.Name)));
        EmitStringSwitch(w, "GetDescription", "EasQueryParameter", "parameter", "A short description of the parameter, or <see langword=\"null\"/> if the value is not defined.", members.Select(m => ("global::HybridCore.ActiveSync.EasQueryParameter." + m.Name, m.Row.Description)));
        EmitIsDefined(w, "EasQueryParameter", "parameter", members.Select(m => "global::HybridCore.ActiveSync.EasQueryParameter." + m.Name));
        EmitBoolSwitch(w, "IsPlain", "EasQueryParameter", "parameter", "Whether the parameter may appear by name in the plain query form.", members.Where(m => m.Row.Flag).Select(m => "global::HybridCore.ActiveSync.EasQueryParameter." + m.Name));
        EmitBoolSwitch(w, "HasTag", "EasQueryParameter", "parameter", "Whether the parameter has a base64 command-parameter tag (its value is then that tag).", members.Where(m => m.Row.Code >= 0).Select(m => "global::HybridCore.ActiveSync.EasQueryParameter." + m.Name));
        w.Doc("Maps a base64 command-parameter tag ([MS-ASHTTP] 2.2.1.1.1.1.3) to its parameter.");
        w.Line("public static bool TryFromTag(int tag, out global::HybridCore.ActiveSync.EasQueryParameter parameter)");
        w.Open();
        w.Line("parameter = (global::HybridCore.ActiveSync.EasQueryParameter)tag;");
        w.Line("return tag >= 0 && tag < " + Num(UntaggedBase) + " && HasTag(parameter);");
        w.Close();
        w.Close();
        return End(w);
    }

    public static string EmitStatusCodes(SpecTable table)
    {
        var w = Begin(table, "HybridCore.ActiveSync");
        w.Doc("An Exchange ActiveSync common status code ([MS-ASCMD] 2.2.2), sent in a command response's Status element.");
        w.Line(GeneratedCode);
        w.Open("public enum EasStatus");
        foreach (SpecRow row in table.Rows)
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

    public static string EmitHttpStatusCodes(SpecTable table)
    {
        var w = Begin(table, "HybridCore.ActiveSync");
        w.Doc("The HTTP status codes an Exchange ActiveSync server uses ([MS-ASHTTP] 2.2.2.1.1).");
        w.Line(GeneratedCode);
        w.Open("public static partial class EasHttpStatusCodes");
        foreach (SpecRow row in table.Rows)
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

    public static string EmitHeaders(SpecTable table)
    {
        var w = Begin(table, "HybridCore.ActiveSync");
        w.Doc("The HTTP headers of the Exchange ActiveSync protocol ([MS-ASHTTP] 2.2.1.1.2, 2.2.2.1.2), as strings and as UTF-8 bytes.");
        w.Line(GeneratedCode);
        w.Open("public static partial class EasHeaders");
        foreach (SpecRow row in table.Rows)
        {
            string direction = row.Page switch { 1 => "Request header.", 2 => "Response header.", _ => "Request and response header." };
            w.Doc(Describe(row.Description, "<c>" + Xml(row.Text) + "</c>. " + direction, 0));
            w.Line("public const string " + row.Name + " = " + Literal(row.Text) + ";");
            w.Line();
            w.Doc("The UTF-8 bytes of <see cref=\"" + row.Name + "\"/>.");
            w.Line("public static global::System.ReadOnlySpan<byte> " + row.Name + "Utf8 => " + Literal(row.Text) + "u8;");
            w.Line();
        }

        w.Close();
        return End(w);
    }

    /// <summary>
    /// Exchange build numbers. Emitted into whichever assembly lists the table (HybridCore.Diagnostics),
    /// which must define <c>ExchangeRelease</c>, <c>ExchangeProduct</c> and <c>ExchangeBuild</c> in
    /// <c>HybridCore.Diagnostics.Readiness</c>.
    /// </summary>
    public static string EmitExchangeBuilds(SpecTable table)
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
        foreach (SpecRow row in table.Rows)
        {
            string[] parts = row.Description.Split('.');
            string revision = parts.Length == 4 ? parts[3] : "0";
            string[] date = row.Extra.Split('-');
            w.Line("new(" + Ns + "ExchangeProduct." + row.Text + ", " + Literal(row.Name) + ", new " + Ns + "ExchangeBuild("
                + int.Parse(parts[0], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + ", "
                + int.Parse(parts[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + ", "
                + int.Parse(parts[2], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + ", "
                + int.Parse(revision, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "), new global::System.DateOnly("
                + int.Parse(date[0], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + ", "
                + int.Parse(date[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + ", "
                + int.Parse(date[2], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + ")),");
        }

        w.Indent--;
        w.Line("};");
        w.Close();
        return End(w);
    }

    public static string EmitWbxml(SpecTable pages, SpecTable tags)
    {
        var w = Begin(pages, "HybridCore.Wbxml", tags);
        var pageNames = pages.Rows.ToDictionary(r => r.Page, r => r.Name);

        w.Doc("An ActiveSync WBXML code page ([MS-ASWBXML] 2.1.2.1).");
        w.Line(GeneratedCode);
        w.Open("public enum WbxmlCodePage : byte");
        foreach (SpecRow row in pages.Rows)
        {
            w.Doc(Describe(row.Description, "Code page " + Num(row.Page) + ", XML namespace <c>" + Xml(row.Text) + "</c>.", 0));
            w.Line(row.Name + " = " + Num(row.Page) + ",");
        }

        w.Close();
        w.Line();

        w.Doc("Generated lookups for <see cref=\"WbxmlCodePage\"/>. None of them allocates.");
        w.Line(GeneratedCode);
        w.Open("public static partial class WbxmlCodePages");
        w.Doc("The number of code pages defined.");
        w.Line("public const int Count = " + Num(pages.Rows.Count) + ";");
        w.Line();
        EmitStringSwitch(w, "GetName", "global::HybridCore.Wbxml.WbxmlCodePage", "page", "The code page's name, or <see langword=\"null\"/> if it is not defined.", pages.Rows.Select(r => ("global::HybridCore.Wbxml.WbxmlCodePage." + r.Name, r.Name)), plainType: true);
        EmitStringSwitch(w, "GetNamespace", "global::HybridCore.Wbxml.WbxmlCodePage", "page", "The XML namespace the code page maps to, or <see langword=\"null\"/> if it is not defined.", pages.Rows.Select(r => ("global::HybridCore.Wbxml.WbxmlCodePage." + r.Name, r.Text)), plainType: true);
        EmitIsDefined(w, "global::HybridCore.Wbxml.WbxmlCodePage", "page", pages.Rows.Select(r => "global::HybridCore.Wbxml.WbxmlCodePage." + r.Name), plainType: true);
        EmitNameSwitch(w, "global::HybridCore.Wbxml.WbxmlCodePage", "page", pages.Rows.Select(r => (r.Text, "global::HybridCore.Wbxml.WbxmlCodePage." + r.Name)), "TryParseNamespace", "an XML namespace name", ignoreCaseVariants: false, plainType: true);
        w.Close();
        w.Line();

        var byPage = tags.Rows.GroupBy(r => r.Page).OrderBy(g => g.Key).ToList();
        foreach (var group in byPage)
        {
            string pageName = pageNames[group.Key];
            w.Doc("Tag tokens of WBXML code page " + Num(group.Key) + " (" + pageName + "), [MS-ASWBXML] 2.1.2.1.");
            w.Line(GeneratedCode);
            w.Open("public static partial class " + pageName + "Tags");
            foreach (SpecRow row in group)
            {
                w.Doc(Describe(string.Empty, "<c>" + Xml(pageNames[row.Page]) + ":" + row.Name + "</c>, token 0x" + row.Code.ToString("X2", CultureInfo.InvariantCulture) + ".", row.Versions));
                w.Line("public const global::HybridCore.Wbxml.WbxmlTag " + row.Name + " = (global::HybridCore.Wbxml.WbxmlTag)0x" + TagValue(row).ToString("X4", CultureInfo.InvariantCulture) + ";");
            }

            w.Close();
            w.Line();
        }

        w.Doc("Generated lookups over every WBXML tag of every code page. None of them allocates.");
        w.Line(GeneratedCode);
        w.Open("public static partial class WbxmlTags");
        w.Doc("The number of tags defined across all code pages.");
        w.Line("public const int Count = " + Num(tags.Rows.Count) + ";");
        w.Line();
        EmitStringSwitch(w, "GetName", "global::HybridCore.Wbxml.WbxmlTag", "tag", "The tag's local name (without namespace), or <see langword=\"null\"/> if the tag is not defined.", tags.Rows.Select(r => ("(global::HybridCore.Wbxml.WbxmlTag)0x" + TagValue(r).ToString("X4", CultureInfo.InvariantCulture), r.Name)), plainType: true);
        EmitVersionsSwitch(w, "global::HybridCore.Wbxml.WbxmlTag", "tag", tags.Rows.Select(r => ("(global::HybridCore.Wbxml.WbxmlTag)0x" + TagValue(r).ToString("X4", CultureInfo.InvariantCulture), r.Versions)), plainType: true);
        EmitIsDefined(w, "global::HybridCore.Wbxml.WbxmlTag", "tag", tags.Rows.Select(r => "(global::HybridCore.Wbxml.WbxmlTag)0x" + TagValue(r).ToString("X4", CultureInfo.InvariantCulture)), plainType: true);

        foreach (bool utf8 in new[] { false, true })
        {
            string spanType = utf8 ? "global::System.ReadOnlySpan<byte>" : "global::System.ReadOnlySpan<char>";
            string param = utf8 ? "utf8Name" : "name";
            w.Doc("Finds a tag by its local name within one code page (ordinal" + (utf8 ? ", UTF-8 input" : string.Empty) + ").");
            w.Line("public static bool TryParse(global::HybridCore.Wbxml.WbxmlCodePage page, " + spanType + " " + param + ", out global::HybridCore.Wbxml.WbxmlTag tag)");
            w.Open();
            w.Line("switch (page)");
            w.Open();
            foreach (var group in byPage)
            {
                w.Line("case global::HybridCore.Wbxml.WbxmlCodePage." + pageNames[group.Key] + ":");
                w.Indent++;
                EmitMatchBody(w, param, utf8, ignoreCase: false, group.Select(r => (r.Name, pageNames[r.Page] + "Tags." + r.Name)), "tag");
                w.Line("break;");
                w.Indent--;
            }

            w.Close();
            w.Line("tag = default;");
            w.Line("return false;");
            w.Close();
            w.Line();
        }

        w.Close();
        return End(w);

        static int TagValue(SpecRow r) => (r.Page << 8) | r.Code;
    }

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
