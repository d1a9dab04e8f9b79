namespace HybridCore.Diagnostics.Tests.Logs;

/// <summary>
/// The two IIS log lines of the Exchange team's article "Exchange ActiveSync on-boarding to Office 365"
/// (2015, troubleshooting section; docs/design.md §3), exactly as the article prints them: each log line is broken over
/// several text lines by the article's layout (after <c>HH:</c>, after <c>Error:</c> and after
/// <c>UserHasNoMailbox</c> in the first; after <c>Log=</c> in the second), and the article's
/// text replacement turned <c>outlook.office365.com</c> into <c>outlook.Office 365.com</c> in the
/// second — a space inside a W3C value, which a real IIS log can never contain. Tests keep these
/// artifacts and say what they do with them.
/// </summary>
internal static class SeedLines
{
    /// <summary>Exchange 2010 SP3 RU8 CAS: a proxied request answered with UserHasNoMailbox.</summary>
    public static readonly string[] Exchange2010Printed =
    [
        "1/26/2015 23:07:39 192.168.1.53 POST /Microsoft-Server-ActiveSync/Proxy/default.eas Cmd=Sync&DeviceId=AC94832BCFD9DCD19D299AD36D2CA8C5&DeviceType=WP8&Log=PrxFrom:192.168.1.63_V141_HH:",
        "mail.batre.msftonlinerepro.com_Cpo19000_Fet19034_ExStk:H4sIAAAAAAAEAL2RzWrDQAyE74G8wx5dCH4Hpz%2fYBLcmpeci76q22s2uo5XB7tN3Q1iSU1sf2tNIMJpvQDVp9sG%2fSX4%2f6R5ch3lB%2fDw7nbRBPoBDJ9GAg5B365VSCkTVP96%2bBOS8ciQElj4x2Romp2kAm90szPrGVl37OpTX%2f6VtRxNlh%2fOfUQp9HInxDFpMuXzhgf1hj%2f1sGARNZeJrSZbXzrV4zlLDW%2b8EJ1H6rL8IK8EZG3OSbrEj17DXGMIejyMGyUqRISX3l3mjinBigrUt6A8F19tGPbXvqEVFI8MdCMQy69Wpcwnh0ddAtvXTFzY61Nj5AgAA_S123_Error:",
        "UserHasNoMailbox",
        "_Dc:BonDC1.contoso.com_SBkOffD:L%2f-480_TmRcv23:07:20.2281657_TmCmpl23:07:39.2625704_ActivityContextData:ActivityID%3d14988279-6caf-4565-8363-4ed43211bc35%3bI32%3aATE.C%5bBonDC1.contoso.com%5d%3d2%3bF%3aATE.AL%5bBonDC1.contoso.com%5d%3d0%3bI32%3aADS.C%5bBonDC1%5d%3d2%3bF%3aADS.AL%5bBonDC1%5d%3d1.75745_ 444 CONTOSO\\Mig8 192.168.1.63 - - 200 0 0 19050"
    ];

    /// <summary>Exchange 2013 CU8 Mailbox server: a request redirected with HTTP 451.</summary>
    public static readonly string[] Exchange2013Printed =
    [
        "2015-01-22 13:37:53 192.168.1.61 POST /Microsoft-Server-ActiveSync/default.eas User=user12@batre.msftonlinerepro.com&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad&Cmd=Ping&Log=",
        "RdirTo:TryToFigureOutEasEndpoint%3bhttps%3a%2f%2foutlook.Office 365.com%2fMicrosoft-Server-ActiveSync_V141_LdapC6_LdapL31_UserInfo:MailUser_Dc:BonDC1.contoso.com_Budget:(D)Conn%3a1%2cHangingConn%3a0%2cAD%3a%24null%2f%24null%2f0%25%2cCAS%3a%24null%2f%24null%2f0%25%2cAB%3a%24null%2f%24null%2f0%25%2cRPC%3a%24null%2f%24null%2f0%25%2cFC%3a1000%2f0%2cPolicy%3aDefaultThrottlingPolicy%5Fa53e58b3-edc1-4c36-be2c-0eec854b8637%2cNorm%5bResources%3a(DC)BonDC1.contoso.com(Health%3a-1%25%2cHistLoad%3a0)%2c%5d_ 443 user12@batre.msftonlinerepro.com 192.168.1.65 Apple-iPad2C2/1202.440 451 0 0 328"
    ];

    /// <summary>The first line with the article's line breaks removed.</summary>
    public static string Exchange2010 => string.Concat(Exchange2010Printed);

    /// <summary>The second line with the article's line breaks removed (the "Office 365" space kept).</summary>
    public static string Exchange2013 => string.Concat(Exchange2013Printed);

    /// <summary>The second line as IIS would have written it: the article's "Office 365" replacement undone.</summary>
    public static string Exchange2013Repaired => Exchange2013.Replace("outlook.Office 365.com", "outlook.office365.com", System.StringComparison.Ordinal);

    /// <summary>The columns of the first line: 15 values, IIS 8.5's default field set (with cs(Referer)).</summary>
    public const string FieldsWithReferer = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

    /// <summary>The columns of the second line: 14 values, IIS 7.5's default field set.</summary>
    public const string FieldsWithoutReferer = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken";
}
