using System.Net;
using System.Text;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore.Autodiscover;
using HybridCore.AspNetCore.Tests.Autodiscover;
using HybridCore.AspNetCore.Tests.Infrastructure;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore.Tests;

/// <summary>
/// docs/design.md §7: an unauthenticated caller learns nothing about a user, so the middleware must not even ask the
/// directory before authentication; and the Autodiscover size limit holds for bodies without Content-Length.
/// </summary>
public sealed class SecurityContractTests
{
    private const string PlainSync = "/Microsoft-Server-ActiveSync?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone";

    [Theory]
    [InlineData(null)]
    [InlineData("wrong password")]
    public async Task Unauthenticated_GetsA401_BeforeAnyDirectoryLookup(string? password)
    {
        var directory = new CountingDirectory(TestLab.Directory);
        await using KestrelHost host = await KestrelHost.StartAsync(directory: directory);
        HttpClient client = host.Client;

        using HttpResponseMessage eas = await client.SendAsync(Eas(password));
        using HttpResponseMessage autodiscover = await client.SendAsync(Autodiscover(password));

        Assert.Equal(HttpStatusCode.Unauthorized, eas.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, autodiscover.StatusCode);
        Assert.Equal(0, directory.Calls);

        // The same requests, authenticated, do reach the directory: the count above can fail.
        using HttpResponseMessage easOk = await client.SendAsync(Eas(TestLab.Password));
        Assert.Equal(EasHttpStatusCodes.Redirect, (int)easOk.StatusCode);
        Assert.True(directory.Calls > 0);
    }

    [Fact]
    public async Task Autodiscover_ChunkedBodyOverTheLimit_Gets413WithoutALookup()
    {
        var directory = new CountingDirectory(TestLab.Directory);
        await using KestrelHost host = await KestrelHost.StartAsync(directory: directory);
        HttpClient client = host.Client;
        string body = AutodiscoverMiddlewareTests.PoxRequest(TestLab.User12).Replace("<Request>", "<Request>" + new string(' ', 40_000), StringComparison.Ordinal);
        using HttpRequestMessage request = Autodiscover(TestLab.Password, body);
        request.Headers.TransferEncodingChunked = true;

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, directory.Calls);
    }

    [Fact]
    public async Task Autodiscover_BodyWithoutContentLengthOverTheLimit_Gets413()
    {
        var directory = new CountingDirectory(TestLab.Directory);
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new HybridCoreOptions();
        var middleware = new AutodiscoverRedirectMiddleware(
            _ => throw new InvalidOperationException("must not pass on"),
            Options.Create(options),
            new HybridMiddlewareServices(directory, new ResolverCache(directory, RedirectPolicy.Default), new HybridCoreMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), TimeProvider.System, NullLoggerFactory.Instance));
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = options.AutodiscoverPath;
        context.Request.Body = new MemoryStream(new byte[options.MaxAutodiscoverRequestBytes + 1]);
        context.User = new FixedPrincipal(TestLab.User12);
        Assert.Null(context.Request.ContentLength);

        await middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, context.Response.StatusCode);
        Assert.Equal(0, directory.Calls);
    }

    private static HttpRequestMessage Eas(string? password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, PlainSync) { Content = new ByteArrayContent([]) };
        request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, "14.1");
        if (password is not null)
        {
            request.Headers.Authorization = KestrelHost.Basic(TestLab.User12, password);
        }

        return request;
    }

    private static HttpRequestMessage Autodiscover(string? password, string? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/autodiscover/autodiscover.xml")
        {
            Content = new StringContent(body ?? AutodiscoverMiddlewareTests.PoxRequest(TestLab.User12), Encoding.UTF8, "text/xml"),
        };
        if (password is not null)
        {
            request.Headers.Authorization = KestrelHost.Basic(TestLab.User12, password);
        }

        return request;
    }

    /// <summary>Counts every call the middleware makes (the credential validator uses its own directory).</summary>
    private sealed class CountingDirectory(IHybridDirectory inner) : IHybridDirectory
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<RecipientLookupResult> FindRecipientAsync(string userName, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.FindRecipientAsync(userName, cancellationToken);
        }

        public ValueTask<RelationshipIndex> GetRelationshipsAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.GetRelationshipsAsync(cancellationToken);
        }
    }
}
