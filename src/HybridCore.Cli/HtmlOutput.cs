using System.CommandLine;
using System.Text;

namespace HybridCore.Cli;

/// <summary>The <c>--html FILE</c> option of <c>logs analyze</c> and <c>readiness</c>: writes the page of
/// HybridCore.Reports next to the usual output (docs/diagnostics.md, "HTML report").</summary>
internal static class HtmlOutput
{
    public static Option<FileInfo?> CreateOption() => new("--html")
    {
        Description = "Also write a self-contained HTML report (charts, sortable tables; opens offline) to this file.",
    };

    /// <summary>Writes the page to a temporary file beside <paramref name="file"/>, then moves it into place, so a
    /// failed run never leaves half a page; says on stderr where it went.</summary>
    /// <exception cref="CliUserException">The file cannot be written.</exception>
    public static void Write(CliConsole console, FileInfo file, Action<TextWriter> write)
    {
        string target = file.FullName;
        string temp = target + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false), 1 << 16))
            {
                write(writer);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new CliUserException($"Cannot write the HTML report '{target}': {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        console.Error.WriteLine($"HTML report: {target}");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error that matters is the one being reported.
        }
    }
}
