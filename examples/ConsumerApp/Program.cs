// A front door built only from the HybridCore packages: moved users' devices get 451, everyone else is served here.
// Run: dotnet run -- --directory ../directory.json --lab-password P@ssw0rd-demo --urls http://127.0.0.1:5090
using System.Security.Cryptography;
using System.Text;
using HybridCore.AspNetCore;
using HybridCore.AspNetCore.Authentication;
using HybridCore.DirectoryModel;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
string directoryPath = builder.Configuration["directory"] ?? "directory.json";
InMemoryHybridDirectory directory = InMemoryHybridDirectory.FromJson(File.ReadAllBytes(directoryPath));

// In production the password check is LdapCredentialValidator (HybridCore.Ldap: an LDAP bind to AD) or your own
// IHybridCredentialValidator; this lab app lets every user of the directory in with one password.
string labPassword = builder.Configuration["lab-password"] ?? throw new InvalidOperationException("Give --lab-password <password>.");

builder.Services
    .AddHybridCore()
    .UseDirectory(directory)
    .AddBasicAuthentication(new LabCredentialValidator(directory, labPassword));

WebApplication app = builder.Build();
app.UseAuthentication();
app.UseActiveSyncRedirects();
app.UseAutodiscoverRedirects();
app.MapMethods("/Microsoft-Server-ActiveSync", ["POST", "OPTIONS"], (HttpContext context) =>
    Results.Text($"served locally for {context.User.Identity?.Name}"));
app.Run();

/// <summary>A lab's credential check: every user the directory knows logs on with one shared password.</summary>
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
