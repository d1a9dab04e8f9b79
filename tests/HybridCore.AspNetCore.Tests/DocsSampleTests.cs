using System.Net;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore.Tests.DocsSamples;
using HybridCore.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HybridCore.AspNetCore.Tests;

/// <summary>docs/aspnetcore.md shows a whole program that compiles (its pieces are in this assembly) and works.</summary>
public sealed class DocsSampleTests
{
    /// <summary>Every "sample:begin" … "sample:end" segment of the file, each dedented, joined by a blank line.</summary>
    internal static string[] SampleLines(string path)
    {
        string[] lines = File.ReadAllLines(path);
        var result = new List<string>();
        int begin = Array.FindIndex(lines, l => l.Trim() == "// sample:begin");
        Assert.True(begin >= 0, $"no sample in {path}");
        while (begin >= 0)
        {
            int end = Array.FindIndex(lines, begin + 1, l => l.Trim() == "// sample:end");
            Assert.True(end > begin, $"{path}:{begin + 1}: sample:begin without sample:end");
            if (result.Count > 0)
            {
                result.Add(string.Empty);
            }

            result.AddRange(Dedent(lines[(begin + 1)..end]));
            begin = Array.FindIndex(lines, end + 1, l => l.Trim() == "// sample:begin");
        }

        return [.. result];
    }

    internal static string[] DocBlock(string path, string marker)
    {
        string[] lines = File.ReadAllLines(path);
        int at = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(at >= 0, $"{marker} not found in {path}");
        int begin = Array.FindIndex(lines, at, l => l.StartsWith("```", StringComparison.Ordinal));
        int end = Array.FindIndex(lines, begin + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        return Dedent(lines[(begin + 1)..end]);
    }

    private static string[] Dedent(string[] lines)
    {
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return [.. lines.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.TrimEnd())];
    }

    [Fact]
    public void Doc_ShowsExactlyTheCompiledSample()
    {
        string[] sample = SampleLines(Path.Combine(AppContext.BaseDirectory, "DocsSamples", "FrontDoorSample.cs"));
        string[] doc = DocBlock(Path.Combine(AppContext.BaseDirectory, "docs", "aspnetcore.md"), "sample: FrontDoorSample");

        Assert.Equal(sample, doc);
    }

    [Fact]
    public async Task Sample_RedirectsAMigratedUserAndServesALocalOne()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hybridcore-sample-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, TestLab.Json());
        try
        {
            await using WebApplication app = FrontDoorSample.Build(["--urls", "http://127.0.0.1:0", "--DirectoryFile", path, "--LabPassword", TestLab.Password]);
            await app.StartAsync();
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            async Task<HttpResponseMessage> SendAsync(string user)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync?Cmd=Sync&User=u&DeviceId=D1&DeviceType=iPhone");
                request.Headers.Authorization = KestrelHost.Basic(user);
                request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, "16.1");
                return await client.SendAsync(request);
            }

            using HttpResponseMessage migrated = await SendAsync(TestLab.User12);
            using HttpResponseMessage local = await SendAsync(TestLab.Admin);
            Assert.Equal(451, (int)migrated.StatusCode);
            Assert.Equal(HttpStatusCode.OK, local.StatusCode);
            Assert.Equal($"served locally for {TestLab.Admin}", await local.Content.ReadAsStringAsync());
            await app.StopAsync();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
