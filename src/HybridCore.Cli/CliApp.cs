using System.CommandLine;
using HybridCore.Cli.Commands;

namespace HybridCore.Cli;

/// <summary>
/// The <c>hybridcore</c> command tree. Each command group is a factory in <see cref="CommandFactories"/>;
/// the diagnostics commands (<c>logs</c>, <c>readiness</c>) plug in by adding their factory there.
/// </summary>
internal static class CliApp
{
    /// <summary>The command groups, in help order. Add a factory here to add a top-level command.</summary>
    public static readonly IReadOnlyList<Func<CliConsole, Command>> CommandFactories =
    [
        ServeCommand.Create,
        ResolveCommand.Create,
        QueryCommand.Create,
        WbxmlCommand.Create,
        HashPasswordCommand.Create,
        LogsCommand.Create,
        ReadinessCommand.Create,
        DirectoryCommand.Create,
    ];

    public static RootCommand CreateRootCommand(CliConsole console, IEnumerable<Func<CliConsole, Command>>? extraCommands = null)
    {
        var root = new RootCommand(
            "HybridCore: the on-premises front door of an Exchange hybrid deployment. Redirects ActiveSync and Autodiscover " +
            "clients of mailboxes moved to Office 365, explains what each user gets, decodes ActiveSync query strings and WBXML, " +
            "analyses IIS logs for redirects and UserHasNoMailbox, and checks a deployment's readiness.");
        foreach (Func<CliConsole, Command> factory in CommandFactories.Concat(extraCommands ?? []))
        {
            root.Subcommands.Add(factory(console));
        }

        return root;
    }

    /// <summary>Parses and runs. Exit codes: 0 ok, 1 user error (message on stderr), 2 usage error, 130 interrupted
    /// (message on stderr).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">Where to read and write.</param>
    /// <param name="cancellationToken">Stops the command as Ctrl+C does (System.CommandLine links it with the
    /// process-termination signals into the token each action receives).</param>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        RootCommand root = CreateRootCommand(console);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
            {
                console.WriteError(error.Message);
            }

            string path = string.Join(' ', parsed.CommandResult.Command is RootCommand ? [] : CommandPath(parsed.CommandResult));
            console.Error.WriteLine($"Run 'hybridcore {(path.Length > 0 ? path + " " : string.Empty)}--help' for usage.");
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
        };

        try
        {
            return await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUserException e)
        {
            console.WriteError(e.Message);
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C / SIGINT / SIGTERM (or the caller's token): System.CommandLine cancelled the action's token and the
            // command stopped at its next check. Commands write their report only at the end, so nothing partial was
            // written to standard output. (serve handles its own stop and returns 0.)
            string path = string.Join(' ', CommandPath(parsed.CommandResult));
            console.WriteError($"interrupted: 'hybridcore {path}' stopped before it finished; no report was written.");
            return ExitCodes.Interrupted;
        }
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is System.CommandLine.Parsing.CommandResult c && c.Command is not RootCommand; r = r.Parent)
        {
            names.Push(c.Command.Name);
        }

        return names;
    }
}
