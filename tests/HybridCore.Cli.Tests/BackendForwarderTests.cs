using Microsoft.AspNetCore.Http;

namespace HybridCore.Cli.Tests;

/// <summary>Where the forwarder sends a request: always the configured back end, whatever the request target.</summary>
public sealed class BackendForwarderTests
{
    private static readonly Uri Backend = new("http://backend.internal:8080/");

    private static Uri Target(string path, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Path = new PathString(path);
        context.Request.QueryString = new QueryString(query);
        return BackendForwarder.TargetFor(Backend, context.Request);
    }

    [Theory]
    [InlineData("//attacker.example/steal")]      // network-path reference: would replace the host if resolved
    [InlineData("//attacker.example:443/x")]
    [InlineData("/\\attacker.example/x")]
    [InlineData("/@attacker.example/x")]
    public void RequestTargetThatLooksLikeAnAuthority_StaysOnTheBackend(string path)
    {
        Uri target = Target(path);

        Assert.Equal("backend.internal", target.Host);
        Assert.Equal(8080, target.Port);
        Assert.Equal(Uri.UriSchemeHttp, target.Scheme);
    }

    [Fact]
    public void PathAndQuery_AreKept()
    {
        Uri target = Target("/Microsoft-Server-ActiveSync", "?Cmd=Sync&User=admin");

        Assert.Equal("http://backend.internal:8080/Microsoft-Server-ActiveSync?Cmd=Sync&User=admin", target.AbsoluteUri);
    }
}
