using System.Diagnostics;
using HybridCore.ActiveSync;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace HybridCore.AspNetCore.ActiveSync;

/// <summary>
/// Answers Exchange ActiveSync requests for users whose mailbox moved (docs/redirect.md):
/// anonymous → authentication challenge (nothing is revealed); bad request line → the parser's HTTP status;
/// remote mailbox that can be redirected → 451 + X-MS-Location ([MS-ASHTTP] 3.1.5.2.2; OPTIONS too);
/// no redirect possible → HTTP 200 with Status 123 UserHasNoMailbox in the command body for 14.0+ ([MS-ASCMD] 2.2.2),
/// HTTP 403 without a body below 14.0 and for OPTIONS (as Exchange answers; docs/exchange-conformance.md);
/// local mailbox → the next handler.
/// </summary>
internal sealed class ActiveSyncRedirectMiddleware(RequestDelegate next, IOptions<HybridCoreOptions> options, HybridMiddlewareServices services)
{
    private const string WbxmlContentType = "application/vnd.ms-sync.wbxml";
    private const string RedirectReasonPhrase = "Redirect";

    private readonly HybridCoreOptions _options = options.Value;
    private readonly ILogger _logger = services.CreateLogger<ActiveSyncRedirectMiddleware>();

    public Task InvokeAsync(HttpContext context)
    {
        if (!IsActiveSyncPath(context.Request.Path, _options.ActiveSyncPath))
        {
            return next(context);
        }

        string method = context.Request.Method;
        if (!HttpMethods.IsPost(method) && !HttpMethods.IsOptions(method))
        {
            return RefuseMethod(context, method);
        }

        return HandleAsync(context);
    }

