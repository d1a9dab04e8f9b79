// The code between each "sample:begin" and "sample:end" pair, the pairs joined by a blank line, is the whole program
// shown in docs/aspnetcore.md; DocsSampleTests checks that the page and this file agree, and runs it against a real
// Kestrel server (the page's block also compiles on its own in HybridCore.Docs.Tests).
#pragma warning disable IDE0005
// sample:begin
using System.Security.Cryptography;
using System.Text;
using HybridCore.AspNetCore;
using HybridCore.AspNetCore.Authentication;
using HybridCore.DirectoryModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
// sample:end
#pragma warning restore IDE0005

namespace HybridCore.AspNetCore.Tests.DocsSamples;

public static class FrontDoorSample
{
    /// <summary>The program up to <c>app.Run()</c>.</summary>
    /// <param name="args">The command line (<c>--DirectoryFile path</c> names the directory file, <c>--LabPassword</c> the password).</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Build(string[] args)
    {
        // sample:begin
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

        // Users and organization relationships: a JSON file in the models' format, examples/directory.json unless
        // the command line says --DirectoryFile <path> (`hybridcore directory export` writes one from AD). Implement
        // IHybridDirectory instead to look users up live (LiveHybridDirectory in HybridCore.Ldap does it for AD).
        string directoryPath = builder.Configuration["DirectoryFile"] ?? "examples/directory.json";
        InMemoryHybridDirectory directory = InMemoryHybridDirectory.FromJson(File.ReadAllBytes(directoryPath));

        // Who may log on. In production: LdapCredentialValidator (HybridCore.Ldap) checks the password with an
        // LDAP bind to Active Directory. This lab plugs in its own validator (below): one password for everyone.
        string labPassword = builder.Configuration["LabPassword"] ?? throw new InvalidOperationException("Give --LabPassword <password>.");

        builder.Services
            .AddHybridCore(options =>
            {
                options.MaxAutodiscoverRequestBytes = 16 * 1024;
                options.MobileSyncRedirectBypassClientPrefixes.Add("Outlook-iOS-Android/");
            })
            .UseDirectory(directory)
            .AddBasicAuthentication(new LabCredentialValidator(directory, labPassword));

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

    // sample:begin
    /// <summary>A lab's credential check: every user the directory knows logs on with one shared password.
    /// The contract of <see cref="IHybridCredentialValidator"/>: the recipient's identity, or null, in the
    /// same time whether or not the user exists.</summary>
    internal sealed class LabCredentialValidator(IHybridDirectory directory, string sharedPassword) : IHybridCredentialValidator
    {
        private readonly byte[] _password = Encoding.UTF8.GetBytes(sharedPassword);

        public async ValueTask<string?> ValidateAsync(string userName, string password, CancellationToken cancellationToken)
        {
            RecipientLookupResult found = await directory.FindRecipientAsync(userName, cancellationToken);
            bool match = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), _password);
            return match && found.Recipient is { } recipient ? recipient.Identity : null;
        }
    }
    // sample:end
}
