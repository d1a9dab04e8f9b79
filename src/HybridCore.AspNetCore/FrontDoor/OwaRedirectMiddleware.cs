using System.Text;
using System.Text.Encodings.Web;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore.FrontDoor;

/// <summary>
/// Sends a moved user who reaches the on-premises Outlook on the web to the relationship's TargetOWAURL. Exchange
/// shows a page with a link ("use the following link to open this mailbox"); HybridCore answers HTTP 302 with the
/// same link in a small HTML body: a browser follows the redirect without a click, and anything that does not follow
/// redirects still shows the link. Local mailboxes, unknown users and users without a usable TargetOWAURL go to the
/// next handler (Exchange's own OWA answers them). Anonymous callers are challenged.
/// </summary>
internal sealed class OwaRedirectMiddleware(RequestDelegate next, IOptions<HybridFrontDoorOptions> options, HybridMiddlewareServices services)
{
    private readonly HybridFrontDoorOptions _options = options.Value;
    private readonly ILogger _logger = services.CreateLogger<OwaRedirectMiddleware>();

    public Task InvokeAsync(HttpContext context) =>
        context.Request.Path.StartsWithSegments(_options.OwaPath, StringComparison.OrdinalIgnoreCase) ? HandleAsync(context) : next(context);

    private async Task HandleAsync(HttpContext context)
    {
        if (!HybridMiddlewareServices.TryGetUserName(context, out string? userName))
        {
            await services.ChallengeAsync(context, _logger, "OWA", FrontDoorMetricValues.Owa).ConfigureAwait(false);
            return;
        }

        RecipientLookupResult recipient = await services.Directory.FindRecipientAsync(userName, context.RequestAborted).ConfigureAwait(false);
        RedirectResolver resolver = await services.Resolvers.GetAsync(context.RequestAborted).ConfigureAwait(false);
        OwaRedirectDecision decision = resolver.ResolveOwa(recipient);
        string reason = ReasonNames.Get(decision.Reason);
        if (decision.Action != OwaRedirectAction.Redirect || decision.TargetUrl is not { } target)
        {
            services.Metrics.Request(FrontDoorMetricValues.Owa, MetricValues.Local);
            services.Metrics.Decision(FrontDoorMetricValues.Owa, MetricValues.Local, reason);
            FrontDoorLog.Owa(_logger, decision.Action, decision.Reason);
            await next(context).ConfigureAwait(false);
            return;
        }

        services.Metrics.Request(FrontDoorMetricValues.Owa, MetricValues.Redirect);
        services.Metrics.Decision(FrontDoorMetricValues.Owa, MetricValues.Redirect, reason);
        FrontDoorLog.Owa(_logger, decision.Action, decision.Reason);
        string encoded = HtmlEncoder.Default.Encode(target);
        byte[] body = Encoding.UTF8.GetBytes(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Your mailbox has moved</title></head><body>" +
            $"<p>Your mailbox has moved. Use the following link to open it: <a href=\"{encoded}\">{encoded}</a></p></body></html>");
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = target;
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
