using System.CommandLine;
using HybridCore.Cli.Tests.DocsSamples;

namespace HybridCore.Cli.Tests;

/// <summary>docs/cli.md: its C# sample compiles (it is in this assembly) and agrees with the page, and every command line it shows parses.</summary>
public sealed class DocsTests
{
    private static readonly string DocPath = Path.Combine(AppContext.BaseDirectory, "docs", "cli.md");

    private static string[] Dedent(IEnumerable<string> lines)
    {
        string[] l = [.. lines];
        int indent = l.Where(x => x.Trim().Length > 0).Min(x => x.Length - x.TrimStart().Length);
        return [.. l.Select(x => x.Length >= indent ? x[indent..].TrimEnd() : x.TrimEnd())];
    }

    [Fact]
    public void Doc_ShowsExactlyTheCompiledSample()
    {
        // The program on the page is every sample:begin … sample:end segment of the file, joined by a blank line.
        string[] source = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "DocsSamples", "ResolveSample.cs"));
        var sample = new List<string>();
        int b = Array.FindIndex(source, l => l.Trim() == "// sample:begin");
        Assert.True(b >= 0, "ResolveSample.cs has a sample");
        while (b >= 0)
        {
            int e = Array.FindIndex(source, b + 1, l => l.Trim() == "// sample:end");
            Assert.True(e > b, $"ResolveSample.cs:{b + 1}: sample:begin without sample:end");
            if (sample.Count > 0)
            {
                sample.Add(string.Empty);
            }

            sample.AddRange(Dedent(source[(b + 1)..e]));
            b = Array.FindIndex(source, e + 1, l => l.Trim() == "// sample:begin");
        }

        string[] doc = File.ReadAllLines(DocPath);
        int at = Array.FindIndex(doc, l => l.Contains("sample: ResolveSample", StringComparison.Ordinal));
        int db = Array.FindIndex(doc, at, l => l.StartsWith("```", StringComparison.Ordinal));
        int de = Array.FindIndex(doc, db + 1, l => l.StartsWith("```", StringComparison.Ordinal));

        Assert.Equal(sample, Dedent(doc[(db + 1)..de]));
    }

    [Fact]
    public void Sample_OnTheDemoDirectory_RedirectsUser12()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "documented", "examples", "directory.json");
        Assert.Equal("Redirect Redirected https://outlook.office365.com/Microsoft-Server-ActiveSync", ResolveSample.Run([path, "user12@batre.msftonlinerepro.com"]));
    }

    [Fact]
    public void Doc_EveryCommandLineShownParses()
    {
        var commands = File.ReadAllLines(DocPath)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("hybridcore ", StringComparison.Ordinal) && !l.Contains('<', StringComparison.Ordinal))
            .Select(l => l.Split(" #", 2)[0].Trim())
            .ToList();
        Assert.True(commands.Count >= 8, "the page shows the commands");

        RootCommand root = CliApp.CreateRootCommand(CliConsole.ForTest(TextWriter.Null, TextWriter.Null));
        foreach (string line in commands)
        {
            ParseResult parsed = root.Parse(line["hybridcore ".Length..].Replace(" | ", " ", StringComparison.Ordinal));
            Assert.True(parsed.Errors.Count == 0, $"{line}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }
    }
}
