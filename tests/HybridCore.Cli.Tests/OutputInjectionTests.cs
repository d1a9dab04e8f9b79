namespace HybridCore.Cli.Tests;

/// <summary>Values a never-authenticated device puts in IIS logs must not become formulas in a spreadsheet or
/// escape sequences in a terminal.</summary>
public sealed class OutputInjectionTests
{
    // User= is a formula; DeviceId carries an OSC title sequence ended by BEL; DeviceType has CR, NEL, LS and RLO.
    private const string Log =
        "#Fields: date time cs-method cs-uri-stem cs-uri-query cs-username sc-status\r\n" +
        "2026-01-05 10:00:00 POST /Microsoft-Server-ActiveSync Cmd=Sync&User=%3DHYPERLINK(%22http://evil%22)&DeviceId=%1B%5D0%3Bpwned%07&DeviceType=Ph%0Done%C2%85x%E2%80%A8y%E2%80%AEz - 401\r\n" +
        "2026-01-05 10:00:01 POST /Microsoft-Server-ActiveSync Cmd=Sync&User=%40SUM(1)&DeviceId=D2&DeviceType=-2%2B3 - 401\r\n" +
        "2026-01-05 10:00:02 POST /Microsoft-Server-ActiveSync Cmd=Sync&User=%2Bplus&DeviceId=%09tab&DeviceType=x - 401\r\n";

    private static readonly char[] Dangerous = ['\u001B', '\u0007', '\r', '\u0085', '\u2028', '\u202E'];

    [Fact]
    public async Task Csv_FormulasAreNeutralisedAndControlsEscaped()
    {
        string path = CliRunner.TempFile(Log, ".log");
        var (exit, output, error) = await CliRunner.RunAsync(["logs", "analyze", path, "--csv"]);

        Assert.True(exit == ExitCodes.Ok, error);
        string[] rows = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length);
        foreach (string row in rows.Skip(1))
        {
            foreach (string cell in row.Split(','))
            {
                string value = cell.Trim('"');
                Assert.False(value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r', $"cell '{value}' starts a formula");
            }
        }

        Assert.Contains("'=HYPERLINK(", output, StringComparison.Ordinal);
        Assert.Contains("'@SUM(1)", output, StringComparison.Ordinal);
        Assert.Contains("'-2+3", output, StringComparison.Ordinal);
        Assert.Contains("'\\x09tab", output, StringComparison.Ordinal);
        Assert.Equal(-1, output.Replace("\r\n", string.Empty, StringComparison.Ordinal).IndexOfAny(Dangerous));
    }

    [Fact]
    public async Task Table_ControlCharactersAreEscaped_AndEveryDeviceKeepsOneLine()
    {
        string path = CliRunner.TempFile(Log, ".log");
        var (exit, output, error) = await CliRunner.RunAsync(["logs", "analyze", path]);

        Assert.True(exit == ExitCodes.Ok, error);
        string text = output.Replace(Environment.NewLine, "\n", StringComparison.Ordinal);
        Assert.Equal(-1, text.IndexOfAny(Dangerous));
        Assert.Contains("\\x1B]0;pwned\\x07", text, StringComparison.Ordinal);
        Assert.Contains("Ph\\x0Done\\u0085x\\u2028y\\u202Ez", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DeviceId=D1&User=a\u001B]0;x\u0007b&Cmd=Sync&DeviceType=T")]
    [InlineData("User=a\u2028\u202Eb&Cmd=Bogus&DeviceId=D1&DeviceType=T")]
    public async Task QueryDecode_ErrorDisplayEscapesControls_AndTheCaretStillPoints(string query)
    {
        var (exit, _, error) = await CliRunner.RunAsync(["query", "decode", query]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Equal(-1, error.IndexOfAny(Dangerous));
        string[] lines = error.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        Assert.Equal(DisplayText.Escape(query), lines[0]);
        int offset = int.Parse(System.Text.RegularExpressions.Regex.Match(error, @"at offset (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DisplayText.Escape(query[..offset])!.Length, lines[1].IndexOf('^'));
    }
}
