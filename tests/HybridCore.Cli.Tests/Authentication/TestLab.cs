using System.Text;
using HybridCore.Cli.Authentication;
using HybridCore.TestSupport;

namespace HybridCore.Cli.Tests.Authentication;

/// <summary>The lab of "Exchange ActiveSync on-boarding to Office 365" as the demo's directory file (with <c>passwords</c>), with cheap password hashes so tests stay fast.</summary>
internal static class TestLab
{
    public const string Password = LabDirectory.Password;
    public const string Cloud = LabDirectory.Cloud;
    public const string User12 = LabDirectory.User12;
    public const string User12Routing = LabDirectory.User12Routing;
    public const string Mig8 = LabDirectory.Mig8;
    public const string Admin = LabDirectory.Admin;
    public const string User30 = LabDirectory.User30;
    public const string Kiosk3 = LabDirectory.Kiosk3;

    private static readonly Lazy<HybridDirectoryFile> LazyFile = new(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(Json())));

    public static HybridDirectoryFile File => LazyFile.Value;

    public static string Json()
    {
        string hash = PasswordHash.Create(Password, PasswordHash.MinIterations);
        return LabDirectory.Json($$"""
            "passwords": { "user12": "{{hash}}", "Mig8": "{{hash}}", "admin": "{{hash}}", "user30": "{{hash}}", "Kiosk3": "{{hash}}" }
            """);
    }
}
