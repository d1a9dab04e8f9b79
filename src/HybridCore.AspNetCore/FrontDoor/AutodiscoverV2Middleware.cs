using System.Buffers;
using System.Globalization;
using System.Text.Json;
using HybridCore.Addressing;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore.FrontDoor;

/// <summary>
/// Answers Autodiscover v2 (<c>GET /autodiscover/autodiscover.json/v1.0/{address}?Protocol=…</c> and
/// <c>GET /autodiscover/autodiscover.json?Email=…&amp;Protocol=…&amp;RedirectCount=…</c>) for moved mailboxes; every other
/// address goes to the next handler (the back end, which answers as Exchange does).
/// <list type="bullet">
/// <item><c>Protocol=ActiveSync</c>: HTTP 200 <c>{"Protocol":"ActiveSync","Url":"https://{target}/Microsoft-Server-ActiveSync"}</c>,
/// the same endpoint a 451 names, in the JSON shape Test-HMAEAS.ps1 (CSS-Exchange) reads (<c>Url</c>).</item>
/// <item>any other protocol: HTTP 302 to the target organisation's Autodiscover v2 for the mailbox's
/// RemoteRoutingAddress, <c>RedirectCount</c> raised by one, as Autodiscover v1 answers redirectAddr for it.</item>
/// <item><c>RedirectCount</c> already at <see cref="HybridFrontDoorOptions.MaxAutodiscoverV2Redirects"/>: HTTP 400 with a
/// JSON error instead of another hop.</item>
/// </list>
/// </summary>
internal sealed class AutodiscoverV2Middleware(RequestDelegate next, IOptions<HybridFrontDoorOptions> options, HybridMiddlewareServices services)
{
    /// <summary>Where the v1.0 form puts the address: <c>{path}/v1.0/{address}</c>.</summary>
    private const string VersionSegment = "/v1.0/";
    private const int MaxProtocolLength = 64;
    private const string ActiveSync = "ActiveSync";

    private readonly HybridFrontDoorOptions _options = options.Value;
    private readonly ILogger _logger = services.CreateLogger<AutodiscoverV2Middleware>();

    public Task InvokeAsync(HttpContext context)
    {
        PathString path = context.Request.Path;
        if (!path.StartsWithSegments(_options.AutodiscoverV2Path, StringComparison.OrdinalIgnoreCase, out PathString rest))
        {
            return next(context);
        }

        return HandleAsync(context, rest);
    }

