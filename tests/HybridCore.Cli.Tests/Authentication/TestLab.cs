using System.Text;
using HybridCore.Cli.Authentication;
using HybridCore.TestSupport;

namespace HybridCore.Cli.Tests.Authentication;

/// <summary>The lab of "Exchange ActiveSync on-boarding to Office 365" as the demo's directory file (with <c>passwords</c>), with cheap password hashes so tests stay fast; the names and the password are <see cref="LabDirectory"/>'s.</summary>
internal static class TestLab
{
    private static readonly Lazy<HybridDirectoryFile> LazyFile = new(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(Json())));

    public static HybridDirectoryFile File => LazyFile.Value;

    public static string Json()
    {
        string hash = PasswordHash.Create(LabDirectory.Password, PasswordHash.MinIterations);
        return LabDirectory.Json($$"""
            "passwords": { "user12": "{{hash}}", "Mig8": "{{hash}}", "admin": "{{hash}}", "user30": "{{hash}}", "Kiosk3": "{{hash}}" }
            """);
    }
}
