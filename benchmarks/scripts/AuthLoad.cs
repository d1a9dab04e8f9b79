#:sdk Microsoft.NET.Sdk.Web
#:project ../../src/HybridCore.Cli/HybridCore.Cli.csproj
#:property TargetFramework=net10.0
#:property PublishAot=false
#:property Nullable=enable
#:property ImplicitUsings=enable

// Bounded load against HTTP Basic authentication on a loopback Kestrel server (a file-based app, .NET 10), checked by
// the `hybridcore` tool's PBKDF2 password store (internal to src/HybridCore.Cli, which lets this script see it).
// Not for CI: it burns every core for the durations given. Two modes:
//
//   dotnet run -c Release benchmarks/scripts/AuthLoad.cs -- flood [attackers=50] [seconds=10]
//     One legitimate client (right password, one request at a time) while `attackers` connections send
//     wrong passwords as fast as the server answers. Prints the legitimate client's median and p99 latency,
//     its throughput, and how many wrong-password requests were answered. A first run without attackers
//     gives the baseline in the same process.
//
//   dotnet run -c Release benchmarks/scripts/AuthLoad.cs -- timing [tries=21]
//     How long a wrong password takes (median of `tries`, validator called directly) for users whose
//     hashes use 1,000, 100,000 and 600,000 iterations, and for a user name the directory does not know.
//
// docs/cli.md ("Password checks under load") has the numbers of the last run.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HybridCore.AspNetCore;
using HybridCore.Cli;
using HybridCore.Cli.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

string mode = args.Length > 0 ? args[0] : "flood";
HybridDirectoryFile directory = HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(DirectoryJson(
    ("user1k", PasswordHash.Create("right", 1_000)),
    ("user100k", PasswordHash.Create("right", 100_000)),
    ("user600k", PasswordHash.Create("right", 600_000)))));

if (mode == "timing")
{
    int tries = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 21;
    var validator = new DirectoryCredentialValidator(directory.Directory, directory.PasswordHashes);
    foreach (string user in new[] { "user1k@contoso.com", "user100k@contoso.com", "user600k@contoso.com", "nobody@contoso.com" })
    {
        var times = new List<double>();
        for (int i = 0; i < tries; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await validator.ValidateAsync(user, "wrong" + i, CancellationToken.None);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"wrong password for {user,-22}: median {times[times.Count / 2],8:F1} ms over {tries} tries");
    }

    return 0;
}

int attackers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50;
int seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
builder.Services.AddHybridCore().UseDirectory(directory.Directory)
    .AddBasicAuthentication(new DirectoryCredentialValidator(directory.Directory, directory.PasswordHashes));
WebApplication app = builder.Build();
app.UseAuthentication();
app.Run(context =>
{
    context.Response.StatusCode = context.User.Identity?.IsAuthenticated == true ? 200 : 401;
    return Task.CompletedTask;
});
await app.StartAsync();
var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

Console.WriteLine($"{Environment.ProcessorCount} cores; {attackers} attacking connections; {seconds} s per phase");
(double median, double p99, int count) baseline = await Legit(TimeSpan.FromSeconds(seconds / 2.0), default);
Console.WriteLine($"no attack:   legitimate median {baseline.median:F2} ms, p99 {baseline.p99:F2} ms, {baseline.count / (seconds / 2.0):F0} req/s");

using var stop = new CancellationTokenSource();
long attacks = 0;
var attackTasks = Enumerable.Range(0, attackers).Select(i => Task.Run(async () =>
{
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = baseAddress };
    var header = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"user100k@contoso.com:wrong{i}")));
    while (!stop.IsCancellationRequested)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = header;
        try
        {
            using HttpResponseMessage response = await client.SendAsync(request, stop.Token);
            Interlocked.Increment(ref attacks);
        }
        catch (OperationCanceledException)
        {
        }
    }
})).ToArray();

await Task.Delay(1000);
long attacksBefore = Interlocked.Read(ref attacks);
(double median, double p99, int count) attacked = await Legit(TimeSpan.FromSeconds(seconds), default);
long attacksDuring = Interlocked.Read(ref attacks) - attacksBefore;
stop.Cancel();
await Task.WhenAll(attackTasks);
Console.WriteLine($"under attack: legitimate median {attacked.median:F2} ms, p99 {attacked.p99:F2} ms, {attacked.count / (double)seconds:F0} req/s; wrong-password requests answered {attacksDuring / (double)seconds:F0}/s");
await app.StopAsync();
return 0;

async Task<(double Median, double P99, int Count)> Legit(TimeSpan duration, CancellationToken cancellationToken)
{
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = baseAddress };
    var header = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("user100k@contoso.com:right")));
    var times = new List<double>();
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < duration)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = header;
        long start = Stopwatch.GetTimestamp();
        using HttpResponseMessage response = await client.SendAsync(request, cancellationToken);
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The legitimate request got {(int)response.StatusCode}.");
        }
    }

    times.Sort();
    return (times[times.Count / 2], times[(int)(times.Count * 0.99)], times.Count);
}

static string DirectoryJson(params (string Identity, string Hash)[] users)
{
    var json = new StringBuilder();
    json.Append("{\"relationships\":[],\"recipients\":[");
    json.AppendJoin(',', users.Select(u => $"{{\"kind\":\"LocalMailbox\",\"identity\":\"{u.Identity}\",\"userPrincipalName\":\"{u.Identity}@contoso.com\",\"primarySmtpAddress\":\"{u.Identity}@contoso.com\"}}"));
    json.Append("],\"passwords\":{");
    json.AppendJoin(',', users.Select(u => $"\"{u.Identity}\":\"{u.Hash}\""));
    json.Append("}}");
    return json.ToString();
}
