namespace HybridCore.TestSupport;

/// <summary>
/// The lab of "Exchange ActiveSync on-boarding to Office 365" as the directory JSON the tests load: two relationships
/// (one without a TargetOWAURL) and five recipients, every one of whom logs on with <see cref="Password"/>.
/// </summary>
public static class LabDirectory
{
    public const string Password = "P@ssw0rd-demo";
    public const string Cloud = "https://outlook.office365.com/Microsoft-Server-ActiveSync";

    public const string User12 = "user12@batre.msftonlinerepro.com";
    public const string User12Routing = "user12@batre.mail.onmicrosoft.com";
    public const string Mig8 = @"CONTOSO\Mig8";
    public const string Admin = "admin@batre.msftonlinerepro.com";
    public const string User30 = "user30@batre.msftonlinerepro.com";
    public const string Kiosk3 = @"CONTOSO\Kiosk3";

    /// <summary>The directory JSON; <paramref name="extraProperty"/> (for example the demo's <c>"passwords": {…}</c>) is added as the last top-level property.</summary>
    public static string Json(string? extraProperty = null)
    {
        string json = """
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
              ]
            """;
        return extraProperty is null ? json + "\n}" : json + ",\n  " + extraProperty + "\n}";
    }
}
