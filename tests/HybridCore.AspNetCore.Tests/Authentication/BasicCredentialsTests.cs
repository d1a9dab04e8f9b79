using System.Text;
using HybridCore.AspNetCore.Authentication;

namespace HybridCore.AspNetCore.Tests.Authentication;

public sealed class BasicCredentialsTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Theory]
    [InlineData("user12@batre.msftonlinerepro.com:P@ssw0rd-demo", "user12@batre.msftonlinerepro.com", "P@ssw0rd-demo")]
    [InlineData(@"CONTOSO\Mig8:pa:ss", @"CONTOSO\Mig8", "pa:ss")] // RFC 7617: the user name ends at the first colon
    [InlineData("jürgen:pässwörd", "jürgen", "pässwörd")]           // UTF-8 (charset="UTF-8")
    [InlineData("u:", "u", "")]
    public void TryDecode_WellFormed_SplitsAtTheFirstColon(string plain, string user, string password)
    {
        Assert.True(BasicAuthenticationHandler.TryDecode(B64(plain), out string? u, out string? p));
        Assert.Equal(user, u);
        Assert.Equal(password, p);
    }

    [Fact]
    public void TryDecode_Malformed_IsFalse()
    {
        Assert.False(BasicAuthenticationHandler.TryDecode("!!!", out _, out _));
        Assert.False(BasicAuthenticationHandler.TryDecode(B64("no-colon"), out _, out _));
        Assert.False(BasicAuthenticationHandler.TryDecode(B64(":password"), out _, out _));
        Assert.False(BasicAuthenticationHandler.TryDecode(B64("us\u0001er:p"), out _, out _));
        Assert.False(BasicAuthenticationHandler.TryDecode(Convert.ToBase64String([0x75, 0xFF, 0x3A, 0x70]), out _, out _)); // invalid UTF-8
        Assert.False(BasicAuthenticationHandler.TryDecode(string.Empty, out _, out _));
    }
}
