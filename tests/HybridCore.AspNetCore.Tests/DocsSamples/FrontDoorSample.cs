// The code between each "sample:begin" and "sample:end" pair, the pairs joined by a blank line, is the whole program
// shown in docs/aspnetcore.md; DocsSampleTests checks that the page and this file agree, and runs it against a real
// Kestrel server (the page's block also compiles on its own in HybridCore.Docs.Tests).
#pragma warning disable IDE0005
// sample:begin
using HybridCore.AspNetCore;
using HybridCore.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
// sample:end
#pragma warning restore IDE0005

namespace HybridCore.AspNetCore.Tests.DocsSamples;

public static class FrontDoorSample
{
    /// <summary>The program up to <c>app.Run()</c>.</summary>
    /// <param name="args">The command line (<c>--DirectoryFile path</c> names the directory file).</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Build(string[] args)
    {
        // sample:begin
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

        // Users and organization relationships: a JSON file in the models' format (with optional "passwords"),
        // examples/lab.json unless the command line says --DirectoryFile <path>. Implement IHybridDirectory
        // instead to look users up in AD or a database.
        string directoryPath = builder.Configuration["DirectoryFile"] ?? "examples/lab.json";
        HybridDirectoryFile directory = HybridDirectoryFile.Parse(File.ReadAllBytes(directoryPath));

        builder.Services
            .AddHybridCore(options =>
            {
                options.MaxAutodiscoverRequestBytes = 16 * 1024;
                options.MobileSyncRedirectBypassClientPrefixes.Add("Outlook-iOS-Android/");
            })
            .UseDirectory(directory.Directory)
            .AddBasicAuthentication(new DirectoryCredentialValidator(directory.Directory, directory.PasswordHashes));

        WebApplication app = builder.Build();
        app.UseAuthentication();
        app.UseActiveSyncRedirects();    // 451 + X-MS-Location, or UserHasNoMailbox (200 + Status 123 at 14.0+, else 403)
        app.UseAutodiscoverRedirects();  // redirectAddr (Outlook) / Redirect (mobilesync)

        // Only local mailboxes get this far: hand them to your ActiveSync implementation or proxy.
        app.MapMethods("/Microsoft-Server-ActiveSync", ["POST", "OPTIONS"], (HttpContext context) =>
            Results.Text($"served locally for {context.User.Identity?.Name}"));
        // sample:end
        return app;
    }

    /// <summary>The program's last line (the test starts the application with <c>StartAsync</c> instead).</summary>
    /// <param name="app">The application from <see cref="Build"/>.</param>
    public static void Run(WebApplication app)
    {
        // sample:begin
        app.Run();
        // sample:end
    }
}
