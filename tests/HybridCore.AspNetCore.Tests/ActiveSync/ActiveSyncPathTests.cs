using System.Net;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore.ActiveSync;
using HybridCore.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace HybridCore.AspNetCore.Tests.ActiveSync;

/// <summary>The paths and methods devices and IIS use, against a real Kestrel server.</summary>
public sealed class ActiveSyncPathTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Query = "?Cmd=FolderSync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone";

    private static HttpRequestMessage Request(HttpMethod method, string path, string? user = TestLab.User12)
    {
        var request = new HttpRequestMessage(method, path + Query);
        if (user is not null)
        {
            request.Headers.Authorization = KestrelHost.Basic(user, TestLab.Password);
        }

        request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, "14.1");
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent([]);
        }

        return request;
    }

    [Theory]
    [InlineData("/Microsoft-Server-ActiveSync/")]
    [InlineData("/Microsoft-Server-ActiveSync/default.eas")]
    [InlineData("/microsoft-server-activesync/Default.EAS")]
    [InlineData("/MICROSOFT-SERVER-ACTIVESYNC/")]
    public async Task Post_PathWithTrailingSlashOrDefaultEas_IsRedirected(string path)
    {
        // These used to bypass the middleware and carry a moved user's credentials to the back end.
        using HttpResponseMessage response = await fixture.Client.SendAsync(Request(HttpMethod.Post, path));

        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal(TestLab.Cloud, response.Headers.GetValues(EasHeaders.XMSLocation).Single());
    }

    [Theory]
    [InlineData("/Microsoft-Server-ActiveSync/other")]
    [InlineData("/Microsoft-Server-ActiveSync/default.eas/x")]
    [InlineData("/Microsoft-Server-ActiveSyncX")]
    public async Task Post_OtherPathsUnderOrBesideIt_AreNotTouched(string path)
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Request(HttpMethod.Post, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(KestrelHost.LocalMarker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", TestLab.User12)]
    [InlineData("PUT", TestLab.User12)]
    [InlineData("TRACE", TestLab.User12)]
    [InlineData("DELETE", null)]
    public async Task KnownMethodOtherThanPostOrOptions_Gets405WithAllow_NeverARedirect(string method, string? user)
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Request(new HttpMethod(method), "/Microsoft-Server-ActiveSync", user));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["OPTIONS", "POST"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.False(response.Headers.Contains(EasHeaders.XMSLocation));
    }

    [Fact]
    public async Task UnknownMethod_Gets501()
    {
        using HttpResponseMessage response = await fixture.Client.SendAsync(Request(new HttpMethod(new string('X', 300)), "/Microsoft-Server-ActiveSync/default.eas"));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.False(response.Headers.Contains(EasHeaders.XMSLocation));
    }

    [Theory]
    [InlineData("/Microsoft-Server-ActiveSync", true)]
    [InlineData("/microsoft-server-activesync/", true)]
    [InlineData("/Microsoft-Server-ActiveSync/DEFAULT.eas", true)]
    [InlineData("/Microsoft-Server-ActiveSync//", false)]
    [InlineData("/Microsoft-Server-ActiveSync/default.easx", false)]
    [InlineData("/", false)]
    public void IsActiveSyncPath(string path, bool expected)
    {
        Assert.Equal(expected, ActiveSyncRedirectMiddleware.IsActiveSyncPath(new PathString(path), new PathString("/Microsoft-Server-ActiveSync")));
    }
}
