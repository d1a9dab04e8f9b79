using System.Text;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore.ActiveSync;
using HybridCore.AspNetCore.Authentication;
using HybridCore.AspNetCore.Autodiscover;
using HybridCore.AspNetCore.Tests.Autodiscover;
using HybridCore.AspNetCore.Tests.Infrastructure;
using HybridCore.DirectoryModel;
using HybridCore.Wbxml;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore.Tests;

public sealed class PasswordHashTests
{
    [Fact]
    public void Create_ThenVerify_AcceptsOnlyTheSamePassword()
    {
        string hash = PasswordHash.Create("P@ssw0rd-demo", PasswordHash.MinIterations);

        Assert.StartsWith("PBKDF2-SHA256$1000$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHash.Verify("P@ssw0rd-demo", hash));
        Assert.False(PasswordHash.Verify("P@ssw0rd-demO", hash));
        Assert.False(PasswordHash.Verify(string.Empty, hash));
    }

    [Fact]
    public void Create_TwiceWithTheSamePassword_UsesDifferentSalts()
    {
        Assert.NotEqual(PasswordHash.Create("x", PasswordHash.MinIterations), PasswordHash.Create("x", PasswordHash.MinIterations));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("PBKDF2-SHA256$1000$c2FsdHNhbHQ=")]                                                // missing hash
    [InlineData("PBKDF2-SHA256$10$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]     // too few iterations
    [InlineData("PBKDF2-SHA256$999999999$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // too many: a hostile file cannot stall log-ons
    [InlineData("PBKDF2-SHA256$1000$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("MD5$1000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Verify_MalformedHash_IsFalseAndInvalid(string? encoded)
    {
        Assert.False(PasswordHash.IsValid(encoded));
        Assert.False(PasswordHash.Verify("anything", encoded));
    }

    [Fact]
    public void Create_IterationsOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordHash.Create("x", PasswordHash.MinIterations - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordHash.Create("x", PasswordHash.MaxIterations + 1));
    }
}

public sealed class BasicCredentialsTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Theory]
    [InlineData("user12@batre.msftonlinerepro.com:P@ssw0rd-demo", "user12@batre.msftonlinerepro.com", "P@ssw0rd-demo")]
    [InlineData(@"CONTOSO\Mig8:pa:ss", @"CONTOSO\Mig8", "pa:ss")] // RFC 7617: the user name ends at the first colon
    [InlineData("jürgen:pässwörd", "jürgen", "pässwörd")]           // UTF-8 (charset="UTF-8")
    [InlineData("u:", "u", "")]
    public void TryDecode_WellFormed_SplitsAtTheFirstColon(string plain, string user, string password)
    {
        Assert.True(BasicAuthenticationHandler.TryDecode(B64(plain), out string? u, out string? p));
        Assert.Equal(user, u);
        Assert.Equal(password, p);
    }

    [Fact]
    public void TryDecode_Malformed_IsFalse()
    {
        Assert.False(BasicAuthenticationHandler.TryDecode("!!!", out _, out _));
        Assert.False(BasicAuthenticationHandler.TryDecode(B64("no-colon"), out _, out _));
        Assert.False(BasicAuthenticationHandler.TryDecode(B64(":password"), out _, out _));
        Assert.False(BasicAuthenticationHandler.TryDecode(B64("us\u0001er:p"), out _, out _));
        Assert.False(BasicAuthenticationHandler.TryDecode(Convert.ToBase64String([0x75, 0xFF, 0x3A, 0x70]), out _, out _)); // invalid UTF-8
        Assert.False(BasicAuthenticationHandler.TryDecode(string.Empty, out _, out _));
    }
}

public sealed class CredentialValidatorTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Now { get; set; } = 1_000;

        public override long GetTimestamp() => Now;

        public override long TimestampFrequency => 1;
    }

    [Fact]
    public async Task ValidateAsync_AnyLogonForm_ReturnsTheRecipientIdentity()
    {
        HybridDirectoryFile file = TestLab.File;
        var validator = new DirectoryCredentialValidator(file.Directory, file.PasswordHashes);

        Assert.Equal("user12", await validator.ValidateAsync(TestLab.User12, TestLab.Password, default));
        Assert.Equal("user12", await validator.ValidateAsync(@"contoso\USER12", TestLab.Password, default));
        Assert.Equal("Mig8", await validator.ValidateAsync(TestLab.Mig8, TestLab.Password, default));
        Assert.Null(await validator.ValidateAsync(TestLab.User12, "wrong", default));
        Assert.Null(await validator.ValidateAsync("nobody@batre.msftonlinerepro.com", TestLab.Password, default));
    }

    [Fact]
    public async Task ValidateAsync_SuccessIsRememberedUntilItExpires()
    {
        HybridDirectoryFile file = TestLab.File;
        var clock = new ManualClock();
        var counting = new CountingDirectory(file.Directory);
        var validator = new DirectoryCredentialValidator(counting, file.PasswordHashes, clock);

        Assert.NotNull(await validator.ValidateAsync(TestLab.User12, TestLab.Password, default));
        Assert.NotNull(await validator.ValidateAsync(TestLab.User12, TestLab.Password, default));
        Assert.Equal(1, counting.Lookups);

        clock.Now += (long)DirectoryCredentialValidator.SuccessCacheDuration.TotalSeconds + 1;
        Assert.NotNull(await validator.ValidateAsync(TestLab.User12, TestLab.Password, default));
        Assert.Equal(2, counting.Lookups);

        // A different password never hits the cached entry.
        Assert.Null(await validator.ValidateAsync(TestLab.User12, TestLab.Password + "x", default));
    }

    [Fact]
    public void Constructor_MalformedHash_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DirectoryCredentialValidator(TestLab.File.Directory, [new("user12", "plain")]));
    }

