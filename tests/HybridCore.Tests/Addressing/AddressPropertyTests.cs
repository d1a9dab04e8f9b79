using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HybridCore.Addressing;
using HybridCore.Tests.Redirect;

namespace HybridCore.Tests.Addressing;

public class AddressPropertyTests
{
    [Property(MaxTest = 300)]
    public Property Domain_CaseIdnAndTrailingDotVariants_AreEqual()
    {
        Gen<(string, string)> gen = from d in Generators.Domain from v in Generators.Variant(d) select (d, v);
        return Prop.ForAll(Arb.From(gen), ((string Domain, string Variant) t) =>
        {
            DomainName a = DomainName.Parse(t.Domain);
            DomainName b = DomainName.Parse(t.Variant);
            return a == b && a.GetHashCode() == b.GetHashCode() && a.Matches(t.Variant) && b.Matches(t.Domain) && a.Value == a.Value.ToLowerInvariant()
                && System.Text.Ascii.IsValid(a.Value);
        });
    }

    [Property(MaxTest = 300)]
    public Property Domain_SuffixSubdomainAndParent_NeverMatch()
    {
        Gen<(string, string)> gen = from d in Generators.Domain from l in Generators.Label select (d, l);
        return Prop.ForAll(Arb.From(gen), ((string Domain, string Label) t) =>
        {
            DomainName d = DomainName.Parse(t.Domain);
            string parent = t.Domain[(t.Domain.IndexOf('.', StringComparison.Ordinal) + 1)..];
            return !d.Matches(t.Label + t.Domain)          // evilcontoso.com
                && !d.Matches(t.Label + "." + t.Domain)     // sub.contoso.com
                && !d.Matches(t.Domain + "." + t.Label)     // contoso.com.evil
                && !d.Matches(parent);                      // parent
        });
    }

    [Property(MaxTest = 300)]
    public Property SmtpProxy_PrimaryAndSecondaryPrefixes_NameTheSameAddress()
    {
        Gen<(string, string, string)> gen = from l in Generators.Local from d in Generators.Domain from v in Generators.Variant(d) select (l, d, v);
        return Prop.ForAll(Arb.From(gen), ((string Local, string Domain, string Variant) t) =>
        {
            ProxyAddress primary = ProxyAddress.Parse("SMTP:" + t.Local + "@" + t.Domain);
            ProxyAddress secondary = ProxyAddress.Parse("smtp:" + t.Local.ToUpperInvariant() + "@" + t.Variant);
            return primary.IsPrimary && !secondary.IsPrimary && primary.Smtp == secondary.Smtp && !primary.Equals(secondary)
                && ProxyAddress.Parse(primary.ToString()).Equals(primary);
        });
    }

    [Property(MaxTest = 1000)]
    public Property Parsers_ArbitraryText_NeverThrowFromTryParse()
    {
        Gen<string> text = Gen.OneOf(
            Gen.ArrayOf(Gen.Elements("aZ09.@:\\\"-_ \u0001é例[]".ToCharArray())).Select(c => new string(c)),
            Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(i => (char)i)).Select(c => new string(c)));
        return Prop.ForAll(Arb.From(text), (string s) =>
        {
            bool d = DomainName.TryParse(s, out DomainName dn, out AddressError de);
            bool a = SmtpAddress.TryParse(s, out SmtpAddress? sa, out AddressError ae);
            bool p = ProxyAddress.TryParse(s, true, out ProxyAddress? pa, out AddressError pe);
            bool l = LogonName.TryParse(s, out LogonName? ln, out AddressError le);
            return (d ? !dn.IsEmpty && de.Reason == AddressErrorReason.None : de.Reason != AddressErrorReason.None && de.Offset >= 0 && de.Offset <= Math.Max(s.Length, 255))
                && (a == (sa is not null)) && (a || ae.Reason != AddressErrorReason.None)
                && (p == (pa is not null)) && (p || pe.Reason != AddressErrorReason.None)
                && (l == (ln is not null)) && (l || le.Reason != AddressErrorReason.None);
        });
    }
}
