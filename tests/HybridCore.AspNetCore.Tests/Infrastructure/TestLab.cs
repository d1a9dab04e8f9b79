using System.Text;
using HybridCore.TestSupport;

namespace HybridCore.AspNetCore.Tests.Infrastructure;

/// <summary>The lab of "Exchange ActiveSync on-boarding to Office 365" as a directory; every recipient logs on with <see cref="Password"/>
/// (<see cref="TestCredentialValidator"/>).</summary>
public static class TestLab
{
    public const string Password = LabDirectory.Password;
    public const string Cloud = LabDirectory.Cloud;
    public const string User12 = LabDirectory.User12;
    public const string User12Routing = LabDirectory.User12Routing;
    public const string Mig8 = LabDirectory.Mig8;
    public const string Admin = LabDirectory.Admin;
    public const string User30 = LabDirectory.User30;
    public const string Kiosk3 = LabDirectory.Kiosk3;

    private static readonly Lazy<InMemoryHybridDirectory> LazyDirectory = new(() => InMemoryHybridDirectory.FromJson(Encoding.UTF8.GetBytes(Json())));

    public static InMemoryHybridDirectory Directory => LazyDirectory.Value;

    public static string Json() => LabDirectory.Json();
}
