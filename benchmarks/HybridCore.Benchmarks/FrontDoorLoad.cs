using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HybridCore.AspNetCore.Authentication;
using HybridCore.AspNetCore;
using HybridCore.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HybridCore.Benchmarks;

/// <summary>
/// A bounded loopback load test of <c>hybridcore serve</c> (not a BenchmarkDotNet benchmark): a fixed number of
/// concurrent keep-alive connections send requests for a fixed time, and the run reports requests per second and
/// p50/p99 latency for
/// (a) 451 answers (ActiveSync Sync of a moved user with Basic credentials), with the credential check as shipped
///     (PBKDF2, 100 000 iterations), at the smallest accepted iteration count, and left out (a validator that compares
///     the password directly), so the pipeline's own cost shows;
/// (b) a request forwarded through YARP to a stand-in Exchange (Bearer: passed through, no credential check) against
///     the same request sent to that back end directly.
/// Everything — load generator, front door, back end — shares the machine's cores, so the numbers are relative.
/// Run: <c>dotnet run -c Release --project benchmarks/HybridCore.Benchmarks -- load [--seconds 5] [--connections 64]</c>.
/// </summary>
internal static class FrontDoorLoad
{
    private const string SyncQuery = "/Microsoft-Server-ActiveSync?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone";
    private const string Password = "P@ssw0rd-demo";
    private const int MaxRequestsPerScenario = 5_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        double seconds = 5;
        int connections = 64;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--connections":
                    connections = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; use --seconds N --connections N");
                    return 2;
            }
        }

        if (seconds is <= 0 or > 600 || connections is < 1 or > 1024)
        {
            Console.Error.WriteLine("--seconds must be in (0, 600] and --connections in [1, 1024].");
            return 2;
        }

        var duration = TimeSpan.FromSeconds(seconds);
        await using WebApplication backend = await StartBackendAsync();
        string backendUrl = Address(backend);

        HybridDirectoryFile demo = DirectoryLoader.Load(null);
        HybridDirectoryFile cheapHashes = WithIterations(PasswordHash.MinIterations);
        var results = new List<(string Name, Result Result)>();

        await using (var door = await StartFrontDoorAsync(demo, backendUrl, validator: null))
        {
            results.Add(("451, PBKDF2 100000 iterations (as shipped)", await MeasureAsync(door.Url, Sync451, connections, duration)));
        }

        await using (var door = await StartFrontDoorAsync(cheapHashes, backendUrl, validator: null))
        {
            results.Add(($"451, PBKDF2 {PasswordHash.MinIterations} iterations", await MeasureAsync(door.Url, Sync451, connections, duration)));
        }

        await using (var door = await StartFrontDoorAsync(demo, backendUrl, new PlainValidator()))
        {
            results.Add(("451, credential check left out", await MeasureAsync(door.Url, Sync451, connections, duration)));
            results.Add(("back end called directly", await MeasureAsync(backendUrl, Bearer, connections, duration)));
            results.Add(("forwarded through YARP", await MeasureAsync(door.Url, Bearer, connections, duration)));
        }

        Console.WriteLine();
        Console.WriteLine($"Loopback load, {connections} connections, {seconds:0.#} s per scenario, {Environment.ProcessorCount} cores shared by client, front door and back end:");
        Console.WriteLine();
        Console.WriteLine("| scenario | requests | errors | requests/s | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach ((string name, Result r) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Requests} | {r.Errors} | {r.PerSecond:0} | {r.P50:0.00} | {r.P99:0.00} |"));
        }

        Result direct = results.Single(r => r.Name == "back end called directly").Result;
        Result forwarded = results.Single(r => r.Name == "forwarded through YARP").Result;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"forwarded / direct throughput: {forwarded.PerSecond / direct.PerSecond:0.00}"));
        return results.Any(r => r.Result.Requests == 0 || r.Result.Errors > 0) ? 1 : 0;
    }

    private static HttpRequestMessage Sync451(string baseUrl)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + SyncQuery) { Content = new ByteArrayContent([0x03, 0x01, 0x6A, 0x00]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("user12@batre.msftonlinerepro.com:" + Password)));
        request.Headers.TryAddWithoutValidation("MS-ASProtocolVersion", "14.1");
        return request;
    }

    private static HttpRequestMessage Bearer(string baseUrl)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + SyncQuery) { Content = new ByteArrayContent([0x03, 0x01, 0x6A, 0x00]) };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJtYWlsIn0.c2ln");
        request.Headers.TryAddWithoutValidation("MS-ASProtocolVersion", "16.1");
        return request;
    }

    private sealed record Result(long Requests, long Errors, double PerSecond, double P50, double P99);

    private static async Task<Result> MeasureAsync(string baseUrl, Func<string, HttpRequestMessage> make, int connections, TimeSpan duration)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, AllowAutoRedirect = false });
        int expected = -1;
        using (HttpRequestMessage probe = make(baseUrl))
        using (HttpResponseMessage first = await client.SendAsync(probe))
        {
            expected = (int)first.StatusCode;
        }

        // Warm-up, then the measured window; every loop is bounded by time and by count.
        await RunWindowAsync(client, baseUrl, make, connections, TimeSpan.FromSeconds(Math.Min(1, duration.TotalSeconds)), expected);
        return await RunWindowAsync(client, baseUrl, make, connections, duration, expected);
    }

    private static async Task<Result> RunWindowAsync(HttpClient client, string baseUrl, Func<string, HttpRequestMessage> make, int connections, TimeSpan duration, int expected)
    {
        var latencies = new List<double>[connections];
        long errors = 0;
        long total = 0;
        var clock = Stopwatch.StartNew();
        var workers = new Task[connections];
        for (int w = 0; w < connections; w++)
        {
            var mine = latencies[w] = new List<double>(4096);
            workers[w] = Task.Run(async () =>
            {
                while (clock.Elapsed < duration && Interlocked.Increment(ref total) <= MaxRequestsPerScenario)
                {
                    long start = Stopwatch.GetTimestamp();
                    try
                    {
                        using HttpRequestMessage request = make(baseUrl);
                        using HttpResponseMessage response = await client.SendAsync(request);
                        await response.Content.LoadIntoBufferAsync();
                        if ((int)response.StatusCode != expected)
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            });
        }

        await Task.WhenAll(workers);
        double elapsed = clock.Elapsed.TotalSeconds;
        double[] all = latencies.SelectMany(l => l).Order().ToArray();
        return all.Length == 0
            ? new Result(0, errors, 0, 0, 0)
            : new Result(all.Length, errors, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<WebApplication> StartBackendAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        byte[] answer = [0x03, 0x01, 0x6A, 0x00, 0x00, 0x00, 0x45, 0x4E, 0x03, 0x31, 0x00, 0x01, 0x01];
        app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/vnd.ms-sync.wbxml";
            context.Response.ContentLength = answer.Length;
            await context.Response.Body.WriteAsync(answer);
        });
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app) => app.Urls.First();

    private sealed class Door(WebApplication app) : IAsyncDisposable
    {
        public string Url => FrontDoor.Addresses(app).First();

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<Door> StartFrontDoorAsync(HybridDirectoryFile directory, string backend, IHybridCredentialValidator? validator)
    {
        WebApplication app = FrontDoor.Build(new FrontDoorSettings
        {
            Directory = directory,
            Environment = new Dictionary<string, string?>(),
            CommandLine = new Dictionary<string, string?>
            {
                ["FrontDoor:Urls"] = "http://127.0.0.1:0",
                ["FrontDoor:Backends:0"] = backend,
                ["FrontDoor:FailedLogonsPerUser"] = "0",
                ["FrontDoor:FailedLogonsPerAddress"] = "0",
            },
            MinimumLogLevel = LogLevel.Warning,
            CredentialValidator = validator,
            ConfigureLogging = _ => { },
        });
        await app.StartAsync();
        return new Door(app);
    }

    /// <summary>The demo directory with every password re-hashed at <paramref name="iterations"/>.</summary>
    private static HybridDirectoryFile WithIterations(int iterations)
    {
        string text = Encoding.UTF8.GetString(DirectoryLoader.ReadDemoBytes());
        HybridDirectoryFile demo = HybridDirectoryFile.Parse(DirectoryLoader.ReadDemoBytes());
        foreach ((string user, string hash) in demo.PasswordHashes)
        {
            text = text.Replace(hash, PasswordHash.Create(Password, iterations), StringComparison.Ordinal);
        }

        return HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Accepts the demo password for any user the directory knows, without hashing: the pipeline's cost alone.</summary>
    private sealed class PlainValidator : IHybridCredentialValidator
    {
        public ValueTask<string?> ValidateAsync(string userName, string password, CancellationToken cancellationToken) =>
            new(password == Password ? userName : null);
    }
}