    private sealed class CountingDirectory(IHybridDirectory inner) : IHybridDirectory
    {
        public int Lookups { get; private set; }

        public ValueTask<RecipientLookupResult> FindRecipientAsync(string userName, CancellationToken cancellationToken)
        {
            Lookups++;
            return inner.FindRecipientAsync(userName, cancellationToken);
        }

        public ValueTask<RelationshipIndex> GetRelationshipsAsync(CancellationToken cancellationToken) => inner.GetRelationshipsAsync(cancellationToken);
    }
}

public sealed class DirectoryFileTests
{
    [Fact]
    public void Parse_TestLab_LoadsRecipientsRelationshipsAndPasswords()
    {
        HybridDirectoryFile file = TestLab.File;

        Assert.Equal(5, file.Snapshot.Recipients.Length);
        Assert.Equal(2, file.Snapshot.Relationships.Length);
        Assert.Equal(5, file.PasswordHashes.Count);
        Assert.IsType<RemoteMailbox>(file.Directory.Recipients.Find(TestLab.User12).Recipient);
    }

    [Fact]
    public void Parse_BadPasswordsAndEntries_ListsEveryProblemWithItsPath()
    {
        const string json = """
            {
              "relationships": [],
              "recipients": [ { "kind": "LocalMailbox", "identity": "a", "primarySmtpAddress": "not-an-address" } ],
              "passwords": { "a": "plain-text", "ghost": "PBKDF2-SHA256$1000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }
            }
            """;
        var e = Assert.Throws<DirectoryValidationException>(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(json)));
        var paths = e.Errors.Select(x => x.Path).ToList();

