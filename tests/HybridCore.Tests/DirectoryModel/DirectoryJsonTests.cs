using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HybridCore.DirectoryModel;
using HybridCore.Tests.Redirect;

namespace HybridCore.Tests.DirectoryModel;

public class DirectoryJsonTests
{
    internal const string SeedJson = """
        {
          // The scenario of "Exchange ActiveSync on-boarding to Office 365" (docs/design.md §3): user12 moved to Exchange Online.
          "relationships": [
            {
              "name": "On-premises to O365",
              "domainNames": ["batre.mail.onmicrosoft.com", "batre.onmicrosoft.com"],
              "targetOwaUrl": "https://outlook.com/owa/batre.com",
              "targetAutodiscoverEpr": "https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity",
              "targetApplicationUri": "outlook.com",
              "freeBusyAccessEnabled": true,
              "mailboxMoveEnabled": true,
              "targetMinimumEasVersion": "16.1"
            }
          ],
          "recipients": [
            {
              "kind": "RemoteMailbox",
              "identity": "user12",
              "userPrincipalName": "user12@batre.com",
              "remoteRoutingAddress": "SMTP:user12@batre.mail.onmicrosoft.com",
              "emailAddresses": ["SMTP:user12@batre.com", "smtp:user12@batre.mail.onmicrosoft.com"],
              "logonName": "BATRE\\user12"
            },
            { "kind": "LocalMailbox", "identity": "admin", "primarySmtpAddress": "admin@batre.com" },
          ]
        }
        """;

    [Fact]
    public void FromJson_Seed_LoadsModelsAndIndexes()
    {
        DirectorySnapshot s = DirectorySnapshot.FromJson(System.Text.Encoding.UTF8.GetBytes(SeedJson));
        Assert.Single(s.Relationships);
        Assert.Equal(2, s.Recipients.Length);
        RemoteMailbox user12 = Assert.IsType<RemoteMailbox>(s.Recipients[0]);
        Assert.Equal("user12@batre.mail.onmicrosoft.com", user12.RoutingSmtpAddress!.Value);
        Assert.Equal("user12@batre.com", user12.PrimarySmtpAddress!.Value);
        Assert.True(s.RelationshipIndex.TryFind("batre.mail.onmicrosoft.com", out _));
        Assert.Same(user12, s.RecipientIndex.Find(@"batre\user12").Recipient);
    }

