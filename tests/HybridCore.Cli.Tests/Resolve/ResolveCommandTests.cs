using System.Text.Json;

namespace HybridCore.Cli.Tests.Resolve;

public sealed class ResolveCommandTests
{
    private static async Task<JsonElement> JsonAsync(string user, string protocol = "14.1")
    {
        var (exit, output, error) = await CliRunner.RunAsync(["resolve", "--user", user, "--protocol", protocol, "--json"]);
        Assert.True(exit == ExitCodes.Ok, error);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public async Task Resolve_User12_Gets451ToOffice365AndRedirectAddr()
    {
        JsonElement r = await JsonAsync("user12@batre.msftonlinerepro.com");

        Assert.Equal(451, r.GetProperty("eas").GetProperty("httpStatus").GetInt32());
        Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", r.GetProperty("eas").GetProperty("location").GetString());
        Assert.Equal("On Premises to O365", r.GetProperty("eas").GetProperty("relationship").GetString());
        Assert.Equal("user12@batre.mail.onmicrosoft.com", r.GetProperty("autodiscover").GetProperty("redirectAddress").GetString());
        Assert.Equal("https://outlook.com/owa/batre.msftonlinerepro.com", r.GetProperty("owa").GetProperty("targetUrl").GetString());
        // Exchange Online wants 16.1 since 2026-03-01: a 14.1 device is warned about.
        Assert.Contains("ProtocolVersionBelowTargetMinimum", r.GetProperty("eas").GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task Resolve_Mig8_GetsUserHasNoMailboxBecauseNoRelationshipCoversTheRoutingDomain()
    {
        JsonElement eas = (await JsonAsync(@"CONTOSO\Mig8")).GetProperty("eas");

        Assert.Equal("UserHasNoMailbox", eas.GetProperty("action").GetString());
        Assert.Equal("NoRelationshipForRoutingDomain", eas.GetProperty("reason").GetString());
        // As Exchange at 14.1 (the Mig8 IIS line of the on-boarding article: sc-status 200, S123_Error:UserHasNoMailbox).
        Assert.Equal(200, eas.GetProperty("httpStatus").GetInt32());
        Assert.Equal(123, eas.GetProperty("easStatus").GetInt32());
    }

    [Theory]
    [InlineData("admin@batre.msftonlinerepro.com", "ServeLocally", "LocalMailbox")]
    [InlineData("user30@batre.msftonlinerepro.com", "UserHasNoMailbox", "TargetOwaUrlMissing")]
    [InlineData(@"CONTOSO\Kiosk3", "Redirect", "Redirected")]
    public async Task Resolve_DemoLab_EachCaseHasItsDecision(string user, string action, string reason)
    {
        JsonElement eas = (await JsonAsync(user)).GetProperty("eas");

        Assert.Equal(action, eas.GetProperty("action").GetString());
        Assert.Equal(reason, eas.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Resolve_DownLevelOnlyUser_WarnsAboutTheLogonName()
    {
        var (exit, output, _) = await CliRunner.RunAsync(["resolve", "--user", @"CONTOSO\Kiosk3"]);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("DOMAIN\\user; Office 365 wants the UPN", output, StringComparison.Ordinal);
        Assert.Contains("has no UPN", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_OldDevice_IsNotRedirected()
    {
        JsonElement r = await JsonAsync("user12@batre.msftonlinerepro.com", "12.1");

        Assert.Equal("ProtocolVersionTooLow", r.GetProperty("eas").GetProperty("reason").GetString());
        Assert.Equal("Redirect", r.GetProperty("easOptions").GetProperty("action").GetString());
    }

    [Fact]
    public async Task Resolve_UnknownUser_ExitsOneWithAClearMessage()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["resolve", "--user", "nobody@example.com"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("No recipient matches 'nobody@example.com'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_MissingDirectoryFile_ExitsOne()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["resolve", "--user", "u", "--directory", "/nonexistent/dir.json"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_InvalidDirectoryFile_ListsProblemsWithPaths()
    {
        string path = CliRunner.TempFile("""{ "relationships": [ { "name": "x", "domainNames": ["bad domain"] } ], "recipients": [] }""");
        try
        {
            var (exit, _, error) = await CliRunner.RunAsync(["resolve", "--user", "u", "--directory", path]);

            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Contains("relationships[0].domainNames[0]", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
