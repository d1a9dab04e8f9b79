using System.CommandLine;
using System.Globalization;
using System.Text;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Cli.Commands;

/// <summary><c>hybridcore logs analyze</c>: who is redirected, who is stuck with UserHasNoMailbox, and why, from IIS logs
/// (HybridCore.Diagnostics' streaming reader and analyser; docs/diagnostics.md).</summary>
internal static class LogsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("logs", "Analyse the IIS logs of an Exchange front end for ActiveSync redirects and UserHasNoMailbox.");
        command.Subcommands.Add(CreateAnalyze(console));
        command.Subcommands.Add(CreateExport(console));
        return command;
    }

    private static Command CreateAnalyze(CliConsole console)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "IIS log files (plain or gzip) and directories (searched recursively for *.log and *.gz).",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.Validators.Add(r => LogInputs.RejectUnknownOptions(r, r.Tokens));
        var user = new Option<string?>("--user", "-u") { Description = "Keep only users whose name contains this text (case-insensitive)." };
        var device = new Option<string?>("--device") { Description = "Keep only devices whose id or type contains this text (case-insensitive)." };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON (totals, devices, broken lines)." };
        var csv = new Option<bool>("--csv") { Description = "Write one CSV row per device (RFC 4180)." };
        var html = HtmlOutput.CreateOption();
        var threads = CreateThreadsOption();
        var top = new Option<int?>("--top") { Description = "Show only the first N devices (worst first); the totals still cover every device." };
        top.Validators.Add(r =>
        {
            // Only a number below 1 is checked here; a value that is not a number already has the parser's error.
            if (r.Tokens is [var token] && int.TryParse(token.Value, System.Globalization.NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n < 1)
            {
                r.AddError("--top must be 1 or more.");
            }
        });

        var maxDevices = new Option<int>("--max-devices")
        {
            Description = $"Stop with an error after this many distinct user/device pairs (memory grows about 800 bytes with each; default {LogAnalysisOptions.DefaultMaxDevices}).",
            DefaultValueFactory = _ => LogAnalysisOptions.DefaultMaxDevices,
        };
        maxDevices.Validators.Add(r =>
        {
            if (r.Tokens is [var token] && int.TryParse(token.Value, System.Globalization.NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n < 1)
            {
                r.AddError("--max-devices must be 1 or more.");
            }
        });

        var command = new Command(
            "analyze",
            "Report every user and device in IIS logs: requests, last and worst outcome (served, redirected with 451 and where, " +
            "UserHasNoMailbox, 401, other errors), device type and EAS version, whether it can follow a 451, first/last seen; plus totals " +
            "and broken lines.");
        command.Arguments.Add(paths);
        command.Options.Add(user);
        command.Options.Add(device);
        command.Options.Add(json);
        command.Options.Add(csv);
        command.Options.Add(top);
        command.Options.Add(html);
        command.Options.Add(threads);
        command.Options.Add(maxDevices);
        command.Validators.Add(r =>
        {
            if (r.GetValue(json) && r.GetValue(csv))
            {
                r.AddError("--json and --csv cannot be used together.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LogAnalysisOptions
            {
                UserFilter = NullIfEmpty(parse.GetValue(user)),
                DeviceFilter = NullIfEmpty(parse.GetValue(device)),
                Threads = parse.GetValue(threads),
                MaxDevices = parse.GetValue(maxDevices),
            };
            // Ctrl+C cancels the token: the analysis stops within one read and CliApp reports it (exit code 130).
            (LogAnalysisReport full, IReadOnlyList<string> files) = await LogInputs.AnalyzeAsync(console, parse.GetValue(paths)!, options, cancellationToken).ConfigureAwait(false);
            LogAnalysisReport report = parse.GetValue(top) is int n && n < full.Devices.Count
                ? full with { Devices = full.Devices.Take(n).ToArray() }
                : full;

            if (parse.GetValue(html) is { } htmlFile)
            {
                // From the same report (the logs are read once); the page bounds its own tables, so it gets every device.
                HtmlOutput.Write(console, htmlFile, w => HybridCore.Reports.HtmlReportWriter.WriteLogReport(
                    full, w, new HybridCore.Reports.HtmlReportOptions { GeneratedAt = DateTimeOffset.UtcNow, InputFiles = files }));
            }

            if (parse.GetValue(json))
            {
                using var buffer = new MemoryStream();
                LogReportWriter.WriteJson(report, buffer);
                console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else if (parse.GetValue(csv))
            {
                LogReportWriter.WriteCsv(report, console.Out);
                if (report.Totals.BrokenLines > 0)
                {
                    // CSV has rows only: say on stderr that lines were skipped, so a script's log shows it.
                    console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"note: {Counted.Of(report.Totals.BrokenLines, "broken line")} skipped ({BrokenSummary(report)})."));
                }
            }
            else
            {
                WriteTable(console, report, full.Devices.Count, options);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<int?> CreateThreadsOption()
    {
        var threads = new Option<int?>("--threads") { Description = "Threads that read the logs (default: every core). Files are read in parallel and large files in chunks; the report is the same for any number." };
        threads.Validators.Add(r =>
        {
            if (r.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n < 1)
            {
                r.AddError("--threads must be 1 or more.");
            }
        });
        return threads;
    }

    private static Command CreateExport(CliConsole console)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "IIS log files (plain or gzip) and directories (searched recursively for *.log and *.gz).",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.Validators.Add(r => LogInputs.RejectUnknownOptions(r, r.Tokens));
        var parquet = new Option<string>("--parquet") { Description = "The Parquet file to write (a folder with --partition-by-date).", Required = true };
        var partition = new Option<bool>("--partition-by-date") { Description = "Write one file per day in Hive-style folders: OUT/date=yyyy-MM-dd/part-0.parquet." };
        var rowGroup = new Option<int?>("--row-group-rows") { Description = "Rows per row group (default 1048576)." };
        rowGroup.Validators.Add(r =>
        {
            if (r.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n < 1)
            {
                r.AddError("--row-group-rows must be 1 or more.");
            }
        });
        var command = new Command(
            "export",
            "Write one Parquet row per ActiveSync request (time, server, client, user, device, command, version, status, outcome, " +
            "redirect, error, exception, user agent, time taken) for DuckDB, Spark, Azure Data Explorer or Trino; schema and queries in docs/parquet-export.md.");
        command.Arguments.Add(paths);
        command.Options.Add(parquet);
        command.Options.Add(partition);
        command.Options.Add(rowGroup);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] inputs = parse.GetValue(paths)!;
            foreach (string path in inputs)
            {
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    throw new CliUserException($"No such log file or directory: '{path}'.");
                }
            }

            var options = new ParquetExportOptions
            {
                PartitionByDate = parse.GetValue(partition),
                RowGroupRows = parse.GetValue(rowGroup) ?? new ParquetExportOptions().RowGroupRows,
            };
            ParquetExportResult result;
            try
            {
                result = await Task.Run(() => ActiveSyncParquetExporter.ExportAsync(inputs, parse.GetValue(parquet)!, options, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUserException($"Cannot export the logs: {e.Message}", e);
            }

            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Rows} ActiveSync requests from {result.BytesRead} bytes of logs written to {result.Files.Count} Parquet file(s), {result.BytesWritten} bytes:"));
            foreach (string file in result.Files)
            {
                console.Out.WriteLine("  " + file);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string BrokenSummary(LogAnalysisReport report) =>
        string.Join(", ", report.BrokenLinesByReason.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: {kv.Value}")));

    /// <summary>The library's table, with rows coloured by their last outcome when colours are on.</summary>
    private static void WriteTable(CliConsole console, LogAnalysisReport report, int allDevices, LogAnalysisOptions options)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        LogReportWriter.WriteTable(report, text);
        string[] lines = text.ToString().Split(text.NewLine);
        if (lines.Length > 0 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        // The table is a header, one line per device, a blank line, then the totals. If a value ever spanned lines,
        // the rows no longer line up with the devices: print without colour rather than colour the wrong rows.
        bool colour = console.Colors && lines.Length > report.Devices.Count + 1 && lines[report.Devices.Count + 1].Length == 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (colour && i == 0)
            {
                line = console.Style(line, CliConsole.Color.Bold);
            }
            else if (colour && i <= report.Devices.Count && RowColor(report.Devices[i - 1].LastOutcome) is { } c)
            {
                line = console.Style(line, c);
            }

            console.Out.WriteLine(line);
        }

        // Under --user/--device the admin is looking at a few devices: show the exception Exchange logged for each,
        // decoded from ExStk (e.g. AirSyncPermanentException: UserHasNoMailbox).
        if ((options.UserFilter is not null || options.DeviceFilter is not null) && report.Devices.Any(d => d.LastException is not null))
        {
            console.Out.WriteLine();
            console.Out.WriteLine("Exceptions logged by Exchange (decoded from ExStk):");
            var exceptions = new StringWriter(CultureInfo.InvariantCulture);
            LogReportWriter.WriteExceptions(report, exceptions);
            console.Out.Write(exceptions.ToString());
        }

        if (report.Devices.Count < allDevices)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Showing the first {report.Devices.Count} of {allDevices} devices (--top); the totals cover them all."));
        }

        if (report.Totals.ActiveSyncLines == 0)
        {
            console.Out.WriteLine("No ActiveSync requests (/Microsoft-Server-ActiveSync) in these logs.");
        }
        else if (allDevices == 0 && (options.UserFilter is not null || options.DeviceFilter is not null))
        {
            console.Out.WriteLine("No device matches --user/--device.");
        }
    }

    private static CliConsole.Color? RowColor(ActiveSyncOutcome last) => last switch
    {
        ActiveSyncOutcome.UserHasNoMailbox => CliConsole.Color.Red,
        ActiveSyncOutcome.AuthFailure or ActiveSyncOutcome.OtherError => CliConsole.Color.Yellow,
        ActiveSyncOutcome.Redirected => CliConsole.Color.Cyan,
        _ => null,
    };
}
