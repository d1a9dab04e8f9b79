using System.Globalization;
using System.Threading.RateLimiting;
using HybridCore.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore.FrontDoor;

/// <summary>
/// Counts failed Basic log-ons per client IP address and per user name with ASP.NET Core's rate limiters
/// (System.Threading.RateLimiting fixed windows). While either count is used up, further Basic log-ons of that
/// address or user are refused with HTTP 429 and <c>Retry-After</c> before the password is checked, so a password
/// spray through the front door never reaches the directory and cannot lock accounts out there.
/// ASP.NET Core's <c>UseRateLimiter</c> counts every request; this counts only failures, which is why it takes the
/// limiters directly. Place it before <c>UseAuthentication()</c>.
/// </summary>
internal sealed class FailedLogonLimiterMiddleware : IDisposable
{
    /// <summary>User names longer than this are counted under one shared key (they cannot be real account names).</summary>
    private const int MaxUserKeyLength = 256;

    private readonly RequestDelegate _next;
    private readonly ILogger _logger;
    private readonly PartitionedRateLimiter<string>? _byAddress;
    private readonly PartitionedRateLimiter<string>? _byUser;
    private readonly TimeSpan _window;

    public FailedLogonLimiterMiddleware(RequestDelegate next, IOptions<HybridFrontDoorOptions> options, ILogger<FailedLogonLimiterMiddleware> logger)
    {
        _next = next;
        _logger = logger;
        HybridFrontDoorOptions o = options.Value;
        _window = o.FailedLogonWindow;
        _byAddress = Create(o.FailedLogonsPerAddress, o.FailedLogonWindow);
        _byUser = Create(o.FailedLogonsPerUser, o.FailedLogonWindow);
    }

    private static PartitionedRateLimiter<string>? Create(int permits, TimeSpan window) => permits == 0 ? null :
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        if (header is null || !CredentialRouting.Scheme(header).Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        string address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        string user = UserKey(header);
        if (Exhausted(_byAddress, address) || Exhausted(_byUser, user))
        {
            FrontDoorLog.LogonsLimited(_logger, address);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = Math.Ceiling(_window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            context.Response.ContentLength = 0;
            return;
        }

        await _next(context).ConfigureAwait(false);
        if (context.User.Identity is not { IsAuthenticated: true })
        {
            _byAddress?.AttemptAcquire(address).Dispose();
            _byUser?.AttemptAcquire(user).Dispose();
        }
    }

    private static bool Exhausted(PartitionedRateLimiter<string>? limiter, string key) =>
        limiter?.GetStatistics(key) is { CurrentAvailablePermits: <= 0 };

    /// <summary>The user name of the Basic credentials, normalised for counting; a malformed header counts as one key.</summary>
    private static string UserKey(string header)
    {
        ReadOnlySpan<char> base64 = header.AsSpan(header.IndexOf(' ', StringComparison.Ordinal) + 1).Trim();
        if (header.Length > 8192 || !BasicAuthenticationHandler.TryDecode(base64, out string? user, out _) || user.Length > MaxUserKeyLength)
        {
            return "\0malformed";
        }

        return user;
    }

    public void Dispose()
    {
        _byAddress?.Dispose();
        _byUser?.Dispose();
    }
}
