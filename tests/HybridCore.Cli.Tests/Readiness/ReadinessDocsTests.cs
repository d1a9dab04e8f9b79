using System.CommandLine;

namespace HybridCore.Cli.Tests.Readiness;

/// <summary>docs/cli.md's server inventory example: readiness on it prints what the page shows.</summary>
public sealed class ReadinessDocsTests
{
    private static readonly string DocPath = Path.Combine(AppContext.BaseDirectory, "docs", "cli.md");

    private static string[] BlockAfter(string[] doc, string marker)
    {
        int at = Array.FindIndex(doc, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(at >= 0, marker);
        int b = Array.FindIndex(doc, at, l => l.StartsWith("```", StringComparison.Ordinal));
        int e = Array.FindIndex(doc, b + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        return doc[(b + 1)..e];
    }

    [Fact]
    public async Task Doc_ServersExample_ReadinessPrintsTheOutputShown()
    {
        string[] doc = File.ReadAllLines(DocPath);
        string servers = CliRunner.TempFile(string.Join('\n', BlockAfter(doc, "example: servers.csv")) + "\n", ".csv");
        try
        {
            var (exit, output, _) = await CliRunner.RunAsync(["readiness", "--servers", servers]);

            string[] shown = BlockAfter(doc, "output: readiness --servers examples/servers.csv");
            Assert.Equal("$ hybridcore readiness --servers examples/servers.csv", shown[0]);
            Assert.Equal(["$ echo $?", exit.ToString(System.Globalization.CultureInfo.InvariantCulture)], shown[^2..]);
            string[] actual = output.Split(Environment.NewLine);
            Assert.Equal(shown[1], actual[0]);                                // the directory line
            Assert.StartsWith("servers    ", shown[2], StringComparison.Ordinal);   // the path differs from run to run
            Assert.EndsWith(": 4 servers, 0 unreadable lines", actual[1], StringComparison.Ordinal);
            Assert.Equal(shown[3..^2], actual[2..^1]);
        }
        finally
        {
            File.Delete(servers);
        }
    }
}
