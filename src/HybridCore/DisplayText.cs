using System;
using System.Globalization;
using System.Text;

namespace HybridCore;

/// <summary>
/// Makes text that came from a client or a log file safe to show to people: in a terminal, a log line or a
/// spreadsheet. Device ids, user names and query values are chosen by whoever sends the request, even one that is
/// never authenticated, and end up in IIS logs and then in HybridCore's reports.
/// </summary>
public static class DisplayText
{
    /// <summary>
    /// Replaces every character that could move the cursor, end a line, change colours or titles, or reorder text
    /// with a visible escape: C0 controls (ESC, BEL, CR, LF, TAB…) and DEL as <c>\xNN</c> (ESC is what starts
    /// ANSI/OSC sequences); C1 controls (U+0080–U+009F, including NEL U+0085 and the 8-bit CSI/OSC), the line and
    /// paragraph separators U+2028/U+2029, and the bidirectional controls (U+061C, U+200E/U+200F,
    /// U+202A–U+202E, U+2066–U+2069: "Trojan Source", CVE-2021-42574) as <c>\uNNNN</c>. A backslash stays a
    /// backslash. Text without such characters is returned as it is (no allocation).
    /// </summary>
    /// <param name="text">The text, or null.</param>
    /// <returns>The text with those characters escaped; null for null.</returns>
    public static string? Escape(string? text)
    {
        if (text is null)
        {
            return null;
        }

        int first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnsafe(c))
            {
                sb.Append(c);
            }
            else if (c < 0x80)
            {
                sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// A CSV cell that a spreadsheet will not run as a formula (OWASP "CSV Injection"): a cell that starts with
    /// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, TAB or CR gets a leading apostrophe; then control characters are
    /// escaped as by <see cref="Escape"/>. Quoting (RFC 4180) is left to the writer.
    /// </summary>
    /// <param name="cell">The cell's text.</param>
    /// <returns>The neutralised cell.</returns>
    public static string CsvCell(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            cell = "'" + cell;
        }

        return Escape(cell)!;
    }

    /// <summary>True when <paramref name="c"/> is one of the characters <see cref="Escape"/> replaces.</summary>
    public static bool IsUnsafe(char c) =>
        c < 0x20 || c is >= '\u007F' and <= '\u009F'
        || c is '\u2028' or '\u2029' or '\u061C' or '\u200E' or '\u200F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';

    private static int IndexOfUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
