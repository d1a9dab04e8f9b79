using System.Globalization;
using System.Text.Json;
using HybridCore.Cli.Tests.Logs;

namespace HybridCore.Cli.Tests.Readiness;

/// <summary><c>readiness --json</c> lists the inputs it checked (kind, checked, sources, files, counts), and the text
/// report's input lines show the same numbers.</summary>
public sealed class ReadinessInputsTests(GeneratedLogs logs) : IClassFixture<GeneratedLogs>
{
    private const string Servers = """
        "Name","AdminDisplayVersion","ServerRole"
        "EX2019A","Version 15.2 (Build 1748.10)","Mailbox"
        "EX2019B","Version 15.2 (Build 1544.4)","Mailbox"
        "EX-BAD","not a build","Mailbox"
        """;

    private static async Task<JsonElement[]> InputsAsync(params string[] args)
    {
        var (exit, output, error) = await CliRunner.RunAsync(["readiness", .. args, "--json"]);
        Assert.True(exit is ExitCodes.Ok or ExitCodes.UserError, error);
        return [.. JsonDocument.Parse(output).RootElement.GetProperty("inputs").EnumerateArray()];
    }

    private static string[] Strings(JsonElement input, string name) => [.. input.GetProperty(name).EnumerateArray().Select(s => s.GetString()!)];

    private static Dictionary<string, long> Counts(JsonElement input) =>
        input.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    [Fact]
    public async Task Readiness_DemoLab_ListsTheEmbeddedDirectoryAndTheSkippedInputs()
    {
        JsonElement[] inputs = await InputsAsync();

        Assert.Equal(["directory", "servers", "logs"], inputs.Select(i => i.GetProperty("kind").GetString()));
        JsonElement directory = inputs[0];
        Assert.True(directory.GetProperty("checked").GetBoolean());
        Assert.Equal(["embedded:demo-directory.json"], Strings(directory, "sources"));
        Assert.Empty(Strings(directory, "files"));
        Assert.Equal(new Dictionary<string, long> { ["relationships"] = 3, ["recipients"] = 6 }, Counts(directory));

        foreach (JsonElement skipped in inputs[1..])
        {
            Assert.False(skipped.GetProperty("checked").GetBoolean());
            Assert.Empty(Strings(skipped, "sources"));
            Assert.Empty(Strings(skipped, "files"));
            Assert.Empty(Counts(skipped));
        }
    }

    [Fact]
    public async Task Readiness_AllThreeInputs_ListsPathsFilesAndCountsMatchingWhatWasRead()
    {
        string directory = CliRunner.TempFile(ReadinessCommandTests.HealthyDirectory);
        string servers = CliRunner.TempFile(Servers, ".csv");
        try
        {
            string[] args = ["--directory", directory, "--servers", servers, "--logs", logs.Root];
            JsonElement[] inputs = await InputsAsync(args);

            Assert.Equal(["directory", "servers", "logs"], inputs.Select(i => i.GetProperty("kind").GetString()));
            Assert.All(inputs, i => Assert.True(i.GetProperty("checked").GetBoolean()));

            Assert.Equal([Path.GetFullPath(directory)], Strings(inputs[0], "sources"));
            Assert.Equal([Path.GetFullPath(directory)], Strings(inputs[0], "files"));
            Assert.Equal(new Dictionary<string, long> { ["relationships"] = 1, ["recipients"] = 2 }, Counts(inputs[0]));

            Assert.Equal([Path.GetFullPath(servers)], Strings(inputs[1], "files"));
            Assert.Equal(new Dictionary<string, long> { ["servers"] = 2, ["unreadableLines"] = 1 }, Counts(inputs[1]));

            // The directory named, and every log file found under it, plain and gzip.
            Assert.Equal([Path.GetFullPath(logs.Root)], Strings(inputs[2], "sources"));
            Assert.Equal([logs.PlainPath, logs.GzipPath], Strings(inputs[2], "files"));
            Dictionary<string, long> counts = Counts(inputs[2]);
            Assert.Equal(["files", "bytes", "lines", "activeSyncRequests", "devices", "brokenLines"], counts.Keys);
            Assert.Equal(2, counts["files"]);
            Assert.Equal(logs.Plain.Bytes + logs.Gzip.Bytes, counts["bytes"]);
            Assert.Equal(logs.Plain.Lines + logs.Gzip.Lines, counts["lines"]);
            Assert.Equal(logs.Plain.ActiveSyncLines + logs.Gzip.ActiveSyncLines, counts["activeSyncRequests"]);
            Assert.Equal(logs.Plain.Devices.Count + logs.Gzip.Devices.Count, counts["devices"]);
            Assert.Equal(logs.Plain.BrokenLines + logs.Gzip.BrokenLines, counts["brokenLines"]);
            Assert.True(counts["brokenLines"] > 0);

            // The text report's input lines say the same.
            var (_, text, _) = await CliRunner.RunAsync(["readiness", .. args]);
            string[] lines = text.Split(Environment.NewLine);
            Assert.Equal($"directory  {Path.GetFullPath(directory)}: 1 relationship, 2 recipients", lines[0]);
            Assert.Equal($"servers    {Path.GetFullPath(servers)}: 2 servers, 1 unreadable line", lines[1]);
            Assert.Equal(
                string.Create(CultureInfo.InvariantCulture, $"logs       2 files: {N(counts["activeSyncRequests"], "ActiveSync request")}, {N(counts["devices"], "device")}, {N(counts["brokenLines"], "broken line")}"),
                lines[2]);
        }
        finally
        {
            File.Delete(directory);
            File.Delete(servers);
        }
    }

    [Fact]
    public async Task Readiness_LogFileAndDirectoryNamed_SourcesAsNamedFilesOnce()
    {
        // The plain file is named itself and found again under the directory: read once.
        JsonElement[] inputs = await InputsAsync("--logs", logs.PlainPath, logs.Root);

        JsonElement logInput = inputs[2];
        Assert.Equal([logs.PlainPath, Path.GetFullPath(logs.Root)], Strings(logInput, "sources"));
        Assert.Equal([logs.PlainPath, logs.GzipPath], Strings(logInput, "files"));
        Assert.Equal(2, Counts(logInput)["files"]);
    }

    private static string N(long n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");
}
