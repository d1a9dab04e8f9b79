using System.CommandLine;
using HybridCore.Cli;

namespace HybridCore.Ldap.Tests;

/// <summary>docs/ldap.md: every hybridcore command line it shows (continuation lines joined) parses.</summary>
public sealed class DocsTests
{
    [Fact]
    public void Every_command_line_in_the_ldap_page_parses()
    {
        string doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "ldap.md")).Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = doc.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("hybridcore ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 4, "the page shows the commands");
        RootCommand root = CliApp.CreateRootCommand(CliConsole.ForTest(TextWriter.Null, TextWriter.Null));
        foreach (string line in lines)
        {
            string args = line["hybridcore ".Length..].Split(" > ", 2)[0].Replace('\'', '"').Replace("…", "x", StringComparison.Ordinal);
            ParseResult parsed = root.Parse(args);
            Assert.True(parsed.Errors.Count == 0, $"{line}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }
    }
}
