using System.CommandLine;
using System.CommandLine.Help;

namespace HybridCore.Cli.Tests;

/// <summary>The command tree speaks one language: every option and argument says what it is for, and an option that
/// means the same thing has the same name and short form on every command.</summary>
public sealed class CliConsistencyTests
{
    private static IEnumerable<(string Path, Command Command)> Commands()
    {
        RootCommand root = CliApp.CreateRootCommand(CliConsole.ForTest(TextWriter.Null, TextWriter.Null));
        var stack = new Stack<(string, Command)>([("hybridcore", root)]);
        while (stack.Count > 0)
        {
            (string path, Command command) = stack.Pop();
            yield return (path, command);
            foreach (Command sub in command.Subcommands)
            {
                stack.Push(($"{path} {sub.Name}", sub));
            }
        }
    }

    [Fact]
    public void EveryOptionAndArgument_HasHelpText()
    {
        var missing = Commands()
            .SelectMany(c => c.Command.Options.Where(o => o is not HelpOption && o is not VersionOption && string.IsNullOrWhiteSpace(o.Description)).Select(o => $"{c.Path} {o.Name}")
                .Concat(c.Command.Arguments.Where(a => string.IsNullOrWhiteSpace(a.Description)).Select(a => $"{c.Path} <{a.Name}>")))
            .ToList();
        Assert.True(missing.Count == 0, "without help text: " + string.Join(", ", missing));
        Assert.True(Commands().Count() > 8);
    }

    [Theory]
    [InlineData("--user", "-u")]
    [InlineData("--protocol", "-p")]
    [InlineData("--directory", "-d")]
    public void AnOption_HasTheSameShortFormEverywhere(string name, string alias)
    {
        var uses = Commands().SelectMany(c => c.Command.Options.Where(o => o.Name == name).Select(o => (c.Path, Option: o))).ToList();
        Assert.NotEmpty(uses);
        foreach ((string path, Option option) in uses)
        {
            Assert.True(option.Aliases.Contains(alias), $"{path} {name} has no {alias}");
        }

        // And the short form means nothing else anywhere.
        var others = Commands().SelectMany(c => c.Command.Options.Where(o => o.Name != name && o.Aliases.Contains(alias)).Select(o => $"{c.Path} {o.Name}")).ToList();
        Assert.True(others.Count == 0, $"{alias} also means: {string.Join(", ", others)}");
    }

    [Theory]
    [InlineData("resolve")]
    [InlineData("query encode")]
    [InlineData("query decode")]
    public void UserAndProtocol_AreOfferedWhereARequestIsDescribed(string command)
    {
        Command c = Commands().Single(x => x.Path == "hybridcore " + command).Command;
        Assert.Contains(c.Options, o => o.Name == "--protocol" && o.Aliases.Contains("-p"));
        if (command != "query decode")
        {
            Assert.Contains(c.Options, o => o.Name == "--user" && o.Aliases.Contains("-u"));
        }
    }

    [Fact]
    public async Task Json_WritesAmpersandsAsThey_Are()
    {
        var (exit, output, _) = await CliRunner.RunAsync(["query", "encode", "-c", "Sync", "-u", "user12", "--device-id", "D1", "--device-type", "iPhone", "--json"]);
        Assert.Equal(0, exit);
        Assert.Contains("Cmd=Sync&User=user12", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0026", output, StringComparison.Ordinal);
    }
}
