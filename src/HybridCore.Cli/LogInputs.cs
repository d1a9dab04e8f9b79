using HybridCore.Diagnostics.Logs;

namespace HybridCore.Cli;

/// <summary>Runs the library's IIS log analysis for a command: checks the paths first (a missing path or an empty
/// directory is a user error with a clear message), shows a progress bar on a terminal for large inputs, and turns
/// I/O failures into <see cref="CliUserException"/>.</summary>
internal static class LogInputs
{
    /// <summary>
    /// A list of paths takes every token that follows it, so a mistyped option (<c>--jsn</c>) would be read as a file
    /// and reported as missing (exit 1). A token that looks like an option and names no file or directory is a usage
    /// error (exit 2) instead.
    /// </summary>
    /// <summary>
    /// <see cref="Analyze"/> on a thread-pool thread, so the command's action hands its task to System.CommandLine at
    /// once: on Ctrl+C / SIGTERM System.CommandLine cancels the token and waits for that task (forcing exit code 130 if
    /// it does not end within its ProcessTerminationTimeout, 2 s); the analysis sees the token within one read.
    /// </summary>
    public static Task<(LogAnalysisReport Report, IReadOnlyList<string> Files)> AnalyzeAsync(CliConsole console, IReadOnlyList<string> paths, LogAnalysisOptions options, CancellationToken cancellationToken) =>
        Task.Run(() => Analyze(console, paths, options, cancellationToken), cancellationToken);

    public static void RejectUnknownOptions(System.CommandLine.Parsing.SymbolResult result, IReadOnlyList<System.CommandLine.Parsing.Token> tokens)
    {
        foreach (System.CommandLine.Parsing.Token token in tokens)
        {
            string value = token.Value;
            if (value.Length > 1 && value[0] == '-' && !File.Exists(value) && !Directory.Exists(value))
            {
                result.AddError($"Unrecognized command or argument '{value}'.");
            }
        }
    }

    /// <summary>Analyses the logs under <paramref name="paths"/>. Blocking: call it off the invoking thread (see
    /// <see cref="AnalyzeAsync"/>).</summary>
    /// <exception cref="CliUserException">A path does not exist, holds no log file, or cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (Ctrl+C); the
    /// progress bar is erased and every file closed first.</exception>
    /// <returns>The report, and the log files read (full paths, in the order read).</returns>
    public static (LogAnalysisReport Report, IReadOnlyList<string> Files) Analyze(CliConsole console, IReadOnlyList<string> paths, LogAnalysisOptions options, CancellationToken cancellationToken = default)
    {
        foreach (string path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new CliUserException($"No such log file or directory: '{path}'.");
            }
        }

        IReadOnlyList<string> files;
        long bytes = 0;
        try
        {
            var notices = new List<string>();
            files = ActiveSyncLogAnalyzer.ExpandPaths(paths, notices);
            foreach (string notice in notices)
            {
                console.Error.WriteLine("note: " + DisplayText.Escape(notice));
            }

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
            LogAnalysisReport report = ActiveSyncLogAnalyzer.AnalyzePaths(files, options, progress, cancellationToken);
            if (report.Totals.DataLines == 0 && report.Totals.BrokenLines > 0)
            {
                // Lines were read, but not one was a log entry: these are not IIS logs (no #Fields: directive, or
                // nothing that matches it). Reporting each line as broken would bury that.
                throw new CliUserException(
                    $"{(files.Count == 1 ? $"'{DisplayText.Escape(files[0])}' is" : "the inputs are")} not an IIS (W3C extended) log: " +
                    $"{Counted.Of(report.Totals.BrokenLines, "line")} read, none of them a log entry under a '#Fields:' directive. " +
                    "Point the command at the IIS log folders (e.g. C:\\inetpub\\logs\\LogFiles\\W3SVC1).");
            }

            return (report, files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // FileNotFoundException included: a file removed between listing and reading.
            throw new CliUserException($"Cannot read the logs: {e.Message}", e);
        }
        catch (LogAnalysisLimitException e)
        {
            throw new CliUserException(e.Message.Replace("a user or device filter, or raise the limit", "--user or --device, or raise --max-devices", StringComparison.Ordinal), e);
        }
    }
}
