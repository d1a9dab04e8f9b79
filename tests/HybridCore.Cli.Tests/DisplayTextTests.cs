namespace HybridCore.Cli.Tests;

public sealed class DisplayTextTests
{
    [Theory]
    [InlineData("plain user@contoso.com", "plain user@contoso.com")]
    [InlineData("a\u001B[31mb", "a\\x1B[31mb")]
    [InlineData("bell\u0007", "bell\\x07")]
    [InlineData("cr\rlf\n", "cr\\x0Dlf\\x0A")]
    [InlineData("nel\u0085ls\u2028ps\u2029", "nel\\u0085ls\\u2028ps\\u2029")]
    [InlineData("rlo\u202Eabc\u2066", "rlo\\u202Eabc\\u2066")]
    [InlineData("csi\u009B", "csi\\u009B")]
    [InlineData("del\u007F", "del\\x7F")]
    public void Escape(string input, string expected) => Assert.Equal(expected, DisplayText.Escape(input));

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@A1", "'@A1")]
    [InlineData("\tx", "'\\x09x")]
    [InlineData("\rx", "'\\x0Dx")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void CsvCell(string input, string expected) => Assert.Equal(expected, DisplayText.CsvCell(input));
}
