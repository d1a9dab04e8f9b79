using HybridCore.Addressing;

namespace HybridCore.Tests.Addressing;

public class ProxyAddressTests
{
    [Theory]
    [InlineData("SMTP:user12@contoso.com", ProxyAddressType.Smtp, true)]
    [InlineData("smtp:user12@contoso.com", ProxyAddressType.Smtp, false)]
    [InlineData("X500:/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=user12", ProxyAddressType.X500, true)]
    [InlineData("x500:/o=Org/cn=a", ProxyAddressType.X500, false)]
    [InlineData("sip:user12@contoso.com", ProxyAddressType.Sip, false)]
    [InlineData("EUM:1234;phone-context=dp.contoso.com", ProxyAddressType.Eum, true)]
    [InlineData("NOTES:user12/Contoso", ProxyAddressType.Custom, true)]
    public void Parse_RecognisesTypeAndPrimary(string input, ProxyAddressType type, bool primary)
    {
        ProxyAddress p = ProxyAddress.Parse(input);
        Assert.Equal(type, p.Type);
        Assert.Equal(primary, p.IsPrimary);
        Assert.Equal(type == ProxyAddressType.Smtp, p.Smtp is not null);
        Assert.Equal(input, p.ToString());
    }

    [Fact]
    public void PrimaryAndSecondary_AreDifferentProxies_ButSameSmtpAddress()
    {
        ProxyAddress a = ProxyAddress.Parse("SMTP:user12@contoso.com");
        ProxyAddress b = ProxyAddress.Parse("smtp:USER12@contoso.com");
        Assert.NotEqual(a, b);
        Assert.Equal(a.Smtp, b.Smtp);
    }

    [Fact]
    public void X500_IsNeverAnSmtpAddress() => Assert.Null(ProxyAddress.Parse("X500:user12@contoso.com").Smtp);

    [Theory]
    [InlineData("user12@contoso.com", AddressErrorReason.MissingProxyPrefix, 0)]
    [InlineData(":user12@contoso.com", AddressErrorReason.InvalidProxyPrefix, 0)]
    [InlineData("TOOLONGPREFIX:x", AddressErrorReason.InvalidProxyPrefix, 0)]
    [InlineData("SM-TP:x", AddressErrorReason.InvalidProxyPrefix, 2)]
    [InlineData("SMTP:", AddressErrorReason.EmptyProxyAddress, 5)]
    [InlineData("SMTP:user12", AddressErrorReason.MissingAt, 11)]
    [InlineData("X500:a\u0001b", AddressErrorReason.ControlCharacter, 6)]
    public void TryParse_Invalid_ReportsReasonAndOffset(string input, AddressErrorReason reason, int offset)
    {
        Assert.False(ProxyAddress.TryParse(input, allowBareSmtp: false, out ProxyAddress? p, out AddressError e));
        Assert.Null(p);
        Assert.Equal(reason, e.Reason);
        Assert.Equal(offset, e.Offset);
    }

    [Fact]
    public void Parse_BareAddressWhenAllowed_IsPrimarySmtp()
    {
        ProxyAddress p = ProxyAddress.Parse("user12@batre.mail.onmicrosoft.com", allowBareSmtp: true);
        Assert.Equal(ProxyAddressType.Smtp, p.Type);
        Assert.True(p.IsPrimary);
        Assert.Equal("SMTP:user12@batre.mail.onmicrosoft.com", p.ToString());
    }
}
