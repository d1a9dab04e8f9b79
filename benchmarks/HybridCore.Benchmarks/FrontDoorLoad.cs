using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HybridCore.AspNetCore.Authentication;
using HybridCore.Cli.Authentication;
using HybridCore.AspNetCore;
using HybridCore.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridCore.Benchmarks;

/// <summary>
/// A bounded loopback load test of <c>hybridcore serve</c> (not a BenchmarkDotNet benchmark): a fixed number of
/// concurrent keep-alive connections send requests for a fixed time, and the run reports requests per second,
/// p50/p99 latency and the process's CPU per request for
/// (a) 451 answers (ActiveSync Sync of a moved user with Basic credentials), with the credential check as shipped
///     (PBKDF2, 100 000 iterations), at the smallest accepted iteration count, and left out (a validator that compares
///     the password directly), so the pipeline's own cost shows;
/// (b) a request forwarded through YARP (Bearer: passed through, no credential check) against the same request sent
///     to the back end directly, once with a back end that answers at once (CPU-bound: every cost of the proxy shows)
///     and once with an Exchange-like back end that takes a fixed service time per request (what the proxy adds to
///     a real request).
/// Everything — load generator, front door, back end — shares the machine's cores, so the numbers are relative; the
/// front door's own CPU per forwarded request is the difference of the process's CPU per request between the
/// forwarded and the direct scenario. Results and how to read them: docs/perf/front-door-load.md.
/// Run: <c>dotnet run -c Release --project benchmarks/HybridCore.Benchmarks -- load [--seconds 5] [--connections 64]
/// [--rounds 2] [--service-ms 5] [--only 451,forwarded,…]</c>.
/// </summary>
internal static class FrontDoorLoad
{
    private const string SyncQuery = "/Microsoft-Server-ActiveSync?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone";
    private const string Password = "P@ssw0rd-demo";
    private const int MaxRequestsPerScenario = 5_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        double seconds = 5;
        double warmup = 1;
        int connections = 64;
        int serviceMs = 5;
        int rounds = 2;
        string[]? only = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--connections":
                    connections = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--service-ms":
                    serviceMs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--only":
                    only = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; use --seconds N --warmup N --connections N --service-ms N --rounds N --only KEY,KEY");
                    return 2;
            }
        }

        if (seconds is <= 0 or > 600 || warmup is < 0 or > 60 || connections is < 1 or > 1024 || serviceMs is < 1 or > 1000 || rounds is < 1 or > 10)
        {
            Console.Error.WriteLine("--seconds must be in (0, 600], --warmup in [0, 60], --connections in [1, 1024], --service-ms in [1, 1000] and --rounds in [1, 10].");
            return 2;
        }

        if (only?.FirstOrDefault(k => !Scenarios.Any(s => s.Key == k)) is { } unknown)
        {
            Console.Error.WriteLine($"unknown scenario {unknown}; the scenarios are {string.Join(", ", Scenarios.Select(s => s.Key))}");
            return 2;
        }

        var run = new Run(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(warmup), connections, TimeSpan.FromMilliseconds(serviceMs));
        await using WebApplication idle = await StartBackendAsync(TimeSpan.Zero);
        await using WebApplication exchange = await StartBackendAsync(run.ServiceTime);
        var backends = new Backends(Address(idle), Address(exchange));
        var results = new List<(Scenario Scenario, Result Result)>();

        // The scenarios run in the order given (a key may repeat), all of them once per round, and only the last round
        // is reported. The first round warms the process up: under load, tiered JIT compilation with dynamic PGO takes
        // 10 s or more to reach steady-state code on this machine, and whichever scenario ran first paid for it (with one
        // round the first scenario measures about half to a fifth of its steady-state throughput).
        Scenario[] chosen = only?.Select(k => Scenarios.Single(s => s.Key == k)).ToArray() ?? Scenarios;
        for (int round = 1; round <= rounds; round++)
        {
            results.Clear();
            foreach (Scenario scenario in chosen)
            {
                Result result = await scenario.MeasureAsync(run, backends);
                results.Add((scenario, result));
                if (round < rounds)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up round {round}: {scenario.Name}: {result.PerSecond:0} requests/s"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Loopback load, round {rounds} of {rounds}, {connections} connections, {seconds:0.#} s per scenario after {warmup:0.#} s of warm-up, {Environment.ProcessorCount} cores shared by client, front door and back end; the Exchange-like back end answers after {serviceMs} ms.");
        Console.WriteLine("CPU is the whole process's (load generator, front door and back end) per request.");
        Console.WriteLine();
        Console.WriteLine("| scenario | requests | errors | requests/s | p50 ms | p99 ms | CPU µs/request |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach ((Scenario scenario, Result r) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {scenario.Name} | {r.Requests} | {r.Errors} | {r.PerSecond:0} | {r.P50:0.00} | {r.P99:0.00} | {r.CpuMicroseconds:0.0} |"));
        }

        Console.WriteLine();
        Compare(results, "direct", "forwarded", "no-op back end (CPU-bound)");
        Compare(results, "direct", "forwarded-bare", "no-op back end, bare YARP");
        Compare(results, "direct-exchange", "forwarded-exchange", $"back end with {serviceMs} ms service time");
        return results.Any(r => r.Result.Requests == 0 || r.Result.Errors > 0) ? 1 : 0;
    }

    /// <summary>Forwarded vs direct throughput, and the front door's CPU per forwarded request: the whole process's CPU
    /// per forwarded request less that per direct request (the load generator and the back end do the same work in both).</summary>
    private static void Compare(List<(Scenario Scenario, Result Result)> results, string directKey, string forwardedKey, string label)
    {
        Result? direct = results.FirstOrDefault(r => r.Scenario.Key == directKey).Result;
        Result? forwarded = results.FirstOrDefault(r => r.Scenario.Key == forwardedKey).Result;
        if (direct is null || forwarded is null || direct.PerSecond == 0)
        {
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: forwarded / direct throughput {forwarded.PerSecond / direct.PerSecond:0.00}; the front door's CPU per forwarded request {forwarded.CpuMicroseconds - direct.CpuMicroseconds:0} µs"));
    }

    private sealed record Run(TimeSpan Duration, TimeSpan Warmup, int Connections, TimeSpan ServiceTime);

    private sealed record Backends(string Idle, string Exchange);

    private sealed record Scenario(string Key, string Name, Func<Run, Backends, Task<Result>> MeasureAsync);

    private static readonly Scenario[] Scenarios =
    [
        new("451", "451, PBKDF2 100000 iterations (as shipped)", (run, b) => ThroughDoorAsync(run, b.Idle, DirectoryLoader.Load(null), null, Sync451)),
        new("451-1000", $"451, PBKDF2 {PasswordHash.MinIterations} iterations", (run, b) => ThroughDoorAsync(run, b.Idle, WithIterations(PasswordHash.MinIterations), null, Sync451)),
        new("451-nocheck", "451, credential check left out", (run, b) => ThroughDoorAsync(run, b.Idle, DirectoryLoader.Load(null), new PlainValidator(), Sync451)),
        new("direct", "no-op back end called directly", (run, b) => MeasureAsync(b.Idle, Bearer, run)),
        new("forwarded", "no-op back end, forwarded through YARP", (run, b) => ThroughDoorAsync(run, b.Idle, DirectoryLoader.Load(null), null, Bearer)),
        new("forwarded-bare", "no-op back end, forwarded by a bare YARP app (no HybridCore)", (run, b) => ThroughBareYarpAsync(run, b.Idle)),
        new("direct-exchange", "Exchange-like back end called directly", (run, b) => MeasureAsync(b.Exchange, Bearer, run)),
        new("forwarded-exchange", "Exchange-like back end, forwarded through YARP", (run, b) => ThroughDoorAsync(run, b.Exchange, DirectoryLoader.Load(null), null, Bearer)),
    ];

    /// <summary>The same forwarding with nothing of HybridCore's: Kestrel, YARP's direct forwarder with its defaults, and
    /// logging at Warning, so that (forwarded − forwarded-bare) is what the front door adds to YARP.</summary>
    private static async Task<Result> ThroughBareYarpAsync(Run run, string backend)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        await using WebApplication app = builder.Build();
        app.MapForwarder("/{**catch-all}", backend);
        await app.StartAsync();
        return await MeasureAsync(Address(app), Bearer, run);
    }

    private static async Task<Result> ThroughDoorAsync(Run run, string backend, HybridDirectoryFile directory, IHybridCredentialValidator? validator, Func<string, HttpRequestMessage> make)
    {
        await using Door door = await StartFrontDoorAsync(directory, backend, validator);
        return await MeasureAsync(door.Url, make, run);
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

    private sealed record Result(long Requests, long Errors, double PerSecond, double P50, double P99, double CpuMicroseconds);

    private static async Task<Result> MeasureAsync(string baseUrl, Func<string, HttpRequestMessage> make, Run run)
    {
        int connections = run.Connections;
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, AllowAutoRedirect = false });
        int expected = -1;
        using (HttpRequestMessage probe = make(baseUrl))
        using (HttpResponseMessage first = await client.SendAsync(probe))
        {
            expected = (int)first.StatusCode;
        }

        // Warm-up, then the measured window; every loop is bounded by time and by count.
        await RunWindowAsync(client, baseUrl, make, connections, run.Warmup, expected);
        return await RunWindowAsync(client, baseUrl, make, connections, run.Duration, expected);
    }

    private static async Task<Result> RunWindowAsync(HttpClient client, string baseUrl, Func<string, HttpRequestMessage> make, int connections, TimeSpan duration, int expected)
    {
        var latencies = new List<double>[connections];
        long errors = 0;
        long total = 0;
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
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
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds;
        double[] all = latencies.SelectMany(l => l).Order().ToArray();
        return all.Length == 0
            ? new Result(0, errors, 0, 0, 0, 0)
            : new Result(all.Length, errors, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), cpu / all.Length);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>A stand-in Exchange that reads the request and answers a small WBXML body, after
    /// <paramref name="serviceTime"/> (zero: at once, so only HTTP costs show).</summary>
    private static async Task<WebApplication> StartBackendAsync(TimeSpan serviceTime)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        byte[] answer = [0x03, 0x01, 0x6A, 0x00, 0x00, 0x00, 0x45, 0x4E, 0x03, 0x31, 0x00, 0x01, 0x01];
        app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            if (serviceTime > TimeSpan.Zero)
            {
                await Task.Delay(serviceTime);
            }

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
