using HybridCore.ActiveSync;
using HybridCore.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace HybridCore.AspNetCore.Tests;

/// <summary>Metrics on the HybridCore meter, and what the logs say at which level.</summary>
public sealed class ObservabilityTests
{
    private static async Task SendAsync(KestrelHost host, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync?Cmd=Sync&User=x&DeviceId=D1&DeviceType=iPhone");
        request.Headers.Authorization = KestrelHost.Basic(user);
        request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, "14.1");
        using HttpResponseMessage response = await host.Client.SendAsync(request);
    }

    [Fact]
    public async Task Decisions_AreCountedByOutcomeAndReason()
    {
        await using KestrelHost host = await KestrelHost.StartAsync();
        await SendAsync(host, TestLab.User12);
        await SendAsync(host, TestLab.Mig8);
        await SendAsync(host, TestLab.Admin);
        using (var anonymous = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync"))
        {
            using HttpResponseMessage _ = await host.Client.SendAsync(anonymous);
        }

        string[] m = [.. host.Measurements];
        Assert.Contains($"{HybridCoreMetrics.DecisionsInstrument} hybridcore.protocol=eas hybridcore.outcome=redirect hybridcore.reason=redirected", m);
        Assert.Contains($"{HybridCoreMetrics.DecisionsInstrument} hybridcore.protocol=eas hybridcore.outcome=user_has_no_mailbox hybridcore.reason=no_relationship_for_routing_domain", m);
        Assert.Contains($"{HybridCoreMetrics.DecisionsInstrument} hybridcore.protocol=eas hybridcore.outcome=local hybridcore.reason=local_mailbox", m);
        Assert.Contains($"{HybridCoreMetrics.RequestsInstrument} hybridcore.protocol=eas hybridcore.outcome=unauthenticated", m);
    }

    [Fact]
    public async Task Logs_NameTheUserOnlyAtDebug()
    {
        await using KestrelHost host = await KestrelHost.StartAsync();
        await SendAsync(host, TestLab.User12);

        var hybrid = host.Logs.Entries.Where(e => e.Category.StartsWith("HybridCore", StringComparison.Ordinal)).ToList();
        Assert.Contains(hybrid, e => e.Level == LogLevel.Information && e.Message.Contains("Redirect (Redirected", StringComparison.Ordinal));
        Assert.Contains(hybrid, e => e.Level == LogLevel.Debug && e.Message.Contains(TestLab.User12, StringComparison.Ordinal));
        Assert.DoesNotContain(hybrid, e => e.Level > LogLevel.Debug && e.Message.Contains("user12", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Logs_AnOptionsRequest_AsProtocolDiscovery()
    {
        await using KestrelHost host = await KestrelHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/Microsoft-Server-ActiveSync");
        request.Headers.Authorization = KestrelHost.Basic(TestLab.User12);
        using HttpResponseMessage response = await host.Client.SendAsync(request);
        Assert.Equal(451, (int)response.StatusCode);

        var decisions = host.Logs.Entries.Where(e => e.Category.StartsWith("HybridCore", StringComparison.Ordinal) && e.Level == LogLevel.Information).ToList();
        Assert.Contains(decisions, e => e.Message.StartsWith("ActiveSync OPTIONS (protocol discovery): Redirect (Redirected", StringComparison.Ordinal));
        Assert.DoesNotContain(decisions, e => e.Message.Contains("OPTIONS OPTIONS", StringComparison.Ordinal) || e.Message.Contains("protocol unknown", StringComparison.Ordinal));
    }
}