        Assert.Contains("recipients[0].primarySmtpAddress", paths);
        Assert.Contains("passwords.a", paths);
    }

    [Fact]
    public void Parse_UnknownIdentityInPasswords_IsAnError()
    {
        const string json = """{ "relationships": [], "recipients": [ { "kind": "LocalMailbox", "identity": "a" } ], "passwords": { "ghost": "PBKDF2-SHA256$1000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" } }""";
        var e = Assert.Throws<DirectoryValidationException>(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("passwords.ghost", Assert.Single(e.Errors).Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{ \"relationships\": [ }")]
    public void Parse_NotAJsonObject_IsAnInvalidJsonError(string json)
    {
        var e = Assert.Throws<DirectoryValidationException>(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(DirectoryErrorCode.InvalidJson, Assert.Single(e.Errors).Code);
    }
}

public sealed class AutodiscoverXmlTests
{
    private static AutodiscoverRequestError Parse(string xml, out AutodiscoverRequest? request, int max = 32 * 1024) =>
        AutodiscoverXml.TryParseRequest(Encoding.UTF8.GetBytes(xml), max, out request);

    [Fact]
    public void TryParseRequest_Pox_ReadsTheAddress()
    {
        Assert.Equal(AutodiscoverRequestError.None, Parse(AutodiscoverMiddlewareTests.PoxRequest("a@b.example"), out AutodiscoverRequest? r));
        Assert.Equal(new AutodiscoverRequest(AutodiscoverSchema.Outlook, "a@b.example", null), r);
    }

    [Fact]
    public void TryParseRequest_MobileSync_ReadsTheAddress()
    {
        Assert.Equal(AutodiscoverRequestError.None, Parse(AutodiscoverMiddlewareTests.MobileRequest(" a@b.example "), out AutodiscoverRequest? r));
        Assert.Equal(new AutodiscoverRequest(AutodiscoverSchema.MobileSync, "a@b.example", null), r);
    }

    [Fact]
    public void TryParseRequest_ElementsInAnyOrder_AreRead()
    {
        const string xml = "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema><LegacyDN>/o=Contoso/cn=u</LegacyDN><EMailAddress>u@c.example</EMailAddress></Request></Autodiscover>";
        Assert.Equal(AutodiscoverRequestError.None, Parse(xml, out AutodiscoverRequest? r));
        Assert.Equal(new AutodiscoverRequest(AutodiscoverSchema.Outlook, "u@c.example", "/o=Contoso/cn=u"), r);
    }

    [Fact]
    public void TryParseRequest_MixedSchemas_IsUnsupported()
    {
        string xml = AutodiscoverMiddlewareTests.MobileRequest("a@b.example").Replace("mobilesync/responseschema/2006", "outlook/responseschema/2006a", StringComparison.Ordinal);
        Assert.Equal(AutodiscoverRequestError.UnsupportedResponseSchema, Parse(xml, out AutodiscoverRequest? r));
        Assert.Equal(AutodiscoverSchema.MobileSync, r!.Schema);
    }

    [Fact]
    public void TryParseRequest_DeepNesting_IsMalformed()
    {
        string deep = string.Concat(Enumerable.Repeat("<x>", 50)) + string.Concat(Enumerable.Repeat("</x>", 50));
        string xml = AutodiscoverMiddlewareTests.PoxRequest("a@b.example").Replace("<Request>", "<Request>" + deep, StringComparison.Ordinal);
        Assert.Equal(AutodiscoverRequestError.MalformedXml, Parse(xml, out _));
    }

    [Fact]
    public void TryParseRequest_OverTheCharacterLimit_IsMalformed()
    {
        Assert.Equal(AutodiscoverRequestError.MalformedXml, Parse(AutodiscoverMiddlewareTests.PoxRequest("a@b.example"), out _, max: 100));
    }

    [Fact]
    public void TryParseRequest_HugeValue_IsMalformed()
    {
        Assert.Equal(AutodiscoverRequestError.MalformedXml, Parse(AutodiscoverMiddlewareTests.PoxRequest(new string('a', 5000) + "@b.example"), out _));
    }

    [Fact]
    public void TryParseRequest_Empty_IsEmpty()
    {
        Assert.Equal(AutodiscoverRequestError.Empty, AutodiscoverXml.TryParseRequest(ReadOnlyMemory<byte>.Empty, 1000, out _));
    }

    [Fact]
    public void WriteRedirect_Pox_MatchesTheSpecExampleShape()
    {
        // [MS-OXDSCLI] 4.2 example: Autodiscover(responseschema/2006) > Response(outlook/responseschema/2006a) > Account > Action, RedirectAddr.
        string xml = Encoding.UTF8.GetString(AutodiscoverXml.WriteRedirect(AutodiscoverSchema.Outlook, "u@a.example", "u@b.example"));
        var root = System.Xml.Linq.XElement.Parse(xml);
        System.Xml.Linq.XNamespace o = AutodiscoverXml.OutlookResponseNamespace;
        Assert.Equal(AutodiscoverXml.ResponseNamespace, root.Name.NamespaceName);
        Assert.Equal("u@b.example", root.Element(o + "Response")!.Element(o + "Account")!.Element(o + "RedirectAddr")!.Value);
    }

    [Fact]
    public void WriteRedirect_EscapesMarkupInAddresses()
    {
        string xml = Encoding.UTF8.GetString(AutodiscoverXml.WriteRedirect(AutodiscoverSchema.MobileSync, "<x>&@a.example", "u@b.example"));
        Assert.Contains("&lt;x&gt;&amp;@a.example", xml, StringComparison.Ordinal);
    }
}

public sealed class UserHasNoMailboxBodyTests
{
    [Theory]
    [InlineData(EasCommand.Sync, "<Sync xmlns=\"AirSync\"><Status>123</Status></Sync>")]
    [InlineData(EasCommand.FolderSync, "<FolderSync xmlns=\"FolderHierarchy\"><Status>123</Status></FolderSync>")]
    [InlineData(EasCommand.Ping, "<Ping xmlns=\"Ping\"><Status>123</Status></Ping>")]
    [InlineData(EasCommand.Provision, "<Provision xmlns=\"Provision\"><Status>123</Status></Provision>")]
    [InlineData(EasCommand.SendMail, "<SendMail xmlns=\"ComposeMail\"><Status>123</Status></SendMail>")]
    public void TryGet_Command_IsItsRootWithStatus123(EasCommand command, string expected)
    {
        Assert.True(UserHasNoMailboxBodies.TryGet(command, out byte[] body));
        Assert.Contains(expected, WbxmlXmlConverter.ToXml(body, indent: false), StringComparison.Ordinal);
    }
}

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("", null, 32768)]
    [InlineData("/Microsoft-Server-ActiveSync/", null, 32768)]
    [InlineData("/x", "/X", 32768)]
    [InlineData("/x", null, 10)]
    [InlineData("/x", null, 10_000_000)]
    public void Validate_BadOptions_Fails(string easPath, string? autodiscoverPath, int max)
    {
        var options = new HybridCoreOptions { ActiveSyncPath = new(easPath.Length == 0 ? null : easPath), MaxAutodiscoverRequestBytes = max };
        if (autodiscoverPath is not null)
        {
            options.AutodiscoverPath = new(autodiscoverPath);
        }

        Assert.True(new HybridCoreOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new HybridCoreOptionsValidator().Validate(null, new HybridCoreOptions()).Succeeded);
    }

    [Fact]
    public async Task Start_InvalidOptions_FailsAtStartUp()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => KestrelHost.StartAsync(o => o.MaxAutodiscoverRequestBytes = 1));
        Assert.Contains("MaxAutodiscoverRequestBytes", e.Message, StringComparison.Ordinal);
    }
}
