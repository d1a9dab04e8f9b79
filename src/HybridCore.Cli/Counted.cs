using System.Globalization;

namespace HybridCore.Cli;

/// <summary>Counts in the tool's sentences, with the noun in the number it takes: "1 device", "2 devices".</summary>
internal static class Counted
{
    public static string Of(long count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural ?? singular + "s")}");
}
