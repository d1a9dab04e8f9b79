namespace HybridCore.Cli.Tests;

public sealed class HelpAndUsageTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("serve", "--help")]
    [InlineData("resolve", "--help")]
    [InlineData("query", "decode", "--help")]
    [InlineData("query", "encode", "--help")]
    [InlineData("wbxml", "decode", "--help")]
    [InlineData("wbxml", "encode", "--help")]
    [InlineData("hash-password", "--help")]
    [InlineData("logs", "analyze", "--help")]
    [InlineData("readiness", "--help")]
    public async Task Help_Everywhere_ExitsZeroWithUsage(params string[] args)
    {
        var (exit, output, _) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Root_ListsEveryCommand()
    {
        var (_, output, _) = await CliRunner.RunAsync(["--help"]);

        foreach (string command in new[] { "serve", "resolve", "query", "wbxml", "hash-password", "logs", "readiness" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("resolve")]                          // --user is required
    [InlineData("resolve", "--user", "u", "--protocol", "13.0")]
    [InlineData("query", "decode")]                  // argument missing
    [InlineData("serve", "--backend", "ftp://x")]
    [InlineData("resolve", "--user", "u", "--bogus")]
    public async Task BadCommandLine_ExitsTwoWithAMessage(params string[] args)
    {
        var (exit, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("error: ", error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_NotATerminal_HasNoColourCodes()
    {
        var (_, output, error) = await CliRunner.RunAsync(["resolve", "--user", "CONTOSO\\Kiosk3"]);

        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u001b', error);
    }

    [Fact]
    public void Style_OnlyWhenColoursAreOn()
    {
        var plain = CliConsole.ForTest(TextWriter.Null, TextWriter.Null);
        var colour = new CliConsole(TextWriter.Null, TextWriter.Null, () => Stream.Null, outputIsTerminal: true, colors: true);

        Assert.Equal("x", plain.Style("x", CliConsole.Color.Red));
        Assert.Equal("\u001b[31mx\u001b[0m", colour.Style("x", CliConsole.Color.Red));
    }
}