    private async Task HandleAsync(HttpContext context, PathString rest)
    {
        HttpRequest request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (_options.AutodiscoverV2Access == AutodiscoverV2Access.RequireAuthentication && context.User.Identity is not { IsAuthenticated: true })
        {
            if (CredentialRouting.IsBackendScheme(request, _options))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            await services.ChallengeAsync(context, _logger, "Autodiscover v2", FrontDoorMetricValues.AutodiscoverV2).ConfigureAwait(false);
            return;
        }

        string? email;
        if (!rest.HasValue || rest.Value == "/")
        {
            email = request.Query["Email"];
        }
        else if (rest.Value!.StartsWith(VersionSegment, StringComparison.OrdinalIgnoreCase) && rest.Value.Length > VersionSegment.Length)
        {
            email = rest.Value[VersionSegment.Length..];
        }
        else
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        string? protocol = request.Query["Protocol"];
        string? redirectCountText = request.Query["RedirectCount"];
        int redirectCount = 0;
        if (string.IsNullOrEmpty(email) || !SmtpAddress.TryParse(email, out SmtpAddress? address))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidEmailAddress", "The request does not name a valid SMTP address (Email= or /v1.0/{address}).").ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrEmpty(protocol) || protocol.Length > MaxProtocolLength || !protocol.All(char.IsAsciiLetterOrDigit))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidProtocol", "The request has no valid Protocol= (for example ActiveSync, Ews, AutodiscoverV1).").ConfigureAwait(false);
            return;
        }

        if (!string.IsNullOrEmpty(redirectCountText) &&
            (!int.TryParse(redirectCountText, NumberStyles.None, CultureInfo.InvariantCulture, out redirectCount) || redirectCount > 1000))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidRedirectCount", "RedirectCount must be a small non-negative number.").ConfigureAwait(false);
            return;
        }

        RecipientLookupResult recipient = await services.Directory.FindRecipientAsync(address.Value, context.RequestAborted).ConfigureAwait(false);
        if (recipient.Recipient is not RemoteMailbox)
        {
            // Local mailboxes, unknown addresses, contacts: the back end answers as Exchange does.
            services.Metrics.Request(FrontDoorMetricValues.AutodiscoverV2, MetricValues.Local);
            await next(context).ConfigureAwait(false);
            return;
        }

        RedirectResolver resolver = await services.Resolvers.GetAsync(context.RequestAborted).ConfigureAwait(false);
        AutodiscoverRedirectDecision decision = resolver.ResolveAutodiscover(recipient);
        RelationshipTarget? target = decision.Target;
        if (decision.Action != AutodiscoverRedirectAction.RedirectAddress || target is null)
        {
            services.Metrics.Request(FrontDoorMetricValues.AutodiscoverV2, MetricValues.Local);
            services.Metrics.Decision(FrontDoorMetricValues.AutodiscoverV2, MetricValues.Local, ReasonNames.Get(decision.Reason));
            FrontDoorLog.AutodiscoverV2(_logger, protocol, "next", decision.Reason);
            await next(context).ConfigureAwait(false);
            return;
        }

        if (protocol.Equals(ActiveSync, StringComparison.OrdinalIgnoreCase) && target.EasEndpointUrl is { } eas)
        {
            services.Metrics.Request(FrontDoorMetricValues.AutodiscoverV2, MetricValues.TargetSettings);
            services.Metrics.Decision(FrontDoorMetricValues.AutodiscoverV2, MetricValues.TargetSettings, ReasonNames.Get(decision.Reason));
            FrontDoorLog.AutodiscoverV2(_logger, protocol, "url", decision.Reason);
            await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
            {
                w.WriteString("Protocol", ActiveSync);
                w.WriteString("Url", eas);
            }).ConfigureAwait(false);
            return;
        }

        string? host = AutodiscoverHost(target);
        if (host is null)
        {
            services.Metrics.Request(FrontDoorMetricValues.AutodiscoverV2, MetricValues.Local);
            FrontDoorLog.AutodiscoverV2(_logger, protocol, "next (no target host)", decision.Reason);
            await next(context).ConfigureAwait(false);
            return;
        }

        if (redirectCount >= _options.MaxAutodiscoverV2Redirects)
        {
            FrontDoorLog.AutodiscoverV2(_logger, protocol, "redirect limit", decision.Reason);
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "RedirectLimitExceeded",
                $"The request has been redirected {redirectCount} times; the limit is {_options.MaxAutodiscoverV2Redirects}.").ConfigureAwait(false);
            return;
        }

        string location = string.Concat(
            "https://", host, "/autodiscover/autodiscover.json?Email=", Uri.EscapeDataString(decision.RedirectAddress!),
            "&Protocol=", Uri.EscapeDataString(protocol),
            "&RedirectCount=", (redirectCount + 1).ToString(CultureInfo.InvariantCulture));
        services.Metrics.Request(FrontDoorMetricValues.AutodiscoverV2, MetricValues.Redirect);
        services.Metrics.Decision(FrontDoorMetricValues.AutodiscoverV2, MetricValues.Redirect, ReasonNames.Get(decision.Reason));
        FrontDoorLog.AutodiscoverV2(_logger, protocol, "redirect", decision.Reason);
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.ContentLength = 0;
    }

    /// <summary>
    /// The host of the target organisation's Autodiscover: the relationship's TargetAutodiscoverEpr, else the host
    /// its EAS endpoint is derived from (for Exchange Online both lead to the service's Autodiscover v2). Both come from
    /// trusted configuration, never from the request.
    /// </summary>
    private static string? AutodiscoverHost(RelationshipTarget target)
    {
        if (target.Relationship.TargetAutodiscoverEpr is { IsAbsoluteUri: true } epr && !string.IsNullOrEmpty(epr.IdnHost))
        {
            return epr.IdnHost;
        }

        return target.EasEndpointUrl is { } eas && Uri.TryCreate(eas, UriKind.Absolute, out Uri? uri) ? uri.IdnHost : null;
    }

    private Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        services.Metrics.Request(FrontDoorMetricValues.AutodiscoverV2, MetricValues.BadRequest);
        return WriteJsonAsync(context, status, w =>
        {
            w.WriteString("ErrorCode", code);
            w.WriteString("ErrorMessage", message);
        });
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.ContentLength = buffer.WrittenCount;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
