using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
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

    [Property(MaxTest = 200)]
    public Property Index_AgreesWithNaiveLinearScan()
    {
        Gen<(OrganizationRelationship[], string[])> gen =
            from domains in Generators.DistinctDomains(1, 30)
            from rels in Generators.Relationships(domains)
            from known in Gen.ArrayOf(Gen.Elements(domains).SelectMany(Generators.Variant), 10)
            from unknown in Gen.ArrayOf(Generators.Domain, 5)
            from lookalike in Gen.ArrayOf(Gen.Elements(domains).SelectMany(d => Generators.AsciiLabel.Select(l => l + "." + d)), 5)
            select (rels, known.Concat(unknown).Concat(lookalike).ToArray());
        return Prop.ForAll(Arb.From(gen), ((OrganizationRelationship[] Rels, string[] Queries) t) =>
        {
            var index = new RelationshipIndex(t.Rels);
            return t.Queries.All(q =>
            {
                OrganizationRelationship? naive = t.Rels.FirstOrDefault(r => r.DomainNames.Any(d => d.Matches(q)));
                OrganizationRelationship? indexed = index.TryFind(q, out RelationshipTarget? target) ? target.Relationship : null;
                return ReferenceEquals(naive, indexed);
            });
        });
    }
}
