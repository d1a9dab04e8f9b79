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
