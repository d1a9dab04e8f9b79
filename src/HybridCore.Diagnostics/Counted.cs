using System.Globalization;

namespace HybridCore.Diagnostics;

/// <summary>Counts in the reports' sentences, with the noun in the number it takes: "1 device", "2 devices", "0 devices".</summary>
internal static class Counted
{
    /// <summary>"1 warning", "3 warnings".</summary>
    public static string Of(long count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural ?? singular + "s")}");
}
