using System.Net;
using BenchmarkDotNet.Attributes;
using HybridCore.ActiveSync;
using Microsoft.AspNetCore.Builder;

namespace HybridCore.Benchmarks;

/// <summary>
/// Throughput: batches of <see cref="Batch"/> concurrent EAS requests over loopback keep-alive connections to
/// the redirecting middleware and to the static-451 server (same status line, same header, same cheap
/// authentication). The reported time is per request, so requests per second = 1 s / Mean.
/// </summary>
[MemoryDiagnoser]
public class HostThroughputBenchmarks
{
    private const int Batch = 64;
    private const string Query = "/Microsoft-Server-ActiveSync?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone";

    private WebApplication _redirect = null!;
    private WebApplication _static = null!;
    private HttpClient _redirectClient = null!;
    private HttpClient _staticClient = null!;
    private readonly Task<HttpStatusCode>[] _tasks = new Task<HttpStatusCode>[Batch];

    [GlobalSetup]
    public void Setup()
    {
        _redirect = MiddlewareLoopbackBenchmarks.Start(staticAnswer: false, out _redirectClient);
        _static = MiddlewareLoopbackBenchmarks.Start(staticAnswer: true, out _staticClient);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _redirectClient.Dispose();
        _staticClient.Dispose();
        _redirect.StopAsync().GetAwaiter().GetResult();
        _static.StopAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "static 451, 64 concurrent")]
    public Task Static451() => RunBatch(_staticClient);

    [Benchmark(OperationsPerInvoke = Batch, Description = "middleware redirect, 64 concurrent")]
    public Task MiddlewareRedirect() => RunBatch(_redirectClient);

    private async Task RunBatch(HttpClient client)
    {
        for (int i = 0; i < Batch; i++)
        {
            _tasks[i] = Send(client);
        }

        foreach (Task<HttpStatusCode> t in _tasks)
        {
            if ((int)await t.ConfigureAwait(false) != 451)
            {
                throw new InvalidOperationException("Expected 451.");
            }
        }
    }

    private static async Task<HttpStatusCode> Send(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Query);
        request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, "14.1");
        request.Headers.TryAddWithoutValidation(MiddlewareLoopbackBenchmarks.HeaderAuthenticationHandler.Header, "user12@batre.msftonlinerepro.com");
        using HttpResponseMessage response = await client.SendAsync(request).ConfigureAwait(false);
        return response.StatusCode;
    }
}
