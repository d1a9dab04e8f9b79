using FsCheck;
using FsCheck.Fluent;
using HybridCore.ActiveSync;
using HybridCore.Addressing;
using HybridCore.DirectoryModel;
using HybridCore.Tests.Redirect;

namespace HybridCore.Tests.DirectoryModel;

public class RelationshipIndexTests
{
    private static OrganizationRelationship Rel(string name, params string[] domains) =>
        new(name, domains.Select(DomainName.Parse), new Uri("https://outlook.com/owa/contoso.com"));

    [Fact]
    public void TryFind_ExactDomainAnyCaseIdnTrailingDot_Finds()
    {
        var index = new RelationshipIndex([Rel("O365", "batre.mail.onmicrosoft.com", "bücher.example")]);
        Assert.True(index.TryFind("batre.mail.onmicrosoft.com", out RelationshipTarget? t));
        Assert.Equal("O365", t.Relationship.Name);
        Assert.True(index.TryFind("BATRE.Mail.OnMicrosoft.com.", out _));
        Assert.True(index.TryFind("BÜCHER.example", out _));
        Assert.True(index.TryFind("xn--bcher-kva.EXAMPLE", out _));
        Assert.Equal(2, index.DomainCount);
    }

    [Theory]
    [InlineData("mail.onmicrosoft.com")]
    [InlineData("x.batre.mail.onmicrosoft.com")]
    [InlineData("evilbatre.mail.onmicrosoft.com")]
    [InlineData("batre.mail.onmicrosoft.com.evil")]
    [InlineData("")]
    [InlineData(".")]
    public void TryFind_LookAlike_NotFound(string domain)
    {
        var index = new RelationshipIndex([Rel("O365", "batre.mail.onmicrosoft.com")]);
        Assert.False(index.TryFind(domain, out RelationshipTarget? t));
        Assert.Null(t);
    }

    [Fact]
    public void Constructor_DomainInTwoRelationships_FailsLikeExchange()
    {
        DirectoryValidationException e = Assert.Throws<DirectoryValidationException>(() =>
            new RelationshipIndex([Rel("A", "contoso.mail.onmicrosoft.com"), Rel("B", "fabrikam.com", "Contoso.Mail.OnMicrosoft.com.")]));
        DirectoryValidationError error = Assert.Single(e.Errors);
        Assert.Equal(DirectoryErrorCode.DuplicateDomain, error.Code);
        Assert.Equal("relationships[1].domainNames", error.Path);
        Assert.Contains("contoso.mail.onmicrosoft.com", error.Message, StringComparison.Ordinal);
        Assert.Contains("'A'", error.Message, StringComparison.Ordinal);
        Assert.Contains("KB 3067526", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SameName_Fails()
    {
        DirectoryValidationException e = Assert.Throws<DirectoryValidationException>(() => new RelationshipIndex([Rel("A", "a.com"), Rel("a", "b.com")]));
        Assert.Equal(DirectoryErrorCode.DuplicateRelationshipName, Assert.Single(e.Errors).Code);
    }

    [Fact]
    public void Relationship_InvalidValues_FailWithCodes()
    {
        Assert.Equal(DirectoryErrorCode.NoDomains, Assert.Throws<DirectoryValidationException>(() => new OrganizationRelationship("x", [])).Errors[0].Code);
        Assert.Equal(DirectoryErrorCode.MissingValue, Assert.Throws<DirectoryValidationException>(() => new OrganizationRelationship(" ", [DomainName.Parse("a.com")])).Errors[0].Code);
        Assert.Equal(DirectoryErrorCode.InvalidEasEndpoint, Assert.Throws<DirectoryValidationException>(() => new OrganizationRelationship("x", [DomainName.Parse("a.com")], easEndpointOverride: new Uri("http://eas.a.com/Microsoft-Server-ActiveSync"))).Errors[0].Code);
        Assert.Equal(DirectoryErrorCode.InvalidProtocolVersion, Assert.Throws<DirectoryValidationException>(() => new OrganizationRelationship("x", [DomainName.Parse("a.com")], targetMinimumEasVersion: EasProtocolVersionSet.V14_0 | EasProtocolVersionSet.V16_1)).Errors[0].Code);
        Assert.Equal(DirectoryErrorCode.DuplicateDomain, Assert.Throws<DirectoryValidationException>(() => new OrganizationRelationship("x", [DomainName.Parse("a.com"), DomainName.Parse("A.com.")])).Errors[0].Code);
    }

    [Fact]
    public void Index_AgreesWithNaiveLinearScan()
    {
        Gen<(OrganizationRelationship[], string[])> gen =
            from domains in Generators.DistinctDomains(1, 30)
            from rels in Generators.Relationships(domains)
            from known in Gen.ArrayOf(Gen.Elements(domains).SelectMany(Generators.Variant), 10)
            from unknown in Gen.ArrayOf(Generators.Domain, 5)
            from lookalike in Gen.ArrayOf(Gen.Elements(domains).SelectMany(d => Generators.AsciiLabel.Select(l => l + "." + d)), 5)
            select (rels, known.Concat(unknown).Concat(lookalike).ToArray());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(gen), ((OrganizationRelationship[] Rels, string[] Queries) t) =>
        {
            var index = new RelationshipIndex(t.Rels);
            return t.Queries.All(q =>
            {
                OrganizationRelationship? naive = t.Rels.FirstOrDefault(r => r.DomainNames.Any(d => d.Matches(q)));
                OrganizationRelationship? indexed = index.TryFind(q, out RelationshipTarget? target) ? target.Relationship : null;
                return ReferenceEquals(naive, indexed);
            });
        }));
    }
}

