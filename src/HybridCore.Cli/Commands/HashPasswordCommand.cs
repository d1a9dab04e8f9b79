using System.CommandLine;
using HybridCore.Cli.Authentication;

namespace HybridCore.Cli.Commands;

/// <summary><c>hybridcore hash-password</c>: makes a password hash for a directory file's <c>passwords</c>.</summary>
internal static class HashPasswordCommand
{
    public static Command Create(CliConsole console)
    {
        var iterations = new Option<int>("--iterations")
        {
            Description = $"PBKDF2 iterations ({PasswordHash.MinIterations}..{PasswordHash.MaxIterations}).",
            DefaultValueFactory = _ => PasswordHash.DefaultIterations,
        };
        iterations.Validators.Add(r =>
        {
            int v = r.GetValueOrDefault<int>();
            if (v is < PasswordHash.MinIterations or > PasswordHash.MaxIterations)
            {
                r.AddError($"--iterations must be between {PasswordHash.MinIterations} and {PasswordHash.MaxIterations}.");
            }
        });

        var command = new Command(
            "hash-password",
            "Print the PBKDF2-SHA256 hash of a password for the 'passwords' section of a directory file. On a terminal it " +
            "prompts twice without echo; otherwise it reads one line of standard input.");
        command.Options.Add(iterations);
        command.SetAction(parse =>
        {
            string? password;
            if (console.ReadSecretFromTerminal is { } readSecret)
            {
                password = readSecret("Password: ");
                if (string.IsNullOrEmpty(password))
                {
                    throw new CliUserException("No password entered.");
                }

                if (readSecret("Again: ") != password)
                {
                    throw new CliUserException("The two passwords differ; nothing was printed.");
                }
            }
            else
            {
                using var reader = new StreamReader(console.OpenInput());
                password = reader.ReadLine();
                if (string.IsNullOrEmpty(password))
                {
                    throw new CliUserException("No password on standard input. Example: echo 'P@ssw0rd-demo' | hybridcore hash-password");
                }
            }

            console.Out.WriteLine(PasswordHash.Create(password, parse.GetValue(iterations)));
            return ExitCodes.Ok;
        });
        return command;
    }
}
