using System.Diagnostics;

namespace HybridCore.Cli.Tests;

/// <summary>
/// Every <c>hybridcore</c> command line that README.md, docs/ and examples/README.md show runs as written, from the
/// repository root, against the files in examples/: through bash (pipes and quotes as a person types them), with
/// <c>hybridcore</c> on the PATH. A command must exit 0; <c>readiness</c> may exit 1 (its documented "some finding is
/// an error"). Lines with a placeholder (<c>&lt;…&gt;</c>, <c>…</c>) and <c>serve</c> (it runs until stopped; the serve
/// tests start it) are not run. Needs bash, so the test project compiles this file only on Linux.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DocumentedCommandTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "documented");

    public static TheoryData<string, int, string> Commands()
    {
        var data = new TheoryData<string, int, string>();
        foreach ((string file, int line, string command) in ReadCommands())
        {
            data.Add(file, line, command);
        }

        return data;
    }

    /// <summary>The command lines in the fenced blocks that are not C#: (file, line, command as typed).</summary>
    internal static IEnumerable<(string File, int Line, string Command)> ReadCommands()
    {
        foreach (string path in Directory.EnumerateFiles(Path.Combine(Root, "markdown"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(Path.Combine(Root, "markdown"), path).Replace('\\', '/');
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                string fence = lines[i].Trim();
                if (!fence.StartsWith("```", StringComparison.Ordinal))
                {
                    continue;
                }

                int end = Array.FindIndex(lines, i + 1, l => l.Trim().StartsWith("```", StringComparison.Ordinal));
                if (end < 0)
                {
                    break;
                }

                bool shell = fence is "```" or "```bash" or "```sh" or "```shell" or "```console";
                // A block that reads a domain controller (--ldap) goes together: its other lines use what it exported.
                bool needsDirectoryServer = lines[(i + 1)..end].Any(l => l.Contains("--ldap ", StringComparison.Ordinal));
                if (shell && !needsDirectoryServer)
                {
                    for (int j = i + 1; j < end; j++)
                    {
                        string text = lines[j].Trim();
                        string command = StripComment(text.StartsWith("$ ", StringComparison.Ordinal) ? text[2..] : text);
                        if (!command.Contains("hybridcore ", StringComparison.Ordinal) || command.StartsWith("dotnet ", StringComparison.Ordinal)
                            || command.Contains('<', StringComparison.Ordinal) && !command.Contains(" < examples/", StringComparison.Ordinal)
                            || command.Contains('…', StringComparison.Ordinal)
                            || command.Contains("hybridcore serve", StringComparison.Ordinal) || command.StartsWith("run: ", StringComparison.Ordinal))
                        {
                            continue;
                        }

                        yield return (relative, j + 1, command);
                    }
                }

                i = end;
            }
        }
    }

    /// <summary>Drops a trailing <c># comment</c> (a <c>#</c> after white space, outside quotes).</summary>
    private static string StripComment(string line)
    {
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && i > 0 && char.IsWhiteSpace(line[i - 1]))
            {
                return line[..i].TrimEnd();
            }
        }

        return line.TrimEnd();
    }

    [Fact]
    public void TheDocsShowCommandsThatUseTheExamples()
    {
        var commands = ReadCommands().ToList();
        Assert.True(commands.Count >= 20, $"found {commands.Count} documented command lines");
        Assert.Contains(commands, c => c.Command.Contains("examples/lab.json", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Command.Contains("examples/logs", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Command.Contains("examples/servers.csv", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task DocumentedCommand_RunsAsWritten(string file, int line, string command)
    {
        (int exit, string output, string error) = await RunAsync(command);

        bool readiness = command.Contains("hybridcore readiness", StringComparison.Ordinal);
        Assert.True(
            exit == 0 || (readiness && exit == 1),
            $"{file}:{line}: '{command}' exited {exit}.\nstdout:\n{Tail(output)}\nstderr:\n{Tail(error)}");
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SeesFailures()
    {
        // The check is not vacuous: a missing file and an unknown option fail.
        Assert.Equal(1, (await RunAsync("hybridcore logs analyze examples/no-such-dir/")).Exit);
        Assert.Equal(2, (await RunAsync("hybridcore resolve --no-such-option")).Exit);
    }

    private static string Tail(string s) => s.Length <= 3000 ? s : "…" + s[^3000..];

    private static async Task<(int Exit, string Out, string Err)> RunAsync(string command)
    {
        // A 'hybridcore' on the PATH that runs this build of the tool.
        string bin = Path.Combine(Root, "bin");
        string shim = Path.Combine(bin, "hybridcore");
        if (!File.Exists(shim))
        {
            Directory.CreateDirectory(bin);
            string temp = shim + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temp, $"#!/bin/sh\nexec '{DotnetHost()}' '{Path.Combine(AppContext.BaseDirectory, "HybridCore.Cli.dll")}' \"$@\"\n");
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.Move(temp, shim, overwrite: true);
        }

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = Root };
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add("pipefail");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["NO_COLOR"] = "1";
        using Process p = Process.Start(start)!;
        p.StandardInput.Close();
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        Task<string> error = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await output, await error);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
}
