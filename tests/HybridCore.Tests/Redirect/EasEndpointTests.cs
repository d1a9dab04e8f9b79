using HybridCore.Addressing;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;

namespace HybridCore.Tests.Redirect;

/// <summary>
/// <see cref="EasEndpoint.TryDerive"/>'s host rule: TargetOWAURL's host in <see cref="DomainName"/>'s canonical
/// form, <c>outlook.com</c> (however written) → <c>outlook.office365.com</c>, the port never kept (docs/redirect.md,
/// "EAS endpoint rule").
/// </summary>
public class EasEndpointTests
{
    private const string Office365Eas = "https://outlook.office365.com/Microsoft-Server-ActiveSync";

    private static string Derive(string targetOwaUrl)
    {
        RedirectReason problem = EasEndpoint.TryDerive(RedirectResolverTests.Relationship(owa: targetOwaUrl), out string? endpoint);
        Assert.Equal(RedirectReason.None, problem);
        Assert.NotNull(endpoint);
        Assert.True(EasEndpoint.IsValid(new Uri(endpoint)), endpoint);
        return endpoint;
    }

    [Theory]
    [InlineData("https://outlook.com/owa/batre.com")]
    [InlineData("https://outlook.com./owa/batre.com")]             // absolute name: the DNS root's trailing dot
    [InlineData("https://OUTLOOK.COM/owa/")]
    [InlineData("https://OutLook.Com./owa/")]
    [InlineData("https://outlook.com:443/owa/batre.com")]          // the default port, written out
    [InlineData("https://OUTLOOK.COM.:443/owa/")]
    [InlineData("https://outlook.com:8443/owa/batre.com")]         // a non-default port is dropped too
    [InlineData("https://outlook.com/owa/?realm=batre.com#x")]
    public void TryDerive_OutlookComHowEverWritten_IsOffice365(string targetOwaUrl)
    {
        Assert.Equal(Office365Eas, Derive(targetOwaUrl));
    }

    [Theory]
    [InlineData("https://mail.fabrikam.com:8443/owa/", "https://mail.fabrikam.com/Microsoft-Server-ActiveSync")]
    [InlineData("https://mail.fabrikam.com:443/owa/", "https://mail.fabrikam.com/Microsoft-Server-ActiveSync")]
    [InlineData("https://Mail.Fabrikam.COM.:4443/owa", "https://mail.fabrikam.com/Microsoft-Server-ActiveSync")]
    [InlineData("https://bücher.example./owa", "https://xn--bcher-kva.example/Microsoft-Server-ActiveSync")]
    [InlineData("https://XN--BCHER-KVA.example/owa", "https://xn--bcher-kva.example/Microsoft-Server-ActiveSync")]
    public void TryDerive_OtherHosts_CanonicalHostWithoutPort(string targetOwaUrl, string expected)
    {
        Assert.Equal(expected, Derive(targetOwaUrl));
    }

    [Theory]
    [InlineData("https://sub.outlook.com/owa", "https://sub.outlook.com/Microsoft-Server-ActiveSync")]
    [InlineData("https://outlook.com.evil.example/owa", "https://outlook.com.evil.example/Microsoft-Server-ActiveSync")]
    [InlineData("https://evil-outlook.com/owa", "https://evil-outlook.com/Microsoft-Server-ActiveSync")]
    [InlineData("https://outlook.office.com/mail", "https://outlook.office.com/Microsoft-Server-ActiveSync")]
    public void TryDerive_OnlyOutlookComItselfIsMapped(string targetOwaUrl, string expected)
    {
        Assert.Equal(expected, Derive(targetOwaUrl));
    }

    [Fact]
    public void TryDerive_IPv6Literal_KeepsTheBrackets()
    {
        // DomainName refuses address literals; the host is kept as Uri writes it, so the URL stays valid.
        Assert.Equal("https://[2001:db8::1]/Microsoft-Server-ActiveSync", Derive("https://[2001:DB8::1]:8443/owa"));
    }

    [Fact]
    public void TryDerive_EveryCasingDotAndPortOfOutlookCom_AgreesWithDomainName()
    {
        // Exhaustive over the 2^10 casings of "outlook.com" × trailing dot × no/default/other port: the mapping
        // applies exactly when DomainName says the host is outlook.com, never by a second comparison.
        const string name = "outlook.com";
        var outlook = DomainName.Parse(name);
        int letters = name.Count(char.IsLetter);
        for (int mask = 0; mask < 1 << letters; mask++)
        {
            char[] chars = name.ToCharArray();
            for (int i = 0, bit = 0; i < chars.Length; i++)
            {
                if (char.IsLetter(chars[i]) && (mask & (1 << bit++)) != 0)
                {
                    chars[i] = char.ToUpperInvariant(chars[i]);
                }
            }

            foreach (string dot in new[] { string.Empty, "." })
            {
                foreach (string port in new[] { string.Empty, ":443", ":8443" })
                {
                    string host = new string(chars) + dot;
                    Assert.True(outlook.Matches(host), host);
                    Assert.Equal(Office365Eas, Derive($"https://{host}{port}/owa/contoso.com"));
                }
            }
        }
    }

    [Fact]
    public void RelationshipIndex_TrailingDotAndCase_SameCachedEndpoint()
    {
        // What the resolver actually sends: the endpoint is computed once per relationship at index build.
        var index = new RelationshipIndex([
            RedirectResolverTests.Relationship(domain: "a.example", owa: "https://OUTLOOK.COM.:443/owa/a.example", name: "A"),
            RedirectResolverTests.Relationship(domain: "b.example", owa: "https://outlook.com/owa/b.example", name: "B"),
        ]);
        Assert.True(index.TryFind("a.example", out RelationshipTarget? a));
        Assert.True(index.TryFind("b.example", out RelationshipTarget? b));
        Assert.Equal(Office365Eas, a.EasEndpointUrl);
        Assert.Equal(b.EasEndpointUrl, a.EasEndpointUrl);
    }
}
