using System.Buffers;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore.Autodiscover;

/// <summary>
/// Answers Autodiscover for moved mailboxes (docs/redirect.md): anonymous → challenge; the body is read up to the
/// configured limit and parsed without DTDs or external resources; a remote mailbox → <c>redirectAddr</c>
/// (Outlook, [MS-OXDSCLI] 3.2.5) or <c>Redirect</c> (mobilesync, [MS-ASCMD] 2.2.3.147) to its
/// targetAddress (also for mail users and contacts); MobileSyncRedirectBypass User-Agents → the target's settings;
/// no mailbox → Outlook error 500, mobilesync Action/Error/Status 2; malformed request → error 600, unknown response schema → 601;
/// local mailbox → the next handler (which answers with this organisation's settings).
/// </summary>
internal sealed class AutodiscoverRedirectMiddleware(RequestDelegate next, IOptions<HybridCoreOptions> options, HybridMiddlewareServices services)
{
    private readonly HybridCoreOptions _options = options.Value;
    private readonly ILogger _logger = services.CreateLogger<AutodiscoverRedirectMiddleware>();

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.Equals(_options.AutodiscoverPath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        return HandleAsync(context);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HybridMiddlewareServices.TryGetUserName(context, out string? userName))
        {
            await services.ChallengeAsync(context, _logger, "Autodiscover", MetricValues.Autodiscover, _options.ChallengeScheme).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await RejectAsync(context, AutodiscoverRequestError.MethodNotPost, AutodiscoverSchema.Outlook).ConfigureAwait(false);
            return;
        }

