using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace HybridCore.Cli;

/// <summary>
/// Forwards a request to the back end and streams the answer back (request and response bodies are never
/// buffered). Hop-by-hop headers (RFC 9110 section 7.6.1) are not copied; X-Forwarded-For/-Proto/-Host are added.
/// </summary>
internal sealed class BackendForwarder(IHttpClientFactory clients, Uri backend)
{
    public const string ClientName = "hybridcore-backend";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Connection, HeaderNames.KeepAlive, HeaderNames.ProxyAuthenticate, HeaderNames.ProxyAuthorization,
        HeaderNames.TE, HeaderNames.Trailer, HeaderNames.TransferEncoding, HeaderNames.Upgrade, HeaderNames.Host,
        "Proxy-Connection",
    };

    public async Task ForwardAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), TargetFor(backend, request));
        bool hasBody = request.ContentLength > 0 || request.Headers.ContainsKey(HeaderNames.TransferEncoding);
        if (hasBody)
        {
            message.Content = new StreamContent(request.Body);
        }

        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        message.Headers.TryAddWithoutValidation("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString());
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName)
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"HybridCore front door: the back end {backend} did not answer ({e.Message}).\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            CopyHeaders(response.Headers, context.Response.Headers);
            CopyHeaders(response.Content.Headers, context.Response.Headers);
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await using Stream body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
            await body.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The back-end URL for a request: the configured scheme, host and port, then the request's path and query.
    /// Never resolved relative to the back end: a request target such as <c>//attacker.example/x</c> is a
    /// network-path reference (RFC 3986 section 4.2) and would replace the configured host.
    /// </summary>
    internal static Uri TargetFor(Uri backend, HttpRequest request) =>
        new(string.Concat(
            backend.GetLeftPart(UriPartial.Authority),
            request.PathBase.ToUriComponent(),
            request.Path.ToUriComponent(),
            request.QueryString.ToUriComponent()));

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders from, IHeaderDictionary to)
    {
        foreach (KeyValuePair<string, IEnumerable<string>> header in from)
        {
            if (!HopByHop.Contains(header.Key))
            {
                to[header.Key] = header.Value.ToArray();
            }
        }
    }
}
