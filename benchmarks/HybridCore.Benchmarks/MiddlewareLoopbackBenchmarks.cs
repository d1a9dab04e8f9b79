using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using BenchmarkDotNet.Attributes;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore;
using HybridCore.DirectoryModel;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridCore.Benchmarks;

/// <summary>
/// One EAS request over loopback HTTP/1.1 (keep-alive) to a Kestrel server that runs the ActiveSync middleware
/// and redirects a migrated user (request-line parse, directory lookup, resolver, 451 + X-MS-Location), against
/// the same server answering a fixed 451 with the same status line and header (baseline). Both use the same cheap header
/// authentication so that only the redirect logic differs. Allocations are process-wide (client and server),
/// so the difference between the rows is what the middleware costs per request.
/// </summary>
[MemoryDiagnoser]
public class MiddlewareLoopbackBenchmarks
{
    private const string Query = "/Microsoft-Server-ActiveSync?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone";
    private const string Location = "https://outlook.office365.com/Microsoft-Server-ActiveSync";

    private WebApplication _redirect = null!;
    private WebApplication _static = null!;
    private HttpClient _redirectClient = null!;
    private HttpClient _staticClient = null!;

    [GlobalSetup]
    public void Setup()
    {
        _redirect = Start(staticAnswer: false, out _redirectClient);
        _static = Start(staticAnswer: true, out _staticClient);
        if ((int)Send(_redirectClient).GetAwaiter().GetResult() != 451 || (int)Send(_staticClient).GetAwaiter().GetResult() != 451)
        {
            throw new InvalidOperationException("The servers do not answer 451.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _redirectClient.Dispose();
        _staticClient.Dispose();
        _redirect.StopAsync().GetAwaiter().GetResult();
        _static.StopAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "static 451")]
    public Task<HttpStatusCode> Static451() => Send(_staticClient);

    [Benchmark(Description = "middleware redirect decision")]
    public Task<HttpStatusCode> MiddlewareRedirect() => Send(_redirectClient);

    private static async Task<HttpStatusCode> Send(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Query);
        request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, "14.1");
        request.Headers.TryAddWithoutValidation(HeaderAuthenticationHandler.Header, "user12@batre.msftonlinerepro.com");
        using HttpResponseMessage response = await client.SendAsync(request).ConfigureAwait(false);
        return response.StatusCode;
    }

    internal static WebApplication Start(bool staticAnswer, out HttpClient client)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
        builder.Services.AddHybridCore().UseDirectory(Lab());
        WebApplication app = builder.Build();
        app.UseAuthentication();
        if (staticAnswer)
        {
            app.Use((HttpContext context, RequestDelegate next) =>
            {
                // The same bytes on the wire as the middleware's answer, reason phrase included.
                context.Response.StatusCode = 451;
                context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>()!.ReasonPhrase = "Redirect";
                context.Response.Headers[EasHeaders.XMSLocation] = Location;
                context.Response.Headers.CacheControl = "private";
                context.Response.ContentLength = 0;
                return Task.CompletedTask;
            });
        }
        else
        {
            app.UseActiveSyncRedirects();
        }

        app.Run(context => context.Response.WriteAsync("local"));
        app.StartAsync().GetAwaiter().GetResult();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        return app;
    }

    internal static InMemoryHybridDirectory Lab() => new(
        [
            new RemoteMailbox("user12",
                Addressing.ProxyAddress.Parse("SMTP:user12@batre.mail.onmicrosoft.com"),
                Addressing.SmtpAddress.Parse("user12@batre.msftonlinerepro.com"),
                Addressing.SmtpAddress.Parse("user12@batre.msftonlinerepro.com")),
        ],
        [
            new OrganizationRelationship("On Premises to O365", [Addressing.DomainName.Parse("batre.mail.onmicrosoft.com")],
                targetOwaUrl: new Uri("https://outlook.com/owa/batre.msftonlinerepro.com")),
        ]);

    /// <summary>Authenticates whoever the X-Bench-User header names: no crypto, so the comparison is about redirects.</summary>
    internal sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Bench";
        public const string Header = "X-Bench-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            string? user = Request.Headers[Header];
            if (string.IsNullOrEmpty(user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