        int limit = _options.MaxAutodiscoverRequestBytes;
        if (context.Request.ContentLength > limit)
        {
            await RejectAsync(context, AutodiscoverRequestError.TooLarge, AutodiscoverSchema.Outlook).ConfigureAwait(false);
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            int length;
            try
            {
                length = await ReadBodyAsync(context.Request.Body, buffer.AsMemory(0, limit + 1), context.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e)
            {
                // A body that arrives too slowly (Kestrel's MinRequestBodyDataRate) or ends early: the client's fault,
                // one line in the log instead of the server's unhandled-exception stack trace for every such request.
                Log.AutodiscoverBodyFailed(_logger, e.StatusCode, e.Message);
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = e.StatusCode;
                }

                return;
            }

            if (length > limit)
            {
                await RejectAsync(context, AutodiscoverRequestError.TooLarge, AutodiscoverSchema.Outlook).ConfigureAwait(false);
                return;
            }

            AutodiscoverRequestError error = AutodiscoverXml.TryParseRequest(buffer.AsMemory(0, length), limit, out AutodiscoverRequest? request);
            if (error != AutodiscoverRequestError.None)
            {
                await RejectAsync(context, error, request?.Schema ?? AutodiscoverSchema.Outlook).ConfigureAwait(false);
                return;
            }

            await DecideAsync(context, userName, request!).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task DecideAsync(HttpContext context, string userName, AutodiscoverRequest request)
    {
        string schemaName = request.Schema == AutodiscoverSchema.Outlook ? "outlook" : "mobilesync";

        // [MS-OXDSCLI] 3.2.5: with both EMailAddress and LegacyDN, LegacyDN wins. Legacy DNs are not indexed
        // here, so such requests (and LegacyDN-only ones) go to the next handler unchanged.
        if (request.LegacyDN is not null || request.EmailAddress is null)
        {
            services.Metrics.Request(MetricValues.Autodiscover, MetricValues.Local);
            await next(context).ConfigureAwait(false);
            return;
        }

        string email = request.EmailAddress;
        RecipientLookupResult recipient = await services.Directory.FindRecipientAsync(email, context.RequestAborted).ConfigureAwait(false);
        if (recipient.Recipient is null && _options.PassUnknownUsersToNext)
        {
            services.Metrics.Request(MetricValues.Autodiscover, MetricValues.Local);
            services.Metrics.Decision(MetricValues.Autodiscover, MetricValues.Local, ReasonNames.Get(RedirectReason.RecipientNotFound));
            await next(context).ConfigureAwait(false);
            return;
        }

        RedirectResolver resolver = await services.Resolvers.GetAsync(context.RequestAborted).ConfigureAwait(false);
        AutodiscoverRedirectDecision decision = resolver.ResolveAutodiscover(recipient, context.Request.Headers.UserAgent.ToString());

        Log.AutodiscoverDecision(_logger, schemaName, decision.Action, decision.Reason, decision.Warnings);
        Log.AutodiscoverDecisionUser(_logger, DisplayText.Escape(email)!, DisplayText.Escape(userName)!, decision.Action, decision.Reason, decision.RedirectAddress);
        string reason = ReasonNames.Get(decision.Reason);

        byte[] body;
        switch (decision.Action)
        {
            case AutodiscoverRedirectAction.RedirectAddress:
                services.Metrics.Request(MetricValues.Autodiscover, MetricValues.Redirect);
                services.Metrics.Decision(MetricValues.Autodiscover, MetricValues.Redirect, reason);
                body = AutodiscoverXml.WriteRedirect(request.Schema, email, decision.RedirectAddress!);
                break;

            case AutodiscoverRedirectAction.TargetSettings when request.Schema == AutodiscoverSchema.MobileSync:
                services.Metrics.Request(MetricValues.Autodiscover, MetricValues.TargetSettings);
                services.Metrics.Decision(MetricValues.Autodiscover, MetricValues.TargetSettings, reason);
                // As Exchange's bypass answer: User/DisplayName, User/EMailAddress = the targetAddress, Action/Settings.
                body = AutodiscoverXml.WriteMobileSyncSettings(decision.RedirectAddress!, decision.EasEndpointUrl!, decision.DisplayName);
                break;

            case AutodiscoverRedirectAction.TargetSettings:
                // The bypass is for mobile clients; an Outlook request still gets redirectAddr.
                services.Metrics.Request(MetricValues.Autodiscover, MetricValues.Redirect);
                services.Metrics.Decision(MetricValues.Autodiscover, MetricValues.Redirect, reason);
                body = AutodiscoverXml.WriteRedirect(request.Schema, email, decision.RedirectAddress!);
                break;

            case AutodiscoverRedirectAction.NoMailbox:
                services.Metrics.Request(MetricValues.Autodiscover, MetricValues.NoMailbox);
                services.Metrics.Decision(MetricValues.Autodiscover, MetricValues.NoMailbox, reason);
                // Outlook: Error/ErrorCode 500 ([MS-OXDSCLI] 2.2.4.1.1.3.2). Mobilesync: Action/Error/Status, as the
                // error example in [MS-ASCMD] 4.2.2 (ErrorCode is only 600/601 there, 2.2.3.64).
                body = request.Schema == AutodiscoverSchema.MobileSync
                    ? AutodiscoverXml.WriteMobileSyncActionError(email, "The email address cannot be found.", null)
                    : AutodiscoverXml.WriteError(request.Schema, AutodiscoverXml.ErrorAddressNotFound, "The email address cannot be found.", services.Time);
                break;

            default:
                services.Metrics.Request(MetricValues.Autodiscover, MetricValues.Local);
                services.Metrics.Decision(MetricValues.Autodiscover, MetricValues.Local, reason);
                await next(context).ConfigureAwait(false);
                return;
        }

        await WriteXmlAsync(context, StatusCodes.Status200OK, body).ConfigureAwait(false);
    }

    private async Task RejectAsync(HttpContext context, AutodiscoverRequestError error, AutodiscoverSchema schema)
    {
        int status;
        byte[]? body = null;
        string outcome;
        switch (error)
        {
            case AutodiscoverRequestError.TooLarge:
                status = StatusCodes.Status413PayloadTooLarge;
                outcome = MetricValues.TooLarge;
                break;
            case AutodiscoverRequestError.UnsupportedResponseSchema:
                // Autodiscover errors travel as an Error element in an HTTP 200 response ([MS-OXDSCLI] 3.2.5).
                status = StatusCodes.Status200OK;
                outcome = MetricValues.BadRequest;
                body = AutodiscoverXml.WriteError(schema, AutodiscoverXml.ErrorUnsupportedSchema, "The requested response schema is not supported.", services.Time);
                break;
            default:
                status = StatusCodes.Status200OK;
                outcome = error == AutodiscoverRequestError.MethodNotPost ? MetricValues.MethodNotAllowed : MetricValues.BadRequest;
                body = AutodiscoverXml.WriteError(schema, AutodiscoverXml.ErrorInvalidRequest, "Invalid Request", services.Time);
                break;
        }

        services.Metrics.Request(MetricValues.Autodiscover, outcome);
        Log.BadAutodiscoverRequest(_logger, error, status);
        if (body is null)
        {
            context.Response.StatusCode = status;
            context.Response.ContentLength = 0;
            return;
        }

        await WriteXmlAsync(context, status, body).ConfigureAwait(false);
    }

    private static async Task WriteXmlAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = AutodiscoverXml.ContentType;
        context.Response.Headers.CacheControl = "private";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<int> ReadBodyAsync(Stream body, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int n = await body.ReadAsync(destination[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
