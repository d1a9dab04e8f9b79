namespace HybridCore.AspNetCore.Tests.Infrastructure;

/// <summary>One Kestrel host shared by a test class.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private KestrelHost? _host;

    public KestrelHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public HttpClient Client => Host.Client;

    public async Task InitializeAsync() => _host = await KestrelHost.StartAsync(o => o.MobileSyncRedirectBypassClientPrefixes.Add("Bypass-Agent/"));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
