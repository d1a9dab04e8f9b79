using System.Diagnostics;
using HybridCore.Cli.Authentication;

namespace HybridCore.Cli.Tests.HashPassword;

/// <summary>
/// <c>hash-password</c> on a real terminal: a tmux pane (a pseudo-terminal) runs the tool, the test types as a person
/// would and reads the screen. The password must never appear on it. Needs tmux (Debian package, installed by
/// .ci/install-deps) and Linux, so the test project compiles this file only on Linux.
/// </summary>
public sealed class HashPasswordTerminalTests
{
    private const string Password = "Tr0ub4dor-and-3";

    [Fact]
    public async Task OnATerminal_PromptsTwiceWithoutEcho_AndPrintsAHashThatVerifies()
    {
        await using var tmux = await Tmux.StartAsync("hash-password", "--iterations", "1000");
        await tmux.WaitForAsync("Password:");
        await tmux.TypeAsync(Password);
        await tmux.WaitForAsync("Again:");
        await tmux.TypeAsync(Password);
        string screen = await tmux.WaitForAsync("PBKDF2-SHA256$");

        Assert.DoesNotContain(Password, screen, StringComparison.Ordinal);
        string hash = screen.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("PBKDF2-SHA256$", StringComparison.Ordinal));
        Assert.True(PasswordHash.Verify(Password, hash), $"the printed hash does not verify: {hash}");
        Assert.False(PasswordHash.Verify(Password + "x", hash));
    }

    [Fact]
    public async Task OnATerminal_TwoDifferentPasswords_PrintNoHash()
    {
        await using var tmux = await Tmux.StartAsync("hash-password", "--iterations", "1000");
        await tmux.WaitForAsync("Password:");
        await tmux.TypeAsync(Password);
        await tmux.WaitForAsync("Again:");
        await tmux.TypeAsync(Password + "typo");
        string screen = await tmux.WaitForAsync("differ");

        Assert.DoesNotContain("PBKDF2", screen, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, screen, StringComparison.Ordinal);
    }

    /// <summary>A detached tmux session on its own server socket, running the tool in a 250x24 pane (a hash fits on one line).</summary>
    private sealed class Tmux : IAsyncDisposable
    {
        private readonly string socket = $"hybridcore-test-{Guid.NewGuid():N}";

        public static async Task<Tmux> StartAsync(params string[] args)
        {
            var tmux = new Tmux();
            string tool = string.Join(' ', new[] { DotnetHost(), Path.Combine(AppContext.BaseDirectory, "HybridCore.Cli.dll") }.Concat(args).Select(Quote));
            // The shell's sleep keeps the pane (and the tool's last screen) after the tool exits.
            await tmux.RunAsync("new-session", "-d", "-x", "250", "-y", "24", "-s", "t", $"{tool}; sleep 60");
            return tmux;
        }

        public async Task TypeAsync(string text)
        {
            // Give the tool a moment to switch echo off after drawing the prompt, as a person's typing would.
            await Task.Delay(300);
            await RunAsync("send-keys", "-t", "t", "-l", text);
            await RunAsync("send-keys", "-t", "t", "Enter");
        }

        public async Task<string> WaitForAsync(string text)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                string screen = await RunAsync("capture-pane", "-p", "-t", "t");
                if (screen.Contains(text, StringComparison.Ordinal))
                {
                    return screen;
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"'{text}' did not appear on the terminal within 60 s. Screen:\n{screen}");
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await RunAsync("kill-server");
            }
            catch (Xunit.Sdk.XunitException)
            {
                // Already gone.
            }
        }

        private async Task<string> RunAsync(params string[] args)
        {
            var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-L");
            start.ArgumentList.Add(socket);
            foreach (string a in args)
            {
                start.ArgumentList.Add(a);
            }

            using Process p = Process.Start(start)!;
            Task<string> output = p.StandardOutput.ReadToEndAsync();
            string error = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, $"tmux {string.Join(' ', args)} failed ({p.ExitCode}): {error}");
            return await output;
        }

        private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

        private static string DotnetHost() =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
    }
}
