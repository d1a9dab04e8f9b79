// The code between "sample:begin" and "sample:end" is shown in docs/aspnetcore.md; DocsSampleTests checks
// that the page and this file agree, and runs it against a real Kestrel server.
#pragma warning disable IDE0005
using HybridCore.AspNetCore;
using HybridCore.AspNetCore.Authentication;
using HybridCore.AspNetCore.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0005

namespace HybridCore.AspNetCore.Tests.DocsSamples;

public static class FrontDoorSample
{
    public static WebApplication Build(string[] args, string directoryPath)
    {
        // sample:begin
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

        // Users and organization relationships: a JSON file in the models' format (with optional
        // "passwords"). Implement IHybridDirectory instead to look users up in AD or a database.
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
}
