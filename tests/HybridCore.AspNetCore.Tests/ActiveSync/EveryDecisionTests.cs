using System.Net;
using System.Text;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore.Authentication;
using HybridCore.AspNetCore.Tests.Infrastructure;

namespace HybridCore.AspNetCore.Tests.ActiveSync;

/// <summary>Every resolver reason, through HTTP: the status the device gets and the reason on the metric.</summary>
public sealed class EveryDecisionTests : IAsyncLifetime
{
    private KestrelHost _host = null!;

    private static InMemoryHybridDirectory Lab()
    {
        string json = """
            {
              "relationships": [
                { "name": "O365", "domainNames": ["contoso.mail.onmicrosoft.com"], "targetOwaUrl": "https://outlook.com/owa/contoso.com" },
                { "name": "Disabled", "domainNames": ["disabled.mail.onmicrosoft.com"], "enabled": false, "targetOwaUrl": "https://outlook.com/owa/contoso.com" },
                { "name": "Forest", "domainNames": ["fabrikam.com"], "direction": "CrossForest", "targetOwaUrl": "https://mail.fabrikam.com/owa" },
                { "name": "Plain http", "domainNames": ["http.mail.onmicrosoft.com"], "targetOwaUrl": "http://outlook.com/owa/contoso.com" },
                { "name": "No URL", "domainNames": ["nourl.mail.onmicrosoft.com"] }
              ],
              "recipients": [
                { "kind": "RemoteMailbox", "identity": "moved", "userPrincipalName": "moved@contoso.com", "remoteRoutingAddress": "SMTP:moved@contoso.mail.onmicrosoft.com" },
                { "kind": "LocalMailbox", "identity": "local", "userPrincipalName": "local@contoso.com" },
                { "kind": "MailUser", "identity": "mailuser", "userPrincipalName": "mailuser@contoso.com" },
                { "kind": "MailUser", "identity": "cutover", "userPrincipalName": "cutover@contoso.com", "externalEmailAddress": "SMTP:cutover@contoso.mail.onmicrosoft.com" },
                { "kind": "RemoteMailbox", "identity": "norouting", "userPrincipalName": "norouting@contoso.com" },
                { "kind": "RemoteMailbox", "identity": "norel", "userPrincipalName": "norel@contoso.com", "remoteRoutingAddress": "SMTP:norel@elsewhere.mail.onmicrosoft.com" },
                { "kind": "RemoteMailbox", "identity": "disabled", "userPrincipalName": "disabled@contoso.com", "remoteRoutingAddress": "SMTP:disabled@disabled.mail.onmicrosoft.com" },
                { "kind": "RemoteMailbox", "identity": "forest", "userPrincipalName": "forest@contoso.com", "remoteRoutingAddress": "SMTP:forest@fabrikam.com" },
                { "kind": "RemoteMailbox", "identity": "http", "userPrincipalName": "http@contoso.com", "remoteRoutingAddress": "SMTP:http@http.mail.onmicrosoft.com" },
                { "kind": "RemoteMailbox", "identity": "nourl", "userPrincipalName": "nourl@contoso.com", "remoteRoutingAddress": "SMTP:nourl@nourl.mail.onmicrosoft.com" }
              ]
            }
            """;

        // Strict: the wizard's http:// TargetOWAURL is a normal configuration (KB 2952804).
        return InMemoryHybridDirectory.FromJson(Encoding.UTF8.GetBytes(json));
    }

    public async Task InitializeAsync() => _host = await KestrelHost.StartAsync(redirects: Lab());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("moved@contoso.com", "14.1", 451, "redirected")]
    [InlineData("moved@contoso.com", "12.1", 403, "protocol_version_too_low")]
    [InlineData("local@contoso.com", "14.1", 200, "local_mailbox")]
    [InlineData("mailuser@contoso.com", "14.1", 200, "not_remote_mailbox")]
    [InlineData("cutover@contoso.com", "14.1", 451, "redirected")]
    [InlineData("norouting@contoso.com", "14.1", 200, "no_routing_address")]
    [InlineData("norel@contoso.com", "14.1", 200, "no_relationship_for_routing_domain")]
    [InlineData("norel@contoso.com", "12.1", 403, "no_relationship_for_routing_domain")]
    [InlineData("disabled@contoso.com", "14.1", 451, "redirected")]
    [InlineData("forest@contoso.com", "14.1", 200, "direction_not_supported")]
    [InlineData("http@contoso.com", "14.1", 451, "redirected")]
    [InlineData("nourl@contoso.com", "16.1", 200, "target_owa_url_missing")]
    public async Task Eas_EachReason_HasItsAnswer(string user, string version, int status, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync?Cmd=Ping&User=u&DeviceId=D1&DeviceType=iPhone");
        request.Headers.Authorization = KestrelHost.Basic(user);
        request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, version);
        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(status == 451, response.Headers.Contains(EasHeaders.XMSLocation));
        Assert.Contains(_host.Measurements, m => m.StartsWith(HybridCoreMetrics.DecisionsInstrument, StringComparison.Ordinal) && m.EndsWith("hybridcore.reason=" + reason, StringComparison.Ordinal));
        if (reason is not ("redirected" or "local_mailbox"))
        {
            // UserHasNoMailbox: Status 123 in an HTTP 200 body where the version carries common status codes (14.0+,
            // [MS-ASCMD] 2.2.2), else 403 without a body.
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(version != "12.1", body.Length > 0);
            Assert.Equal(version != "12.1" ? 200 : 403, status);
        }
    }

    [Fact]
    public async Task Eas_Anonymous_IsChallengedWhateverTheUser()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync?Cmd=Ping&User=moved%40contoso.com&DeviceId=D1&DeviceType=iPhone");
        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_host.Measurements, m => m.StartsWith(HybridCoreMetrics.DecisionsInstrument, StringComparison.Ordinal));
    }
}
