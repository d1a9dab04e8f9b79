using System.Security.Claims;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore.ActiveSync;
using HybridCore.AspNetCore.Tests.Infrastructure;
using HybridCore.Redirect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore.Tests.ActiveSync;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AspNetCoreAllocationCollection
{
    public const string Name = "AspNetCoreAllocation";
}

/// <summary>
/// The per-request decision allocates nothing once warmed up (the HttpContext is reused, as Kestrel pools it).
/// The principal's name is read through a fixed identity: <see cref="ClaimsPrincipal.Identity"/> and
/// <see cref="ClaimsIdentity.Name"/> enumerate their lists through IEnumerable, which boxes an enumerator
/// (80 B per request) until the JIT's escape analysis removes it in fully optimized code — ASP.NET's cost, paid
/// by every middleware that reads the user name, not the decision's.
/// </summary>
[Collection(AspNetCoreAllocationCollection.Name)]
public sealed class AllocationTests
{
    private static (RequestDelegate Middleware, DefaultHttpContext Context) Create(string user, string query, string method = "POST")
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var directory = TestLab.Directory;
        var middleware = new ActiveSyncRedirectMiddleware(
            _ => Task.CompletedTask,
            Options.Create(new HybridCoreOptions()),
            new HybridMiddlewareServices(directory, new ResolverCache(directory, RedirectPolicy.Default), new HybridCoreMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), TimeProvider.System, NullLoggerFactory.Instance));
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = "/Microsoft-Server-ActiveSync";
        context.Request.QueryString = new QueryString(query);
        context.Request.Headers[EasHeaders.MSASProtocolVersion] = "14.1";
        context.User = new FixedPrincipal(user);
        return (middleware.InvokeAsync, context);
    }

    private static long Measure(RequestDelegate middleware, DefaultHttpContext context, int expectedStatus)
    {
        void Once()
        {
            context.Response.Headers.Clear();
            Task t = middleware(context);
            if (!t.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("The decision should complete synchronously for an in-memory directory.");
            }
        }

        // Warm up past tiered compilation (call-count threshold, then a background re-JIT), as a server is.
        Allocations.WarmUpPastTieredCompilation(Once);
        Assert.Equal(expectedStatus, context.Response.StatusCode);
        return Allocations.Measure(Once, iterations: 200, warmup: 0);
    }

    [Fact]
    public void Redirect_PlainQuery_AllocatesNothing()
    {
        var (m, c) = Create(TestLab.User12, "?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone");
        Assert.Equal(0, Measure(m, c, 451));
    }

    [Fact]
    public void Redirect_Base64Query_AllocatesNothing()
    {
        string q = "?" + EasRequestWriter.WriteBase64(new EasRequest { Command = EasCommand.Sync, DeviceId = "ABCDEF0123456789", DeviceType = "iPhone", ProtocolVersion = EasProtocolVersion.V14_1, User = "user12" });
        var (m, c) = Create(@"CONTOSO\user12", q);
        Assert.Equal(0, Measure(m, c, 451));
    }

    [Fact]
    public void UserHasNoMailbox_200WithStatusBody_AllocatesNothing()
    {
        // Mig8's routing domain has no relationship: 200 with the cached Status 123 Sync body.
        var (m, c) = Create(TestLab.Mig8, "?Cmd=Sync&User=Mig8&DeviceId=ABCDEF0123456789&DeviceType=iPhone");
        Assert.Equal(0, Measure(m, c, 200));
    }

    [Fact]
    public void LocalMailbox_PassOn_AllocatesNothing()
    {
        var (m, c) = Create(TestLab.Admin, "?Cmd=Sync&User=admin&DeviceId=ABCDEF0123456789&DeviceType=iPhone");
        c.Response.StatusCode = 200;
        Assert.Equal(0, Measure(m, c, 200));
    }
}
