using System.Text;
using HybridCore.Cli.Authentication;

namespace HybridCore.Cli.Tests.Authentication;

/// <summary>The lab of "Exchange ActiveSync on-boarding to Office 365" as the demo's directory file (with <c>passwords</c>), with cheap password hashes so tests stay fast.</summary>
internal static class TestLab
{
    public const string Password = "P@ssw0rd-demo";
    public const string Cloud = "https://outlook.office365.com/Microsoft-Server-ActiveSync";

    public const string User12 = "user12@batre.msftonlinerepro.com";
    public const string User12Routing = "user12@batre.mail.onmicrosoft.com";
    public const string Mig8 = @"CONTOSO\Mig8";
    public const string Admin = "admin@batre.msftonlinerepro.com";
    public const string User30 = "user30@batre.msftonlinerepro.com";
    public const string Kiosk3 = @"CONTOSO\Kiosk3";

    private static readonly Lazy<HybridDirectoryFile> LazyFile = new(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(Json())));

    public static HybridDirectoryFile File => LazyFile.Value;

    public static string Json()
    {
        string hash = PasswordHash.Create(Password, PasswordHash.MinIterations);
        return $$"""
            {
              "relationships": [
                { "name": "On Premises to O365", "domainNames": ["batre.mail.onmicrosoft.com"],
                  "targetOwaUrl": "https://outlook.com/owa/batre.msftonlinerepro.com", "targetMinimumEasVersion": "16.1" },
                { "name": "No OWA URL", "domainNames": ["contoso-tenant.mail.onmicrosoft.com"] }
              ],
              "recipients": [
                { "kind": "RemoteMailbox", "identity": "user12", "userPrincipalName": "user12@batre.msftonlinerepro.com",
                  "primarySmtpAddress": "user12@batre.msftonlinerepro.com", "remoteRoutingAddress": "SMTP:user12@batre.mail.onmicrosoft.com",
                  "emailAddresses": ["SMTP:user12@batre.msftonlinerepro.com", "smtp:user12@batre.mail.onmicrosoft.com"], "logonName": "CONTOSO\\user12" },
                { "kind": "RemoteMailbox", "identity": "Mig8", "userPrincipalName": "mig8@batre.msftonlinerepro.com",
                  "primarySmtpAddress": "mig8@batre.msftonlinerepro.com", "remoteRoutingAddress": "SMTP:mig8@contoso.mail.onmicrosoft.com",
                  "logonName": "CONTOSO\\Mig8" },
                { "kind": "LocalMailbox", "identity": "admin", "userPrincipalName": "admin@batre.msftonlinerepro.com",
                  "primarySmtpAddress": "admin@batre.msftonlinerepro.com", "logonName": "CONTOSO\\admin" },
                { "kind": "RemoteMailbox", "identity": "user30", "userPrincipalName": "user30@batre.msftonlinerepro.com",
                  "primarySmtpAddress": "user30@batre.msftonlinerepro.com", "remoteRoutingAddress": "SMTP:user30@contoso-tenant.mail.onmicrosoft.com",
                  "logonName": "CONTOSO\\user30" },
                { "kind": "RemoteMailbox", "identity": "Kiosk3", "primarySmtpAddress": "kiosk3@batre.msftonlinerepro.com",
                  "remoteRoutingAddress": "SMTP:kiosk3@batre.mail.onmicrosoft.com", "logonName": "CONTOSO\\Kiosk3" }
              ],
              "passwords": { "user12": "{{hash}}", "Mig8": "{{hash}}", "admin": "{{hash}}", "user30": "{{hash}}", "Kiosk3": "{{hash}}" }
            }
            """;
    }
}
