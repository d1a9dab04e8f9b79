using System.Text;

namespace HybridCore.Cli.Tests;

/// <summary>Runs the command tree in-process with captured output.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string[] args, string? stdin = null, byte[]? stdinBytes = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        CliConsole console = CliConsole.ForTest(output, error, stdinBytes ?? (stdin is null ? null : Encoding.UTF8.GetBytes(stdin)));
        int exit = await CliApp.RunAsync(args, console);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs with a console the test builds (terminal flags, colours), given the writers it must use.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string[] args, Func<TextWriter, TextWriter, CliConsole> console)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CliApp.RunAsync(args, console(output, error));
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs with the given console and token (cancelling it is what Ctrl+C does to the running command).</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken) =>
        CliApp.RunAsync(args, console, cancellationToken);

    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "hybridcore-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static string TempFile(string contents, string extension = ".json")
    {
        string path = Path.Combine(Path.GetTempPath(), "hybridcore-test-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, contents);
        return path;
    }
}
