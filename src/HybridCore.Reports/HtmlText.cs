using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace HybridCore.Reports;

/// <summary>
/// Text from the logs (user names, device ids and types, errors, file names) is written through here, never as
/// markup. User names and device ids come from the clients, so they may hold anything: markup, <c>javascript:</c>
/// URLs, control characters, bidirectional overrides, broken UTF-16.
/// </summary>
internal static class HtmlText
{
    /// <summary>The longest text a cell shows; longer text is cut with an ellipsis (the report stays bounded).</summary>
    public const int MaxCellLength = 300;

    /// <summary>
    /// Makes text safe to show: C0 and C1 control characters become visible (U+2400 control pictures for C0 and
    /// DEL, U+FFFD for C1); bidirectional embedding, override and isolate characters (which could make a name read
    /// as another, Unicode TR 9) and lone surrogates become U+FFFD; text longer than <paramref name="max"/> is cut.
    /// The result still needs HTML escaping (<see cref="Write(TextWriter, string?, int)"/> does both).
    /// </summary>
    public static string Clean(string? text, int max = MaxCellLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        bool cut = text.Length > max;
        ReadOnlySpan<char> span = cut ? text.AsSpan(0, max) : text.AsSpan();
        int i = 0;
        while (i < span.Length && !NeedsCleaning(span, i))
        {
            i++;
        }

        if (i == span.Length)
        {
            return cut ? string.Concat(span, "…") : text;
        }

        var sb = new StringBuilder(span.Length + 1);
        sb.Append(span[..i]);
        for (; i < span.Length; i++)
        {
            char c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                sb.Append(c).Append(span[i + 1]);
                i++;
            }
            else if (c < 0x20)
            {
                sb.Append((char)(0x2400 + c));
            }
            else if (c == 0x7F)
            {
                sb.Append('\u2421');
            }
            else if (NeedsCleaning(span, i))
            {
                sb.Append('\uFFFD');
            }
            else
            {
                sb.Append(c);
            }
        }

        if (cut)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    private static bool NeedsCleaning(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        if (c < 0x20 || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069')
        {
            return true;
        }

        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]);
        }

        // A low surrogate reached on its own (a valid pair's low half is skipped by the callers).
        return char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1]));
    }

    /// <summary>Writes <paramref name="text"/> cleaned (<see cref="Clean"/>) and escaped for HTML text or a quoted
    /// attribute value: <c>&amp; &lt; &gt; " '</c> become character references.</summary>
    public static void Write(TextWriter w, string? text, int max = MaxCellLength) => WriteEscaped(w, Clean(text, max));

    /// <summary>Escapes without cleaning (for text this program wrote).</summary>
    public static void WriteEscaped(TextWriter w, string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            string? entity = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (entity is not null)
            {
                w.Write(text.AsSpan(start, i - start));
                w.Write(entity);
                start = i + 1;
            }
        }

        w.Write(text.AsSpan(start));
    }

    /// <summary>The escaped form as a string.</summary>
    public static string Escape(string? text, int max = MaxCellLength)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        Write(w, text, max);
        return w.ToString();
    }

    /// <summary>A count as the page shows it (invariant digits, no separators: what tests and scripts read back).</summary>
    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A UTC time as the page shows it.</summary>
    public static string Time(DateTime? t) => t is { } v ? v.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";
}
