using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace HybridCore.AspNetCore.FrontDoor;

/// <summary>Who judges a request's credentials: HybridCore (Basic) or the back end (Bearer, Negotiate, NTLM, anonymous).</summary>
internal static class CredentialRouting
{
    /// <summary>The scheme token of an Authorization header (the text before the first space), or empty.</summary>
    public static ReadOnlySpan<char> Scheme(StringValues authorization)
    {
        if (authorization.Count != 1 || authorization[0] is not { Length: > 0 } value)
        {
            return default;
        }

        int space = value.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? value.AsSpan() : value.AsSpan(0, space);
    }

    /// <summary>True when the request carries credentials of a scheme the back end judges (an empty <c>Bearer </c> too, as Test-HMAEAS.ps1 sends).</summary>
    public static bool IsBackendScheme(HttpRequest request, HybridFrontDoorOptions options)
    {
        ReadOnlySpan<char> scheme = Scheme(request.Headers.Authorization);
        if (scheme.IsEmpty)
        {
            return false;
        }

        foreach (string candidate in options.BackendAuthenticationSchemes)
        {
            if (scheme.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when HybridCore's middleware should see the request; false when it goes to the back end untouched.</summary>
    public static bool IsForHybridCore(HttpContext context, HybridFrontDoorOptions options)
    {
        if (IsBackendScheme(context.Request, options))
        {
            return false;
        }

        return context.Request.Headers.Authorization.Count > 0 || !options.AnonymousToBackend;
    }
}

/// <summary>
/// Placed in front of the back end for requests HybridCore does not judge. An anonymous request that the back end
/// answers with 401 gets HybridCore's own challenge added to the back end's (Exchange with hybrid modern
/// authentication offers <c>Bearer … authorization_uri=…</c>, Negotiate and NTLM), so a Basic client and an Outlook
/// for iOS and Android client can both proceed. Requests with credentials the back end judges are not touched.
/// </summary>
internal sealed class BackendChallengeMiddleware(RequestDelegate next, IOptions<HybridFrontDoorOptions> options)
{
    private readonly HybridFrontDoorOptions _options = options.Value;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0)
        {
            context.Response.OnStarting(static state => AddOwnChallengeAsync((HttpContext)state), context);
        }

        return next(context);
    }

    private static async Task AddOwnChallengeAsync(HttpContext context)
    {
        if (context.Response.StatusCode != StatusCodes.Status401Unauthorized)
        {
            return;
        }

        StringValues backend = context.Response.Headers.WWWAuthenticate;
        context.Response.Headers.Remove(HeaderNames.WWWAuthenticate);
        await context.ChallengeAsync().ConfigureAwait(false);
        StringValues own = context.Response.Headers.WWWAuthenticate;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = Merge(backend, own);
    }

    /// <summary>The back end's challenges first (as it sent them), then ours unless it already offered the same scheme.</summary>
    internal static StringValues Merge(StringValues backend, StringValues own)
    {
        var merged = new List<string>(backend.Count + own.Count);
        foreach (string? value in backend)
        {
            if (!string.IsNullOrEmpty(value))
            {
                merged.Add(value);
            }
        }

        foreach (string? value in own)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            ReadOnlySpan<char> scheme = CredentialRouting.Scheme(value);
            bool offered = false;
            foreach (string existing in merged)
            {
                if (CredentialRouting.Scheme(existing).Equals(scheme, StringComparison.OrdinalIgnoreCase))
                {
                    offered = true;
                    break;
                }
            }

            if (!offered)
            {
                merged.Add(value);
            }
        }

        return new StringValues(merged.ToArray());
    }
}

/// <summary>
/// Adds <see cref="HybridFrontDoorOptions.AdditionalChallenges"/> to every 401 HybridCore itself sends (no back end
/// answers anonymous requests), for example an organisation's <c>Bearer authorization_uri=…</c>.
/// </summary>
internal sealed class AdditionalChallengesMiddleware(RequestDelegate next, IOptions<HybridFrontDoorOptions> options)
{
    private readonly string[] _extra = [.. options.Value.AdditionalChallenges];

    public Task InvokeAsync(HttpContext context)
    {
        if (_extra.Length > 0)
        {
            context.Response.OnStarting(static state =>
            {
                var (ctx, extra) = ((HttpContext, string[]))state;
                if (ctx.Response.StatusCode == StatusCodes.Status401Unauthorized)
                {
                    ctx.Response.Headers.WWWAuthenticate = BackendChallengeMiddleware.Merge(new StringValues(extra), ctx.Response.Headers.WWWAuthenticate);
                }

                return Task.CompletedTask;
            }, (context, _extra));
        }

        return next(context);
    }
}
