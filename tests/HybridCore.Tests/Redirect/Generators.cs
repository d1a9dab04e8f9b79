using FsCheck;
using FsCheck.Fluent;
using HybridCore.ActiveSync;
using HybridCore.Addressing;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;

namespace HybridCore.Tests.Redirect;

/// <summary>FsCheck generators shared by the addressing, directory and redirect properties.</summary>
internal static class Generators
{
    private static readonly string[] UnicodeLabels = ["bücher", "münchen", "例え", "café", "ñandú", "straße", "παράδειγμα"];

    public static Gen<string> AsciiLabel { get; } =
        from len in Gen.Choose(1, 10)
        from chars in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray()), len)
        select new string(chars);

    public static Gen<string> Label { get; } = Gen.Frequency((5, AsciiLabel), (1, Gen.Elements(UnicodeLabels)));

    /// <summary>A valid domain of 2–4 labels, possibly internationalised.</summary>
    public static Gen<string> Domain { get; } =
        from n in Gen.Choose(2, 4)
        from labels in Gen.ArrayOf(Label, n)
        select string.Join('.', labels);

    public static Gen<string> AsciiDomain { get; } =
        from n in Gen.Choose(2, 4)
        from labels in Gen.ArrayOf(AsciiLabel, n)
        select string.Join('.', labels);

    /// <summary>Random upper/lower casing (invariant) of each character.</summary>
    public static Gen<string> Recase(string s) =>
        from flips in Gen.ArrayOf(Gen.Elements(true, false), s.Length)
        select new string(s.Select((c, i) => flips[i] ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray());

    /// <summary>The same domain written another way: recased, maybe punycode, maybe a trailing dot.</summary>
    public static Gen<string> Variant(string domain) =>
        from punycode in Gen.Elements(true, false)
        from recased in Recase(punycode ? DomainName.Parse(domain).Value : domain)
        from dot in Gen.Elements(true, false)
        select dot ? recased + "." : recased;

    public static Gen<string> Local { get; } =
        from len in Gen.Choose(1, 8)
        from chars in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789_-+".ToCharArray()), len)
        select new string(chars);

    /// <summary>Distinct canonical domains.</summary>
    public static Gen<string[]> DistinctDomains(int min, int max) =>
        from n in Gen.Choose(min, max)
        from ds in Gen.ArrayOf(Domain, n)
        select ds.Select(d => DomainName.Parse(d).Value).Distinct().ToArray();

    public static Gen<OrganizationRelationship[]> Relationships(string[] domains) =>
        from cuts in Gen.ArrayOf(Gen.Choose(0, 3), domains.Length)
        from enabled in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))), domains.Length)
        from owa in Gen.ArrayOf(Gen.Elements<string?>("https://outlook.com/owa/contoso.com", "https://mail.fabrikam.com/owa", "http://mail.fabrikam.com/owa", null), domains.Length)
        from dir in Gen.ArrayOf(Gen.Elements(RelationshipDirection.OnPremisesToCloud, RelationshipDirection.OnPremisesToCloud, RelationshipDirection.CloudToOnPremises, RelationshipDirection.CrossForest), domains.Length)
        from over in Gen.ArrayOf(Gen.Frequency((5, Gen.Constant<string?>(null)), (1, Gen.Constant<string?>("https://eas.fabrikam.com/Microsoft-Server-ActiveSync"))), domains.Length)
        from min in Gen.ArrayOf(Gen.Elements(EasProtocolVersionSet.None, EasProtocolVersionSet.V16_1, EasProtocolVersionSet.V14_0), domains.Length)
        select Partition(domains, cuts, enabled, owa, dir, over, min);

    private static OrganizationRelationship[] Partition(string[] domains, int[] cuts, bool[] enabled, string?[] owa, RelationshipDirection[] dir, string?[] over, EasProtocolVersionSet[] min)
    {
        var result = new List<OrganizationRelationship>();
        var current = new List<DomainName>();
        for (int i = 0; i < domains.Length; i++)
        {
            current.Add(DomainName.Parse(domains[i]));
            if (cuts[i] == 0 || i == domains.Length - 1)
            {
                int k = result.Count;
                result.Add(new OrganizationRelationship(
                    "rel" + k, current, owa[i] is null ? null : new Uri(owa[i]!), enabled[i], direction: dir[i],
                    easEndpointOverride: over[i] is null ? null : new Uri(over[i]!), targetMinimumEasVersion: min[i]));
                current = [];
            }
        }

        return result.ToArray();
    }

    /// <summary>Recipients whose addresses are unique (index i is in every address).</summary>
    public static Gen<Recipient[]> Recipients(string[] routingDomains) =>
        from n in Gen.Choose(0, 12)
        from kinds in Gen.ArrayOf(Gen.Choose(0, 4), n)
        from locals in Gen.ArrayOf(Local, n)
        from routeIdx in Gen.ArrayOf(Gen.Choose(-1, Math.Max(0, routingDomains.Length - 1)), n)
        from upnSame in Gen.ArrayOf(Gen.Elements(true, false), n)
        select Enumerable.Range(0, n).Select(i => MakeRecipient(i, kinds[i], locals[i], routeIdx[i], upnSame[i], routingDomains)).ToArray();

    private static Recipient MakeRecipient(int i, int kind, string local, int routeIdx, bool upnSame, string[] routingDomains)
    {
        string l = local + "." + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        SmtpAddress primary = SmtpAddress.Parse(l + "@contoso.com");
        SmtpAddress upn = upnSame ? primary : SmtpAddress.Parse(l + "@corp.contoso.com");
        ProxyAddress[] proxies = [ProxyAddress.FromSmtp(primary, true), ProxyAddress.Parse("smtp:" + l + "@contoso.mail.onmicrosoft.com"), ProxyAddress.Parse("X500:/o=Contoso/cn=" + l)];
        LogonName logon = LogonName.Parse("CONTOSO\\u" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string id = "id-" + l;
        ProxyAddress? routing = routeIdx < 0 || routingDomains.Length == 0 ? null : ProxyAddress.Parse("SMTP:" + l + "@" + routingDomains[routeIdx]);
        return kind switch
        {
            0 => new LocalMailbox(id, upn, primary, proxies, logon),
            1 or 2 => new RemoteMailbox(id, routing, upn, primary, proxies, logon),
            3 => new MailUser(id, isContact: false, externalEmailAddress: routing, userPrincipalName: upn, primarySmtpAddress: primary, emailAddresses: proxies, logonName: logon),
            _ => new MailUser(id, isContact: true, externalEmailAddress: routing, primarySmtpAddress: primary, emailAddresses: proxies),
        };
    }

    public static Gen<EasRedirectRequest> Request { get; } =
        from options in Gen.Elements(true, false)
        from major in Gen.Frequency((6, Gen.Elements(0, 2, 12, 14, 16)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from minor in Gen.Frequency((6, Gen.Elements(0, 1, 5)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from form in Gen.Elements(LogonNameForm.Unspecified, LogonNameForm.UserPrincipalName, LogonNameForm.DownLevel, LogonNameForm.Other)
        select new EasRedirectRequest(options, major, minor, form);

    public static Gen<RedirectPolicy> Policy { get; } =
        from off in Gen.Elements(true, false)
        from cross in Gen.Elements(true, false)
        from bypass in Gen.Elements(true, false)
        from requireEnabled in Gen.Elements(true, false)
        from min in Gen.Elements(EasProtocolVersion.V12_0, EasProtocolVersion.V12_1, EasProtocolVersion.V14_0)
        select new RedirectPolicy(off, cross, bypass ? ["Android", "Outlook-iOS-Android"] : [], requireEnabledRelationship: requireEnabled, minRedirectProtocolVersion: min);
}
