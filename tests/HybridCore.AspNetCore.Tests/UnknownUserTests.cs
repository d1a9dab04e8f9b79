using HybridCore.ActiveSync;
using HybridCore.AspNetCore.Tests.Infrastructure;

namespace HybridCore.AspNetCore.Tests;

/// <summary><see cref="HybridCoreOptions.PassUnknownUsersToNext"/>: for directories that only hold moved mailboxes.</summary>
public sealed class UnknownUserTests
{
    private static async Task<HttpResponseMessage> SendAsync(KestrelHost host, string user)
    {
        // The host checks passwords against one file and redirects from another that lacks this user.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync?Cmd=Sync&User=x&DeviceId=D1&DeviceType=iPhone");
        request.Headers.Authorization = KestrelHost.Basic(user);
        request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, "14.1");
        return await host.Client.SendAsync(request);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AuthenticatedUserNotInDirectory_FollowsTheOption(bool passThrough)
    {
        // The credentials belong to "ghost", whom the redirect directory does not list.
        var logons = InMemoryHybridDirectory.FromJson(System.Text.Encoding.UTF8.GetBytes(
            """{ "relationships": [], "recipients": [ { "kind": "LocalMailbox", "identity": "ghost", "userPrincipalName": "ghost@batre.msftonlinerepro.com" } ] }"""));
        var auth = new TestCredentialValidator(logons, TestLab.Password);
        await using KestrelHost host = await KestrelHost.StartAsync(o => o.PassUnknownUsersToNext = passThrough, redirects: TestLab.Directory, credentials: auth);

        using HttpResponseMessage response = await SendAsync(host, "ghost@batre.msftonlinerepro.com");

        // Both are HTTP 200 at 14.1: UserHasNoMailbox (Status 123 in a WBXML Sync body) or the next handler's text.
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(passThrough, body.StartsWith(KestrelHost.LocalMarker, StringComparison.Ordinal));
        Assert.Equal(!passThrough, response.Content.Headers.ContentType?.MediaType == "application/vnd.ms-sync.wbxml");
    }
}