public class RecipientIndexTests
{
    private static readonly RemoteMailbox User12 = new(
        "user12",
        ProxyAddress.Parse("SMTP:user12@batre.mail.onmicrosoft.com"),
        SmtpAddress.Parse("user12@batre.com"),
        emailAddresses: [ProxyAddress.Parse("SMTP:user12@batre.com"), ProxyAddress.Parse("smtp:u12@batre.com"), ProxyAddress.Parse("smtp:user12@batre.mail.onmicrosoft.com"), ProxyAddress.Parse("X500:/o=Batre/cn=user12")],
        logonName: LogonName.Parse(@"BATRE\user12"));

    private static readonly LocalMailbox Alice = new("alice", SmtpAddress.Parse("alice@corp.batre.com"), SmtpAddress.Parse("alice@batre.com"), logonName: LogonName.Parse(@"BATRE\alice"));

    private static readonly RecipientIndex Index = new([User12, Alice, new MailUser("contact", isContact: true, primarySmtpAddress: SmtpAddress.Parse("someone@fabrikam.com"))]);

    [Theory]
    [InlineData("user12@batre.com")]
    [InlineData("USER12@BATRE.COM.")]
    [InlineData("u12@batre.com")]
    [InlineData("smtp:U12@Batre.com")]
    [InlineData("SMTP:user12@batre.mail.onmicrosoft.com")]
    [InlineData(@"batre\USER12")]
    public void Find_AnyNameOfUser12_FindsRemoteMailbox(string name)
    {
        RecipientLookupResult r = name.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) ? Index.FindBySmtpAddress(name) : Index.Find(name);

        Assert.Equal(RecipientLookupOutcome.RemoteMailbox, r.Outcome);
        Assert.Same(User12, r.RemoteMailbox);
    }

    [Fact]
    public void Find_KindsAndNobody()
    {
        Assert.Equal(RecipientLookupOutcome.LocalMailbox, Index.Find("alice@corp.batre.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.LocalMailbox, Index.FindBySmtpAddress("alice@batre.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.FindByUserPrincipalName("alice@batre.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.OtherMailRecipient, Index.Find("someone@fabrikam.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.Find("nobody@batre.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.Find("user12").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.Find("X500:/o=Batre/cn=user12").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.Find("user12@evilbatre.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.Find("").Outcome);
        Assert.Equal(3, Index.Count);
    }

    [Fact]
    public void Constructor_SharedAddress_ListsEveryConflict()
    {
        var twin = new LocalMailbox("twin", SmtpAddress.Parse("user12@batre.com"), emailAddresses: [ProxyAddress.Parse("SMTP:U12@batre.com")], logonName: LogonName.Parse(@"batre\user12"));
        DirectoryValidationException e = Assert.Throws<DirectoryValidationException>(() => new RecipientIndex([User12, twin]));
        Assert.Equal(3, e.Errors.Count);
        Assert.All(e.Errors, x => Assert.Equal(DirectoryErrorCode.DuplicateAddress, x.Code));
        Assert.All(e.Errors, x => Assert.StartsWith("recipients[1].", x.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void Recipient_TwoPrimarySmtp_Fails()
    {
        DirectoryValidationException e = Assert.Throws<DirectoryValidationException>(() =>
            new LocalMailbox("x", emailAddresses: [ProxyAddress.Parse("SMTP:a@b.com"), ProxyAddress.Parse("SMTP:c@b.com")]));
        Assert.Equal(DirectoryErrorCode.ConflictingPrimaryAddress, e.Errors[0].Code);
    }

    [Fact]
    public void Recipient_PrimaryFromProxy()
    {
        var r = new LocalMailbox("x", emailAddresses: [ProxyAddress.Parse("smtp:c@b.com"), ProxyAddress.Parse("SMTP:a@b.com")]);
        Assert.Equal(SmtpAddress.Parse("a@b.com"), r.PrimarySmtpAddress);
    }
}
