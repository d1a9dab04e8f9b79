using HybridCore.Diagnostics;

namespace HybridCore.Cli;

/// <summary>Runs the library's IIS log analysis for a command: checks the paths first (a missing path or an empty
/// directory is a user error with a clear message), shows a progress bar on a terminal for large inputs, and turns
/// I/O failures into <see cref="CliUserException"/>.</summary>
internal static class LogInputs
{
    public static LogAnalysisReport Analyze(CliConsole console, IReadOnlyList<string> paths, LogAnalysisOptions options)
    {
        foreach (string path in paths)
        {
            if (!File.Exists(path) && !System.IO.Directory.Exists(path))
            {
                throw new CliUserException($"No such log file or directory: '{path}'.");
            }
        }

        IReadOnlyList<string> files;
        long bytes = 0;
        try
        {
            files = ActiveSyncLogAnalyzer.ExpandPaths(paths);
            foreach (string file in files)
            {
                bytes += new FileInfo(file).Length;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUserException($"Cannot list the log files: {e.Message}", e);
        }

        if (files.Count == 0)
        {
            throw new CliUserException($"No log files (*.log, *.gz) in {string.Join(", ", paths.Select(p => $"'{p}'"))}.");
        }

        using ProgressBar? progress = ProgressBar.CreateFor(console, bytes);
        try
        {
            return ActiveSyncLogAnalyzer.AnalyzePaths(files, options, progress);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // FileNotFoundException included: a file removed between listing and reading.
            throw new CliUserException($"Cannot read the logs: {e.Message}", e);
        }
    }
}
