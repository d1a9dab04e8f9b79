using HybridCore.Addressing;

namespace HybridCore.Tests.Addressing;

public class DomainNameTests
{
    [Theory]
    [InlineData("contoso.com", "contoso.com")]
    [InlineData("Contoso.COM", "contoso.com")]
    [InlineData("contoso.com.", "contoso.com")]
    [InlineData("batre.mail.onmicrosoft.com", "batre.mail.onmicrosoft.com")]
    [InlineData("Bücher.example", "xn--bcher-kva.example")]
    [InlineData("BÜCHER.example", "xn--bcher-kva.example")]   // IdnMapping does no case folding in invariant mode: we lower first
    [InlineData("XN--BCHER-KVA.example", "xn--bcher-kva.example")]
    [InlineData("例え.テスト", "xn--r8jz45g.xn--zckzah")]
    public void Parse_ValidDomain_IsCanonical(string input, string expected)
    {
        DomainName d = DomainName.Parse(input);
        Assert.Equal(expected, d.Value);
        Assert.True(d.Matches(input));
    }

    [Theory]
    [InlineData("", AddressErrorReason.EmptyDomain, 0)]
    [InlineData("a..b", AddressErrorReason.EmptyLabel, 2)]
    [InlineData(".a", AddressErrorReason.EmptyLabel, 0)]
    [InlineData("a b.com", AddressErrorReason.InvalidDomainCharacter, 1)]
    [InlineData("-a.com", AddressErrorReason.LabelHyphen, 0)]
    [InlineData("a-.com", AddressErrorReason.LabelHyphen, 1)]
    [InlineData("[192.0.2.1]", AddressErrorReason.DomainLiteralNotSupported, 0)]
    [InlineData("xn--zz.com", AddressErrorReason.InvalidIdn, 0)]
    [InlineData("xn--bcher-2pa.example", AddressErrorReason.InvalidIdn, 0)]  // punycode of upper-case Ü: not canonical
    public void TryParse_InvalidDomain_ReportsReasonAndOffset(string input, AddressErrorReason reason, int offset)
    {
        Assert.False(DomainName.TryParse(input, out DomainName d, out AddressError e));
        Assert.True(d.IsEmpty);
        Assert.Equal(reason, e.Reason);
        Assert.Equal(offset, e.Offset);
        AddressFormatException ex = Assert.Throws<AddressFormatException>(() => DomainName.Parse(input));
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public void TryParse_LabelOf64_IsTooLong()
    {
        string label = new('a', 64);
        Assert.False(DomainName.TryParse(label + ".com", out _, out AddressError e));
        Assert.Equal(AddressErrorReason.LabelTooLong, e.Reason);
        Assert.True(DomainName.TryParse(label[..63] + ".com", out _));
    }

    [Fact]
    public void TryParse_DomainOver255_IsTooLong()
    {
        string d = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)); // 255
        Assert.True(DomainName.TryParse(d, out _));
        Assert.False(DomainName.TryParse("a" + d, out _, out AddressError e));
        Assert.Equal(AddressErrorReason.TooLong, e.Reason);
    }

    [Theory]
    [InlineData("evilcontoso.com")]
    [InlineData("contoso.com.evil")]
    [InlineData("sub.contoso.com")]
    [InlineData("com")]
    [InlineData("contoso.co")]
    public void Matches_LookAlike_IsFalse(string other) => Assert.False(DomainName.Parse("contoso.com").Matches(other));

    [Fact]
    public void ToUnicode_RoundTripsPunycode() => Assert.Equal("bücher.example", DomainName.Parse("xn--bcher-kva.example").ToUnicode());
}

public class SmtpAddressTests
{
    [Theory]
    [InlineData("user12@contoso.com", "user12", "contoso.com")]
    [InlineData("User12@Contoso.COM.", "User12", "contoso.com")]
    [InlineData("first.last+tag@batre.mail.onmicrosoft.com", "first.last+tag", "batre.mail.onmicrosoft.com")]
    [InlineData("\"a@b\"@example.com", "\"a@b\"", "example.com")]
    [InlineData("jürgen@bücher.example", "jürgen", "xn--bcher-kva.example")]
    public void Parse_Valid_SplitsAndNormalisesDomain(string input, string local, string domain)
    {
        SmtpAddress a = SmtpAddress.Parse(input);
        Assert.Equal(local, a.LocalPart);
        Assert.Equal(domain, a.Domain.Value);
        Assert.Equal(local + "@" + domain, a.Value);
    }

    [Theory]
    [InlineData("", AddressErrorReason.Empty, 0)]
    [InlineData("user", AddressErrorReason.MissingAt, 4)]
    [InlineData("@contoso.com", AddressErrorReason.EmptyLocalPart, 0)]
    [InlineData("user@", AddressErrorReason.EmptyDomain, 5)]
    [InlineData(".user@contoso.com", AddressErrorReason.InvalidDot, 0)]
    [InlineData("us..er@contoso.com", AddressErrorReason.InvalidDot, 3)]
    [InlineData("us er@contoso.com", AddressErrorReason.InvalidLocalPartCharacter, 2)]
    [InlineData("\"abc@contoso.com", AddressErrorReason.InvalidQuotedString, 4)]
    [InlineData("user@contoso..com", AddressErrorReason.EmptyLabel, 13)]
    public void TryParse_Invalid_ReportsReasonAndOffset(string input, AddressErrorReason reason, int offset)
    {
        Assert.False(SmtpAddress.TryParse(input, out SmtpAddress? a, out AddressError e));
        Assert.Null(a);
        Assert.Equal(reason, e.Reason);
        Assert.Equal(offset, e.Offset);
    }

    [Fact]
    public void TryParse_LocalPartOver64Octets_IsTooLong()
    {
        Assert.True(SmtpAddress.TryParse(new string('a', 64) + "@x.com", out _));
        Assert.False(SmtpAddress.TryParse(new string('a', 65) + "@x.com", out _, out AddressError e));
        Assert.Equal(AddressErrorReason.TooLong, e.Reason);
        // Octets, not chars: 33 two-byte characters are 66 octets.
        Assert.False(SmtpAddress.TryParse(new string('é', 33) + "@x.com", out _));
    }

    [Fact]
    public void Equals_IgnoresCaseOfLocalPartAndDomain()
    {
        Assert.Equal(SmtpAddress.Parse("User12@CONTOSO.com"), SmtpAddress.Parse("user12@contoso.com."));
        Assert.Equal(SmtpAddress.Parse("User12@CONTOSO.com").GetHashCode(), SmtpAddress.Parse("user12@contoso.com").GetHashCode());
        Assert.NotEqual(SmtpAddress.Parse("user12@contoso.com"), SmtpAddress.Parse("user13@contoso.com"));
    }
}

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
