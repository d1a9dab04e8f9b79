namespace HybridCore.Cli;

/// <summary>Where a command reads and writes, so that tests can run commands in-process.</summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, Func<Stream> openInput, bool outputIsTerminal, bool colors)
    {
        Out = output;
        Error = error;
        OpenInput = openInput;
        OutputIsTerminal = outputIsTerminal;
        Colors = colors;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Opens standard input (for <c>-</c> file arguments).</summary>
    public Func<Stream> OpenInput { get; }

    /// <summary>Whether standard output is a terminal (binary output is written as hex there).</summary>
    public bool OutputIsTerminal { get; }

    /// <summary>Whether to colour output: only on a terminal, and never with NO_COLOR set or TERM=dumb (https://no-color.org).</summary>
    public bool Colors { get; }

    /// <summary>Whether standard error is a terminal: progress indicators are drawn there, and only then.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Inputs at least this large (bytes on disk) get a progress indicator on a terminal (default 64 MiB).</summary>
    public long ProgressThresholdBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Reads a secret from the terminal without echoing it (the prompt goes to standard error), or null when
    /// standard input is not a terminal (then commands read it as a line of standard input, for scripts).</summary>
    public Func<string, string?>? ReadSecretFromTerminal { get; init; }

    /// <summary>Raw standard output for binary data, or null when output is a <see cref="TextWriter"/> only.</summary>
    public Func<Stream>? OpenBinaryOutput { get; init; }

    public static CliConsole FromSystemConsole()
    {
        bool terminal = !Console.IsOutputRedirected;
        bool colors = terminal && !Console.IsErrorRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        return new CliConsole(Console.Out, Console.Error, Console.OpenStandardInput, terminal, colors)
        {
            OpenBinaryOutput = Console.OpenStandardOutput,
            ErrorIsTerminal = !Console.IsErrorRedirected,
            ReadSecretFromTerminal = Console.IsInputRedirected ? null : ReadSecret,
        };
    }

    /// <summary>Prompts on standard error and reads one line from the terminal with echo off (Backspace edits, Enter
    /// ends, Ctrl+C cancels). Null when the input ends first.</summary>
    private static string? ReadSecret(string prompt)
    {
        Console.Error.Write(prompt);
        var secret = new System.Text.StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Error.WriteLine();
                    return secret.ToString();
                case ConsoleKey.Backspace:
                    if (secret.Length > 0)
                    {
                        secret.Length--;
                    }

                    break;
                default:
                    if (key.Modifiers == ConsoleModifiers.Control && key.Key is ConsoleKey.C or ConsoleKey.D)
                    {
                        Console.Error.WriteLine();
                        return key.Key == ConsoleKey.D && secret.Length > 0 ? secret.ToString() : null;
                    }

                    if (!char.IsControl(key.KeyChar))
                    {
                        secret.Append(key.KeyChar);
                    }

                    break;
            }
        }
    }

    public static CliConsole ForTest(TextWriter output, TextWriter error, byte[]? input = null) =>
        new(output, error, () => new MemoryStream(input ?? []), outputIsTerminal: false, colors: false);

    public string Style(string text, Color color) => Colors ? $"\u001b[{(int)color}m{text}\u001b[0m" : text;

    public void WriteError(string message) => Error.WriteLine(Style("error: ", Color.Red) + message);

    public enum Color
    {
        Red = 31,
        Green = 32,
        Yellow = 33,
        Cyan = 36,
        Bold = 1,
    }
}

/// <summary>A problem with what the user asked for (a missing file, an invalid value): exit code 1 with the message.</summary>
internal sealed class CliUserException : Exception
{
    public CliUserException(string message)
        : base(message)
    {
    }

    public CliUserException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliUserException()
    {
    }
}

/// <summary>The exit codes of every command.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The user asked for something that cannot be done (bad file, bad value, unknown user); the message says what.</summary>
    public const int UserError = 1;

    /// <summary>The command line itself is wrong (unknown option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>The command was interrupted (Ctrl+C, SIGINT or SIGTERM) before it finished and wrote no report:
    /// 128 + SIGINT (2), what shells report for a process ended by Ctrl+C and what System.CommandLine returns when
    /// an action does not stop in time. (<c>serve</c> is stopped by Ctrl+C as its normal end and exits 0.)</summary>
    public const int Interrupted = 130;
}
