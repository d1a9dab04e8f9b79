using HybridCore.AspNetCore.FrontDoor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HybridCore.AspNetCore.Tests.FrontDoor;

/// <summary>The front door's pieces that need no server: challenge merging, credential routing, option checks, dependencies.</summary>
public sealed class FrontDoorUnitTests
{
    [Fact]
    public void Merge_KeepsTheBackEndsChallengesFirst_AndAddsOnlySchemesItDidNotOffer()
    {
        StringValues merged = BackendChallengeMiddleware.Merge(
            new StringValues(["Bearer authorization_uri=\"https://login.windows.net/common/oauth2/authorize\"", "Negotiate", "Basic realm=\"mail.contoso.com\""]),
            new StringValues(["Basic realm=\"HybridCore\", charset=\"UTF-8\""]));
        Assert.Equal(new[] { "Bearer authorization_uri=\"https://login.windows.net/common/oauth2/authorize\"", "Negotiate", "Basic realm=\"mail.contoso.com\"" }, merged.ToArray().Select(v => v!).ToArray());

        merged = BackendChallengeMiddleware.Merge(new StringValues("NTLM"), new StringValues("Basic realm=\"HybridCore\""));
        Assert.Equal(new[] { "NTLM", "Basic realm=\"HybridCore\"" }, merged.ToArray().Select(v => v!).ToArray());
    }

    [Theory]
    [InlineData("Bearer eyJ0", false)]
    [InlineData("Bearer ", false)]
    [InlineData("bearer x", false)]
    [InlineData("Negotiate YIIG", false)]
    [InlineData("NTLM TlRMTVNTUAAB", false)]
    [InlineData("Basic dXNlcjpwYXNz", true)]
    [InlineData("Digest x", true)]
    [InlineData(null, true)]
    public void Routing_ByAuthorizationScheme(string? authorization, bool judgedByHybridCore)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        Assert.Equal(judgedByHybridCore, HybridFrontDoorExtensions.IsJudgedByHybridCore(context, new HybridFrontDoorOptions()));
        if (authorization is null)
        {
            Assert.False(HybridFrontDoorExtensions.IsJudgedByHybridCore(context, new HybridFrontDoorOptions { AnonymousToBackend = true }));
        }
    }

    [Fact]
    public void Validator_NamesEveryProblem()
    {
        var options = new HybridFrontDoorOptions
        {
            AutodiscoverV2Path = new PathString("/autodiscover/"),
            MaxAutodiscoverV2Redirects = 0,
            FailedLogonsPerUser = -1,
            FailedLogonWindow = TimeSpan.Zero,
            AutodiscoverV2Access = (AutodiscoverV2Access)7,
        };
        options.BackendAuthenticationSchemes.Add("Basic");
        options.AdditionalChallenges.Add("Bearer\r\nX-Injected: 1");

        var result = new HybridFrontDoorOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        string all = string.Join("\n", result.Failures!);
        foreach (string expected in new[] { "AutodiscoverV2Path", "MaxAutodiscoverV2Redirects", "must not contain Basic", "control characters", "FailedLogonsPerUser", "FailedLogonWindow", "AutodiscoverV2Access" })
        {
            Assert.Contains(expected, all, StringComparison.Ordinal);
        }

        Assert.True(new HybridFrontDoorOptionsValidator().Validate(null, new HybridFrontDoorOptions()).Succeeded);
    }

    [Fact]
    public void Package_TakesNoProxyOrOpenTelemetryDependency()
    {
        string[] references = typeof(HybridFrontDoorOptions).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.Contains("HybridCore", references);
        Assert.DoesNotContain(references, r => r.StartsWith("OpenTelemetry", StringComparison.Ordinal) || r.StartsWith("Yarp", StringComparison.Ordinal));
    }
}
