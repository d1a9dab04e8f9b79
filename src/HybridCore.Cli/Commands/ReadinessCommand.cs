using System.CommandLine;
using System.Globalization;
using System.Text;
using HybridCore.Diagnostics.Logs;
using HybridCore.Diagnostics.Readiness;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli.Commands;

/// <summary><c>hybridcore readiness</c>: the readiness checks of HybridCore.Diagnostics over the directory, the server
/// inventory and (optionally) the IIS logs, with an exit code for CI: 1 when any error-severity finding exists.</summary>
internal static class ReadinessCommand
{
    /// <summary>The <c>sources</c> entry of the directory input when no <c>--directory</c> is given.</summary>
    internal const string EmbeddedDirectorySource = "embedded:demo-directory.json";

    public static Command Create(CliConsole console)
    {
        var directory = new Option<FileInfo?>("--directory", "-d")
        {
            Description = "Directory file (organization relationships and recipients; a front-door file's 'passwords' are ignored). Default: the embedded demo lab.",
        };
        var servers = new Option<FileInfo?>("--servers", "-s")
        {
            Description = "Server inventory CSV: Get-ExchangeServer | Select-Object Name,AdminDisplayVersion,ServerRole | Export-Csv servers.csv -NoTypeInformation. Without it the server checks are skipped.",
        };
        var logs = new Option<string[]>("--logs")
        {
            Description = "IIS log files or directories (plain or gzip): adds the devices stuck with UserHasNoMailbox, unable to follow a 451, or redirected below EAS 16.1.",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        logs.Validators.Add(r => LogInputs.RejectUnknownOptions(r, r.Tokens));
        var modernAuth = new Option<bool>("--hybrid-modern-auth")
        {
            Description = "Outlook for iOS and Android uses (or will use) hybrid modern authentication: its server requirements become errors instead of warnings.",
        };
        var html = HtmlOutput.CreateOption();
        var json = new Option<bool>("--json") { Description = "Write JSON: { errors, warnings, inputs: [ { kind, checked, sources, files, counts } ], findings: [ { severity, code, objects, message, remedy } ] }." };

        var command = new Command(
            "readiness",
            "Check that a hybrid deployment can redirect ActiveSync devices: organization relationships and remote mailboxes, " +
            "Exchange server builds, and (with --logs) the devices in the IIS logs. Exit code 1 when any error-severity finding " +
            "exists, 0 otherwise: use it as a CI gate.");
        command.Options.Add(directory);
        command.Options.Add(servers);
        command.Options.Add(logs);
        command.Options.Add(modernAuth);
        command.Options.Add(json);
        command.Options.Add(html);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var findings = new List<ReadinessFinding>();

            // What was checked: listed in the JSON ("inputs") and, one line each, above the text report.
            var inputs = new List<ReadinessInput>();
            var checkedInputs = new List<string>();
            LogAnalysisReport? logReport = null;
            IReadOnlyList<string> logFilesRead = [];

            FileInfo? directoryFile = parse.GetValue(directory);
            (DirectoryDocument document, string source) = DirectoryLoader.LoadDocument(directoryFile);
            findings.AddRange(DirectoryChecks.Check(document));
            ReadinessInput directoryInput = ReadinessInput.ForDirectory(document, directoryFile?.FullName ?? EmbeddedDirectorySource, directoryFile?.FullName);
            inputs.Add(directoryInput);
            checkedInputs.Add(string.Create(CultureInfo.InvariantCulture, $"directory  {source}: {Counted.Of(directoryInput.GetCount("relationships"), "relationship")}, {Counted.Of(directoryInput.GetCount("recipients"), "recipient")}"));

            if (parse.GetValue(servers) is { } serverFile)
            {
                ServerInventory inventory = ReadInventory(serverFile);
                findings.AddRange(ReadinessChecks.CheckServers(inventory, options: new ServerCheckOptions { HybridModernAuthForOutlookMobile = parse.GetValue(modernAuth) }));
                ReadinessInput serversInput = ReadinessInput.ForServers(inventory, serverFile.FullName);
                inputs.Add(serversInput);
                checkedInputs.Add(string.Create(CultureInfo.InvariantCulture, $"servers    {serverFile.FullName}: {Counted.Of(serversInput.GetCount("servers"), "server")}, {Counted.Of(serversInput.GetCount("unreadableLines"), "unreadable line")}"));
            }
            else
            {
                inputs.Add(ReadinessInput.NotChecked(ReadinessInputKind.Servers));
                checkedInputs.Add("servers    not checked (no --servers)");
            }

            if (parse.GetValue(logs) is { Length: > 0 } logPaths)
            {
                (LogAnalysisReport report, IReadOnlyList<string> logFiles) = await LogInputs.AnalyzeAsync(console, logPaths, new LogAnalysisOptions(), cancellationToken).ConfigureAwait(false);
                // With a directory that loads, each redirected device is checked against its own
                // relationship's minimum EAS version; otherwise against Exchange Online's floor.
                DirectorySnapshot? snapshot = DirectorySnapshot.TryLoad(document, strict: false, out DirectorySnapshot? s, out _) ? s : null;
                findings.AddRange(ReadinessChecks.CheckLogReport(report, snapshot));
                (logReport, logFilesRead) = (report, logFiles);
                ReadinessInput logsInput = ReadinessInput.ForLogs(report, logPaths.Select(Path.GetFullPath), logFiles);
                inputs.Add(logsInput);
                checkedInputs.Add(string.Create(CultureInfo.InvariantCulture, $"logs       {Counted.Of(logsInput.GetCount("files"), "file")}: {Counted.Of(logsInput.GetCount("activeSyncRequests"), "ActiveSync request")}, {Counted.Of(logsInput.GetCount("devices"), "device")}, {Counted.Of(logsInput.GetCount("brokenLines"), "broken line")}"));
            }
            else
            {
                inputs.Add(ReadinessInput.NotChecked(ReadinessInputKind.Logs));
                checkedInputs.Add("logs       not checked (no --logs)");
            }

            var readiness = new ReadinessReport(findings, inputs);
            if (parse.GetValue(html) is { } htmlFile)
            {
                HtmlOutput.Write(console, htmlFile, w => HybridCore.Reports.HtmlReportWriter.WriteReadinessReport(
                    readiness, w, new HybridCore.Reports.HtmlReportOptions { GeneratedAt = DateTimeOffset.UtcNow, InputFiles = logFilesRead }, logReport));
            }

            if (parse.GetValue(json))
            {
                using var buffer = new MemoryStream();
                readiness.WriteJson(buffer);
                console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else
            {
                WriteText(console, readiness, checkedInputs);
            }

            return readiness.ExitCode;
        });
        return command;
    }

