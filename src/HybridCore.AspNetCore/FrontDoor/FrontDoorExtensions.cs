using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore.FrontDoor;

/// <summary>Registers and adds the HybridCore front door: modern-auth pass-through, Autodiscover v2, OWA, failed log-on limits.</summary>
public static class HybridFrontDoorExtensions
{
    /// <summary>Adds the front-door options (validated when the host starts). Call after <c>AddHybridCore()</c>.</summary>
    /// <param name="builder">The HybridCore builder.</param>
    /// <param name="configure">Changes to the defaults, or null.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static HybridCoreBuilder AddFrontDoor(this HybridCoreBuilder builder, Action<HybridFrontDoorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        OptionsBuilder<HybridFrontDoorOptions> options = builder.Services.AddOptions<HybridFrontDoorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HybridFrontDoorOptions>, HybridFrontDoorOptionsValidator>());
        return builder;
    }

    /// <summary>
    /// Adds the whole HybridCore pipeline of a front door in front of the handler that follows (a forwarder to
    /// Exchange): the failed log-on limiter, <c>UseAuthentication()</c>, Autodiscover v2, then — only for requests whose
    /// credentials HybridCore judges (Basic, or anonymous when no back end answers them) — the ActiveSync,
    /// Autodiscover and OWA redirects. Requests with <see cref="HybridFrontDoorOptions.BackendAuthenticationSchemes"/>
    /// credentials (Bearer, Negotiate, NTLM) reach the next handler untouched; anonymous ones too when
    /// <see cref="HybridFrontDoorOptions.AnonymousToBackend"/> is set, and the back end's 401 then gets HybridCore's
    /// challenge added.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    public static IApplicationBuilder UseHybridCoreFrontDoor(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        HybridFrontDoorOptions options = app.ApplicationServices.GetRequiredService<IOptions<HybridFrontDoorOptions>>().Value;
        app.UseMiddleware<FailedLogonLimiterMiddleware>();
        if (options.AnonymousToBackend)
        {
            app.UseMiddleware<BackendChallengeMiddleware>();
        }
        else
        {
            app.UseMiddleware<AdditionalChallengesMiddleware>();
        }

        app.UseAuthentication();
        app.UseMiddleware<AutodiscoverV2Middleware>();
        app.UseWhen(context => CredentialRouting.IsForHybridCore(context, options), branch =>
        {
            branch.UseActiveSyncRedirects();
            branch.UseAutodiscoverRedirects();
            branch.UseMiddleware<OwaRedirectMiddleware>();
        });
        return app;
    }

    /// <summary>True when HybridCore judges this request's credentials; false when they go to the back end untouched.</summary>
    /// <param name="context">The request.</param>
    /// <param name="options">The front-door options.</param>
    /// <returns>Whether HybridCore's redirect middleware handles the request.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool IsJudgedByHybridCore(HttpContext context, HybridFrontDoorOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return CredentialRouting.IsForHybridCore(context, options);
    }
}
