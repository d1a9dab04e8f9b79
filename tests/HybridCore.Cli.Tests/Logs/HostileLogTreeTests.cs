using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace HybridCore.Cli.Tests.Logs;

/// <summary><c>logs analyze</c> on trees and files made to hang or exhaust it.</summary>
public sealed class HostileLogTreeTests
{
    private const string Log =
        "#Fields: date time cs-method cs-uri-stem cs-uri-query cs-username sc-status\n" +
        "2026-01-05 10:00:00 POST /Microsoft-Server-ActiveSync Cmd=Sync&User=a&DeviceId=D1&DeviceType=T - 200\n" +
        "2026-01-05 10:00:01 POST /Microsoft-Server-ActiveSync Cmd=Sync&User=b&DeviceId=D2&DeviceType=T - 200\n";

    private static async Task<(int Exit, string Out, string Err)> RunBoundedAsync(params string[] args)
    {
        // Bounded: before the fix these hung (a FIFO) or ran until memory ran out (a symlink cycle).
        Task<(int, string, string)> run = Task.Run(() => CliRunner.RunAsync(args));
        return await run.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task SymlinkCycle_IsWalkedOnceWithANotice()
    {
        string dir = CliRunner.TempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "u_ex260105.log"), Log);
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            Directory.CreateSymbolicLink(Path.Combine(dir, "sub", "loop"), dir);

            var (exit, output, error) = await RunBoundedAsync("logs", "analyze", dir, "--json");

            Assert.True(exit == ExitCodes.Ok, error);
            Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("totals").GetProperty("activeSyncLines").GetInt64());
            Assert.Contains("symbolic link cycle", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Fifo_IsSkippedWithANotice_InADirectoryAndAsAnArgument()
    {
        string dir = CliRunner.TempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "u_ex260105.log"), Log);
            string fifo = Path.Combine(dir, "x.log");
            using (Process mkfifo = Process.Start("mkfifo", [fifo])!)
            {
                await mkfifo.WaitForExitAsync();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            var (exit, output, error) = await RunBoundedAsync("logs", "analyze", dir, fifo, "--json");

            Assert.True(exit == ExitCodes.Ok, error);
            Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("totals").GetProperty("activeSyncLines").GetInt64());
            Assert.Contains($"skipped '{fifo}': empty, or not a regular file", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(8)]     // the trailer is gone: every line is there, the end is not proven
    [InlineData(-1)]    // cut in the middle of the deflate data
    public async Task TruncatedGzip_IsReportedAsAnUnreadableInput(int cut)
    {
        var text = new System.Text.StringBuilder("#Fields: date time cs-method cs-uri-stem cs-uri-query cs-username sc-status\n");
        for (int i = 0; i < 5000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"2026-01-05 10:00:00 POST /Microsoft-Server-ActiveSync Cmd=Sync&User=u{i % 97}&DeviceId=D{i}&DeviceType=T - 200\n");
        }

        using var full = new MemoryStream();
        using (var gz = new GZipStream(full, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        }

        byte[] bytes = full.ToArray();
        string path = CliRunner.TempFile(string.Empty, ".log.gz");
        File.WriteAllBytes(path, bytes.AsSpan(0, cut > 0 ? bytes.Length - cut : bytes.Length / 2).ToArray());
        string whole = CliRunner.TempFile(string.Empty, ".log.gz");
        File.WriteAllBytes(whole, bytes);

        var (exit, output, error) = await RunBoundedAsync("logs", "analyze", path, "--json");
        var (_, wholeOutput, _) = await RunBoundedAsync("logs", "analyze", whole, "--json");

        Assert.True(exit == ExitCodes.Ok, error);
        JsonElement broken = JsonDocument.Parse(output).RootElement.GetProperty("totals").GetProperty("brokenLinesByReason");
        Assert.Equal(1, broken.GetProperty("unreadableInput").GetInt64());
        Assert.False(JsonDocument.Parse(wholeOutput).RootElement.GetProperty("totals").GetProperty("brokenLinesByReason").TryGetProperty("unreadableInput", out _));
    }

    [Fact]
    public async Task MaxDevices_Exceeded_IsAClearUserError()
    {
        string path = CliRunner.TempFile(Log, ".log");

        var (exit, _, error) = await RunBoundedAsync("logs", "analyze", path, "--max-devices", "1");
        var (ok, _, _) = await RunBoundedAsync("logs", "analyze", path, "--max-devices", "2");

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("more than 1 distinct user/device pairs", error, StringComparison.Ordinal);
        Assert.Contains("--max-devices", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, ok);
    }
}