    private static ServerInventory ReadInventory(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliUserException($"The server inventory '{file.FullName}' does not exist.");
        }

        ServerInventory inventory;
        try
        {
            using StreamReader reader = file.OpenText();
            inventory = ServerInventory.Parse(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUserException($"Cannot read '{file.FullName}': {e.Message}", e);
        }

        if (inventory.Servers.Count == 0 && inventory.Problems.Count == 0)
        {
            throw new CliUserException(
                $"The server inventory '{file.FullName}' lists no servers. Expected a CSV with a header such as Name,AdminDisplayVersion,ServerRole " +
                "(Get-ExchangeServer | Select-Object Name,AdminDisplayVersion,ServerRole | Export-Csv servers.csv -NoTypeInformation).");
        }

        return inventory;
    }

    /// <summary>The library's text, with the severity words coloured when colours are on, after a line saying what was checked.</summary>
    private static void WriteText(CliConsole console, ReadinessReport readiness, List<string> checkedInputs)
    {
        foreach (string input in checkedInputs)
        {
            console.Out.WriteLine(DisplayText.Escape(input));
        }

        console.Out.WriteLine();
        var text = new StringWriter(CultureInfo.InvariantCulture);
        readiness.WriteTable(text);
        foreach (string line in text.ToString().Split(text.NewLine))
        {
            if (line.Length == 0)
            {
                continue;
            }

            console.Out.WriteLine(Colour(console, line));
        }

        if (readiness.Findings.Count == 0)
        {
            console.Out.WriteLine("No findings.");
        }
    }

    private static string Colour(CliConsole console, string line)
    {
        foreach ((string word, CliConsole.Color color) in new[] { ("ERROR", CliConsole.Color.Red), ("WARNING", CliConsole.Color.Yellow), ("INFO", CliConsole.Color.Green) })
        {
            if (line.StartsWith(word + " ", StringComparison.Ordinal))
            {
                return console.Style(word, color) + line[word.Length..];
            }
        }

        return line;
    }
}
