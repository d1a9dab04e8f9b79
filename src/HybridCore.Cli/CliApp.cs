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

    /// <summary>Parses and runs. Exit codes: 0 ok, 1 user error (message on stderr), 2 usage error.</summary>
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
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