    /// <summary>
    /// The ActiveSync path as devices and IIS send it: <c>/Microsoft-Server-ActiveSync</c>, with a trailing slash, or
    /// with <c>/default.eas</c> (the handler IIS maps the virtual directory to, which Exchange's own IIS logs show as
    /// the cs-uri-stem), all case-insensitive. Anything else under the path is not ActiveSync and is left alone.
    /// </summary>
    internal static bool IsActiveSyncPath(PathString path, PathString activeSyncPath)
    {
        if (!path.StartsWithSegments(activeSyncPath, StringComparison.OrdinalIgnoreCase, out PathString rest))
        {
            return false;
        }

        return !rest.HasValue || rest.Value is "/" || string.Equals(rest.Value, "/default.eas", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// ActiveSync has two methods: POST for commands and OPTIONS for discovery ([MS-ASHTTP] 2.2.1 and 3.1.5.1;
    /// 3.1.5.2 "Handling HTTP POST Command Requests"). Exchange never redirects anything else, so neither do we,
    /// and nothing reaches the back end either: a method HTTP defines gets 405 with <c>Allow: OPTIONS, POST</c>
    /// (RFC 9110 section 15.5.6), any other token 501 (RFC 9110 section 15.6.2, "does not recognize the request
    /// method"). Nothing about the user is looked at, so this is answered before authentication matters.
    /// </summary>
    private Task RefuseMethod(HttpContext context, string method)
    {
        bool known = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)
            || HttpMethods.IsPatch(method) || HttpMethods.IsTrace(method) || HttpMethods.IsConnect(method);
        services.Metrics.Request(MetricValues.Eas, MetricValues.BadRequest);
        context.Response.StatusCode = known ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status501NotImplemented;
        context.Response.Headers.Allow = "OPTIONS, POST";
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HybridMiddlewareServices.TryGetUserName(context, out string? userName))
        {
            await services.ChallengeAsync(context, _logger, "ActiveSync", MetricValues.Eas, _options.ChallengeScheme).ConfigureAwait(false);
            return;
        }

        bool isOptions = HttpMethods.IsOptions(context.Request.Method);
        if (!TryReadRequestLine(context.Request, isOptions, out EasProtocolVersion version, out EasCommand command, out EasRequestLineFailure error))
        {
            int status = error.HttpStatusCode;
            services.Metrics.Request(MetricValues.Eas, MetricValues.BadRequest);
            Log.BadEasRequestLine(_logger, EasRequestLineErrors.GetDescription(error.Reason), error.Offset, status);
            context.Response.StatusCode = status;
            return;
        }

        CancellationToken aborted = context.RequestAborted;
        RecipientLookupResult recipient = await services.Directory.FindRecipientAsync(userName, aborted).ConfigureAwait(false);
        if (recipient.Recipient is null && _options.PassUnknownUsersToNext)
        {
            services.Metrics.Request(MetricValues.Eas, MetricValues.Local);
            services.Metrics.Decision(MetricValues.Eas, MetricValues.Local, ReasonNames.Get(RedirectReason.RecipientNotFound));
            await next(context).ConfigureAwait(false);
            return;
        }

        RedirectResolver resolver = await services.Resolvers.GetAsync(aborted).ConfigureAwait(false);
        var request = new EasRedirectRequest(isOptions, version.Major, version.Minor, EasRedirectRequest.ClassifyLogonName(userName));
        EasRedirectDecision decision = resolver.ResolveEas(request, recipient);

        if (_logger.IsEnabled(LogLevel.Information))
        {
            if (isOptions)
            {
                // OPTIONS names no command and usually no version: say what it is instead of "OPTIONS OPTIONS protocol unknown".
                Log.EasOptionsDecision(_logger, decision.Action, decision.Reason, decision.Warnings);
            }
            else
            {
                Log.EasDecision(_logger, context.Request.Method, EasCommands.GetName(command) ?? "?", version.ToString(), decision.Action, decision.Reason, decision.Warnings);
            }
            Log.EasDecisionUser(_logger, DisplayText.Escape(userName)!, decision.Action, decision.Reason, decision.Location);
        }

        if (decision.Warnings != RedirectWarnings.None && decision.Action == EasRedirectAction.Redirect)
        {
            Log.RedirectWarnings(_logger, "ActiveSync", decision.Warnings);
        }

        string reason = ReasonNames.Get(decision.Reason);
        switch (decision.Action)
        {
            case EasRedirectAction.Redirect:
                Debug.Assert(decision.Location is not null && decision.Location.StartsWith("https://", StringComparison.Ordinal), "the resolver only returns absolute https locations");
                services.Metrics.Request(MetricValues.Eas, MetricValues.Redirect);
                services.Metrics.Decision(MetricValues.Eas, MetricValues.Redirect, reason);

                // [MS-ASHTTP] 3.1.5.2.2 / 4.2: 451, X-MS-Location, empty body. Clients that keep only the host, or
                // hang without the header, are why the location is always an absolute https URL (docs/redirect.md).
                context.Response.StatusCode = EasHttpStatusCodes.Redirect;

                // HTTP/1.1 would otherwise say "Unavailable For Legal Reasons" (RFC 7725); [MS-ASHTTP] 2.2.2.1.1 calls 451 "Redirect".
                if (context.Features.Get<IHttpResponseFeature>() is { } feature)
                {
                    feature.ReasonPhrase = RedirectReasonPhrase;
                }

                context.Response.Headers[EasHeaders.XMSLocation] = decision.Location;
                context.Response.Headers.CacheControl = "private";
                context.Response.ContentLength = 0;
                return;

            case EasRedirectAction.UserHasNoMailbox:
                services.Metrics.Request(MetricValues.Eas, MetricValues.UserHasNoMailbox);
                services.Metrics.Decision(MetricValues.Eas, MetricValues.UserHasNoMailbox, reason);
                context.Response.Headers.CacheControl = "private";

                // As Exchange: 14.0+ and a command with a WBXML response get HTTP 200 with Status 123 in the command's
                // body (logged by Exchange as sc-status 200, S123_Error:UserHasNoMailbox); below 14.0, OPTIONS and
                // commands without a WBXML body get HTTP 403 without a body.
                if (decision.StatusInResponseBody && UserHasNoMailboxBodies.TryGet(command, out byte[] body))
                {
                    context.Response.StatusCode = decision.HttpStatusCode;
                    context.Response.ContentType = WbxmlContentType;
                    context.Response.ContentLength = body.Length;
                    await context.Response.Body.WriteAsync(body, aborted).ConfigureAwait(false);
                }
                else
                {
                    context.Response.StatusCode = EasRedirectDecision.HttpStatusCodeWithoutBody;
                    context.Response.ContentLength = 0;
                }

                return;

            default:
                services.Metrics.Request(MetricValues.Eas, MetricValues.Local);
                services.Metrics.Decision(MetricValues.Eas, MetricValues.Local, reason);
                await next(context).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>
    /// Parses the query with the zero-allocation parser. OPTIONS carries no command ([MS-ASHTTP] 2.2.3): its
    /// query is not parsed, and its MS-ASProtocolVersion header is optional.
    /// </summary>
    private static bool TryReadRequestLine(HttpRequest request, bool isOptions, out EasProtocolVersion version, out EasCommand command, out EasRequestLineFailure error)
    {
        StringValues versionHeader = request.Headers[EasHeaders.MSASProtocolVersion];
        command = default;
        if (isOptions)
        {
            error = default;
            if (!EasProtocolVersion.TryParse(versionHeader.ToString(), out version))
            {
                version = EasProtocolVersion.Unknown;
            }

            return true;
        }

        string? query = request.QueryString.Value;
        ReadOnlySpan<char> q = string.IsNullOrEmpty(query) ? default : query.AsSpan(1);
        Span<byte> scratch = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        var headers = new EasRequestHeaders(
            versionHeader.ToString(),
            request.Headers[EasHeaders.XMSPolicyKey].ToString(),
            request.Headers[EasHeaders.MSASAcceptMultiPart].ToString());
        if (!EasRequestLine.TryParse(q, headers, scratch, out EasRequestLine line, out error))
        {
            version = default;
            return false;
        }

        version = line.ProtocolVersion;
        command = line.Command;
        return true;
    }
}