    [Fact]
    public void Load_InvalidEntries_ListsEveryProblemWithPath()
    {
        const string json = """
            {
              "relationships": [
                { "name": "A", "domainNames": ["contoso.mail.onmicrosoft.com"], "targetOwaUrl": "ftp://outlook.com/owa/contoso.com" },
                { "name": "B", "domainNames": ["bad domain"], "targetOwaUrl": "not a url", "direction": "Sideways", "targetMinimumEasVersion": "15.0" }
              ],
              "recipients": [
                { "kind": "RemoteMailbox", "identity": "u", "remoteRoutingAddress": "user@", "emailAddresses": ["user@contoso.com"], "logonName": "nobackslash" },
                { "kind": "Robot", "identity": "" }
              ]
            }
            """;
        DirectoryValidationException e = Assert.Throws<DirectoryValidationException>(() => DirectorySnapshot.FromJson(System.Text.Encoding.UTF8.GetBytes(json)));
        var found = e.Errors.Select(x => (x.Code, x.Path)).ToHashSet();
        Assert.Contains((DirectoryErrorCode.InvalidUrl, "relationships[0].targetOwaUrl"), found);
        Assert.Contains((DirectoryErrorCode.InvalidAddress, "relationships[1].domainNames[0]"), found);
        Assert.Contains((DirectoryErrorCode.InvalidUrl, "relationships[1].targetOwaUrl"), found);
        Assert.Contains((DirectoryErrorCode.InvalidKind, "relationships[1].direction"), found);
        Assert.Contains((DirectoryErrorCode.InvalidProtocolVersion, "relationships[1].targetMinimumEasVersion"), found);
        Assert.Contains((DirectoryErrorCode.InvalidAddress, "recipients[0].remoteRoutingAddress"), found);
        Assert.Contains((DirectoryErrorCode.InvalidAddress, "recipients[0].emailAddresses[0]"), found);
        Assert.Contains((DirectoryErrorCode.InvalidAddress, "recipients[0].logonName"), found);
        Assert.Contains((DirectoryErrorCode.InvalidKind, "recipients[1].kind"), found);
        Assert.Contains((DirectoryErrorCode.MissingValue, "recipients[1].identity"), found);
        Assert.Equal(10, e.Errors.Count);
        Assert.Contains("relationships[0].targetOwaUrl", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NonHttpTargetOwaUrl_IsInvalidInBothModes()
    {
        var doc = new DirectoryDocument { Relationships = [new OrganizationRelationshipData { Name = "A", DomainNames = ["a.com"], TargetOwaUrl = "ftp://outlook.com/owa/a.com" }] };
        Assert.False(DirectorySnapshot.TryLoad(doc, strict: true, out _, out var errors));
        Assert.Equal(DirectoryErrorCode.InvalidUrl, Assert.Single(errors).Code);
        Assert.False(DirectorySnapshot.TryLoad(doc, strict: false, out _, out errors));
        Assert.Equal(DirectoryErrorCode.InvalidUrl, Assert.Single(errors).Code);
    }

    [Fact]
    public void Load_Strict_AcceptsTheWizardsHttpTargetOwaUrl()
    {
        // KB 2952804: Set-OrganizationRelationship -TargetOwaURL http://outlook.com/owa/<domain>; the wizard writes the same.
        var doc = new DirectoryDocument { Relationships = [new OrganizationRelationshipData { Name = "A", DomainNames = ["a.com"], TargetOwaUrl = "http://outlook.com/owa/a.com" }] };
        Assert.True(DirectorySnapshot.TryLoad(doc, strict: true, out DirectorySnapshot? s, out var errors), string.Join("; ", errors.Select(e => e.Message)));
        Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", s.RelationshipIndex.Find(s.Relationships[0].DomainNames[0])!.EasEndpointUrl);
    }

    [Fact]
    public void Load_DuplicateDomainAcrossRelationships_Fails()
    {
        var doc = new DirectoryDocument
        {
            Relationships =
            [
                new OrganizationRelationshipData { Name = "A", DomainNames = ["contoso.com"] },
                new OrganizationRelationshipData { Name = "B", DomainNames = ["CONTOSO.com."] },
            ],
        };
        Assert.False(DirectorySnapshot.TryLoad(doc, strict: true, out _, out var errors));
        Assert.Equal(DirectoryErrorCode.DuplicateDomain, Assert.Single(errors).Code);
    }

    [Theory]
    [InlineData("{ \"relationships\": [ { \"name\": 1 } ] }", "$.relationships[0].name")]
    [InlineData("{ \"relationship\": [] }", "$")]
    [InlineData("{ \"relationships\": [ ", "$.relationships")]
    [InlineData("null", "$")]
    [InlineData("", "$")]
    public void Parse_BadJson_InvalidJsonWithPosition(string json, string path)
    {
        DirectoryValidationException e = Assert.Throws<DirectoryValidationException>(() => DirectoryJson.Parse(json));
        DirectoryValidationError error = Assert.Single(e.Errors);
        Assert.Equal(DirectoryErrorCode.InvalidJson, error.Code);
        Assert.StartsWith(path, error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_IsBounded()
    {
        string json = "{\"relationships\":[{\"domainNames\":" + new string('[', 200) + new string(']', 200) + "}]}";
        DirectoryValidationException e = Assert.Throws<DirectoryValidationException>(() => DirectoryJson.Parse(json));
        Assert.Equal(DirectoryErrorCode.InvalidJson, e.Errors[0].Code);
    }

    [Property(MaxTest = 150)]
    public Property JsonRoundTrip_RandomDirectories_AreEqual()
    {
        Gen<(OrganizationRelationship[], Recipient[])> gen =
            from domains in Generators.DistinctDomains(1, 8)
            from rels in Generators.Relationships(domains)
            from recs in Generators.Recipients(domains)
            select (rels, recs);
        return Prop.ForAll(Arb.From(gen), ((OrganizationRelationship[] Rels, Recipient[] Recs) t) =>
        {
            var original = new DirectorySnapshot(t.Rels, t.Recs);
            string json = original.ToJson();
            DirectorySnapshot back = DirectorySnapshot.FromJson(System.Text.Encoding.UTF8.GetBytes(json), strict: false);
            return back.Relationships.SequenceEqual(original.Relationships)
                && back.Recipients.SequenceEqual(original.Recipients)
                && back.ToJson() == json;
        });
    }
}
