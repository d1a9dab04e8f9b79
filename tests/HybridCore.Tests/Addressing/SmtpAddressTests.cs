using HybridCore.Addressing;

namespace HybridCore.Tests.Addressing;

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
