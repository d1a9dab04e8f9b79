using HybridCore.Addressing;

namespace HybridCore.Tests.Addressing;

public class LogonNameTests
{
    [Fact]
    public void Parse_DomainBackslashSam()
    {
        LogonName n = LogonName.Parse(@"CONTOSO\user12");
        Assert.Equal("CONTOSO", n.Domain);
        Assert.Equal("user12", n.Account);
        Assert.Equal(n, LogonName.Parse(@"contoso\USER12"));
    }

    [Theory]
    [InlineData("user12", AddressErrorReason.MissingBackslash)]
    [InlineData(@"\user12", AddressErrorReason.InvalidLogonDomain)]
    [InlineData(@"ABCDEFGHIJKLMNOP\user12", AddressErrorReason.InvalidLogonDomain)]
    [InlineData(@"CONTOSO\", AddressErrorReason.InvalidLogonAccount)]
    [InlineData(@"CONTOSO\a[b", AddressErrorReason.InvalidLogonAccount)]
    [InlineData(@"CONTOSO\abcdefghijklmnopqrstu", AddressErrorReason.InvalidLogonAccount)]
    public void TryParse_Invalid(string input, AddressErrorReason reason)
    {
        Assert.False(LogonName.TryParse(input, out _, out AddressError e));
        Assert.Equal(reason, e.Reason);
        Assert.Throws<AddressFormatException>(() => LogonName.Parse(input));
    }
}
