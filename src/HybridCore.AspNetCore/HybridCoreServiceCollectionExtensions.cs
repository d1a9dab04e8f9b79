using HybridCore.AspNetCore.Authentication;
using HybridCore.Redirect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore;

/// <summary>Registers HybridCore in an ASP.NET Core application.</summary>
public static class HybridCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the HybridCore middleware services: options (validated when the host starts), the resolver, logging
    /// and the <see cref="HybridCoreMetrics.MeterName"/> meter. Supply a directory with
    /// <see cref="HybridCoreBuilder.UseDirectory{TDirectory}"/> or <see cref="HybridCoreBuilder.UseDirectory(IHybridDirectory)"/>,
    /// then add <c>app.UseActiveSyncRedirects()</c> / <c>app.UseAutodiscoverRedirects()</c> after <c>app.UseAuthentication()</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes to the default options, or null.</param>
    /// <returns>A builder to choose the directory and authentication.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static HybridCoreBuilder AddHybridCore(this IServiceCollection services, Action<HybridCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<HybridCoreOptions> options = services.AddOptions<HybridCoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HybridCoreOptions>, HybridCoreOptionsValidator>());
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HybridCoreMetrics>();
        services.TryAddSingleton(sp =>
        {
            HybridCoreOptions o = sp.GetRequiredService<IOptions<HybridCoreOptions>>().Value;
            var policy = new RedirectPolicy(
                o.AllowOffboarding,
                o.AllowCrossForest,
                o.MobileSyncRedirectBypassClientPrefixes,
                o.MobileSyncRedirectBypassEnabled,
                o.RequireEnabledRelationship,
                o.MinRedirectProtocolVersion);
            return new ResolverCache(sp.GetRequiredService<IHybridDirectory>(), policy);
        });
        services.TryAddSingleton<HybridMiddlewareServices>();
        return new HybridCoreBuilder(services);
    }
}

/// <summary>Chooses the directory and authentication for HybridCore.</summary>
public sealed class HybridCoreBuilder
{
    internal HybridCoreBuilder(IServiceCollection services) => Services = services;

    /// <summary>The services being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Uses a directory instance (for example an <see cref="InMemoryHybridDirectory"/>).</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    public HybridCoreBuilder UseDirectory(IHybridDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Services.Replace(ServiceDescriptor.Singleton(directory));
        return this;
    }

    /// <summary>Uses a directory type resolved from the container as a singleton.</summary>
    /// <typeparam name="TDirectory">The host's directory.</typeparam>
    /// <returns>This builder.</returns>
    public HybridCoreBuilder UseDirectory<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TDirectory>()
        where TDirectory : class, IHybridDirectory
    {
        Services.Replace(ServiceDescriptor.Singleton<IHybridDirectory, TDirectory>());
        return this;
    }

    /// <summary>
    /// Adds HTTP Basic authentication (scheme <see cref="BasicAuthenticationDefaults.AuthenticationScheme"/>) as the
    /// default scheme, validating credentials with <paramref name="validator"/>. Hosts that use Negotiate,
    /// certificates or OAuth skip this and register their own scheme.
    /// </summary>
    /// <param name="validator">Checks user name and password.</param>
    /// <param name="configure">Changes to the scheme's options, or null.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="validator"/> is null.</exception>
    public HybridCoreBuilder AddBasicAuthentication(IHybridCredentialValidator validator, Action<BasicAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(validator);
        Services.Replace(ServiceDescriptor.Singleton(validator));
        return AddBasicAuthenticationCore(configure);
    }

    /// <summary>Adds HTTP Basic authentication with a validator built from the container.</summary>
    /// <param name="validatorFactory">Builds the validator (it may use the <see cref="IHybridDirectory"/>).</param>
    /// <param name="configure">Changes to the scheme's options, or null.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="validatorFactory"/> is null.</exception>
    public HybridCoreBuilder AddBasicAuthentication(Func<IServiceProvider, IHybridCredentialValidator> validatorFactory, Action<BasicAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(validatorFactory);
        Services.Replace(ServiceDescriptor.Singleton(validatorFactory));
        return AddBasicAuthenticationCore(configure);
    }

    private HybridCoreBuilder AddBasicAuthenticationCore(Action<BasicAuthenticationOptions>? configure)
    {
        Services.AddAuthentication(BasicAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<BasicAuthenticationOptions, BasicAuthenticationHandler>(BasicAuthenticationDefaults.AuthenticationScheme, configure);
        Services.AddOptions<BasicAuthenticationOptions>(BasicAuthenticationDefaults.AuthenticationScheme)
            .Validate(o => o.Realm.Length is > 0 and <= 128 && !o.Realm.Contains('"', StringComparison.Ordinal) && !o.Realm.Any(char.IsControl),
                "Realm must be 1 to 128 characters without quotes or control characters.")
            .Validate(o => o.MaxHeaderLength is >= 64 and <= 65536, "MaxHeaderLength must be between 64 and 65536.")
            .Validate(
                o => o.DefaultDomain is null || (o.DefaultDomain.Length is > 0 and <= 255 && !o.DefaultDomain.Any(c => c is '\\' or '@' or '/' || char.IsWhiteSpace(c) || char.IsControl(c))),
                "DefaultDomain must be a domain name such as CONTOSO (1 to 255 characters, no \\, @, /, spaces or control characters).")
            .ValidateOnStart();
        return this;
    }
}

/// <summary>Adds the HybridCore middleware to the request pipeline.</summary>
public static class HybridCoreApplicationBuilderExtensions
{
    /// <summary>
    /// Answers Exchange ActiveSync requests (<see cref="HybridCoreOptions.ActiveSyncPath"/>) for moved mailboxes:
    /// 451 + X-MS-Location, or UserHasNoMailbox (HTTP 200 with Status 123 at 14.0+, else 403); local mailboxes go on to the next middleware. Place it after
    /// <c>UseAuthentication()</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    public static Microsoft.AspNetCore.Builder.IApplicationBuilder UseActiveSyncRedirects(this Microsoft.AspNetCore.Builder.IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Microsoft.AspNetCore.Builder.UseMiddlewareExtensions.UseMiddleware<ActiveSync.ActiveSyncRedirectMiddleware>(app);
    }

    /// <summary>
    /// Answers Autodiscover requests (<see cref="HybridCoreOptions.AutodiscoverPath"/>) for moved mailboxes with
    /// redirectAddr (Outlook) or Redirect (mobilesync); local mailboxes go on to the next middleware. Place it
    /// after <c>UseAuthentication()</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    public static Microsoft.AspNetCore.Builder.IApplicationBuilder UseAutodiscoverRedirects(this Microsoft.AspNetCore.Builder.IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Microsoft.AspNetCore.Builder.UseMiddlewareExtensions.UseMiddleware<Autodiscover.AutodiscoverRedirectMiddleware>(app);
    }
}
