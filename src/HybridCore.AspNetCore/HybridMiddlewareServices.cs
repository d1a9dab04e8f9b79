using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HybridCore.AspNetCore;

/// <summary>
/// What every HybridCore middleware takes from the container besides its options: the directory, the redirect
/// resolvers built over it, the metrics, the clock and the loggers; and the one answer they all give an anonymous
/// request. <c>AddHybridCore()</c> registers it, so a middleware's constructor is
/// <c>(RequestDelegate next, IOptions&lt;TOptions&gt; options, HybridMiddlewareServices services)</c>.
/// </summary>
internal sealed class HybridMiddlewareServices(IHybridDirectory directory, ResolverCache resolvers, HybridCoreMetrics metrics, TimeProvider time, ILoggerFactory loggers)
{
    public IHybridDirectory Directory { get; } = directory;

    public ResolverCache Resolvers { get; } = resolvers;

    public HybridCoreMetrics Metrics { get; } = metrics;

    public TimeProvider Time { get; } = time;

    /// <summary>The logger of a middleware, under its type's name as <c>ILogger&lt;T&gt;</c> would be.</summary>
    public ILogger CreateLogger<T>() => loggers.CreateLogger<T>();

    /// <summary>The name of the authenticated user, or false for an anonymous request (or one without a name).</summary>
    public static bool TryGetUserName(HttpContext context, [NotNullWhen(true)] out string? userName)
    {
        userName = context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;
        return userName is not null;
    }

    /// <summary>
    /// Answers an anonymous request with the authentication challenge, counted as unauthenticated and logged at Debug.
    /// Nothing about the user is looked at before authentication: a redirect reveals that the user exists and where
    /// the mailbox lives (docs/architecture.md).
    /// </summary>
    public Task ChallengeAsync(HttpContext context, ILogger logger, string protocol, string metricProtocol, string? scheme = null)
    {
        Metrics.Request(metricProtocol, MetricValues.Unauthenticated);
        Log.Challenge(logger, protocol);
        return context.ChallengeAsync(scheme);
    }
}
