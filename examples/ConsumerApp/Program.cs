// A front door built only from the HybridCore packages: moved users' devices get 451, everyone else is served here.
// Run: dotnet run -- --directory ../lab.json --urls http://127.0.0.1:5090
using HybridCore.AspNetCore;
using HybridCore.AspNetCore.Authentication;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
string directoryPath = builder.Configuration["directory"] ?? "lab.json";
HybridDirectoryFile directory = HybridDirectoryFile.Parse(File.ReadAllBytes(directoryPath));

builder.Services
    .AddHybridCore()
    .UseDirectory(directory.Directory)
    .AddBasicAuthentication(new DirectoryCredentialValidator(directory.Directory, directory.PasswordHashes));

WebApplication app = builder.Build();
app.UseAuthentication();
app.UseActiveSyncRedirects();
app.UseAutodiscoverRedirects();
app.MapMethods("/Microsoft-Server-ActiveSync", ["POST", "OPTIONS"], (HttpContext context) =>
    Results.Text($"served locally for {context.User.Identity?.Name}"));
app.Run();
