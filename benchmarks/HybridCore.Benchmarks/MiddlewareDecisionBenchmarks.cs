using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore;
using HybridCore.AspNetCore.ActiveSync;
using HybridCore.Redirect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HybridCore.Benchmarks;

/// <summary>
/// The ActiveSync middleware called directly on a reused <see cref="HttpContext"/> (no sockets): what the redirect
/// decision itself costs per request — request-line parse, directory lookup, resolver, 451 headers — against a
/// delegate that sets the same fixed 451 response.
/// </summary>
[MemoryDiagnoser]
public class MiddlewareDecisionBenchmarks
{
    private const string Location = "https://outlook.office365.com/Microsoft-Server-ActiveSync";

    private DefaultHttpContext _context = null!;
    private RequestDelegate _middleware = null!;
    private RequestDelegate _static = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        ServiceProvider provider = services.BuildServiceProvider();
        var options = Options.Create(new HybridCoreOptions());
        var directory = MiddlewareLoopbackBenchmarks.Lab();
        var middleware = new ActiveSyncRedirectMiddleware(
            _ => Task.CompletedTask,
            options,
            new HybridMiddlewareServices(directory, new ResolverCache(directory, RedirectPolicy.Default), new HybridCoreMetrics(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), TimeProvider.System, NullLoggerFactory.Instance));
        _middleware = middleware.InvokeAsync;
        _static = static context =>
        {
            context.Response.StatusCode = 451;
            context.Response.Headers[EasHeaders.XMSLocation] = Location;
            context.Response.Headers.CacheControl = "private";
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        };

        _context = new DefaultHttpContext();
        _context.Request.Method = HttpMethods.Post;
        _context.Request.Path = "/Microsoft-Server-ActiveSync";
        _context.Request.QueryString = new QueryString("?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone");
        _context.Request.Headers[EasHeaders.MSASProtocolVersion] = "14.1";
        _context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "user12@batre.msftonlinerepro.com")], "Bench"));
        Middleware().GetAwaiter().GetResult();
        if (_context.Response.StatusCode != 451 || _context.Response.Headers[EasHeaders.XMSLocation] != Location)
        {
            throw new InvalidOperationException("The middleware did not redirect.");
        }
    }

    [Benchmark(Baseline = true, Description = "static 451")]
    public Task Static451()
    {
        _context.Response.Headers.Clear();
        return _static(_context);
    }

    [Benchmark(Description = "middleware redirect decision")]
    public Task Middleware()
    {
        _context.Response.Headers.Clear();
        return _middleware(_context);
    }
}
