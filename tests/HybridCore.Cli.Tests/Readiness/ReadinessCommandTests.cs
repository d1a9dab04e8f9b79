using System.IO.Compression;
using System.Text.Json;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Cli.Tests.Readiness;

public sealed class ReadinessCommandTests
{
    /// <summary>A directory with nothing to report: one relationship with an https TargetOWAURL covering the one
    /// remote mailbox's routing domain, UPN = primary SMTP address everywhere.</summary>
    internal const string HealthyDirectory = """
        {
          "relationships": [
            { "name": "On Premises to O365", "domainNames": ["contoso.mail.onmicrosoft.com"], "targetOwaUrl": "https://outlook.com/owa/contoso.com" }
          ],
          "recipients": [
            { "kind": "RemoteMailbox", "identity": "ann", "userPrincipalName": "ann@contoso.com", "primarySmtpAddress": "ann@contoso.com",
              "remoteRoutingAddress": "SMTP:ann@contoso.mail.onmicrosoft.com", "logonName": "CONTOSO\\ann" },
            { "kind": "LocalMailbox", "identity": "bob", "userPrincipalName": "bob@contoso.com", "primarySmtpAddress": "bob@contoso.com" }
          ]
        }
        """;

    // Get-ExchangeServer | Select-Object Name,AdminDisplayVersion,ServerRole | Export-Csv -NoTypeInformation
    private const string CurrentServers = """
        "Name","AdminDisplayVersion","ServerRole"
        "EXSE1","Version 15.2 (Build 2562.17)","Mailbox"
        "EXSE2","Version 15.2 (Build 2562.17)","Mailbox"
        """;

    private static async Task<(int Exit, JsonElement Report)> JsonAsync(params string[] args)
    {
        var (exit, output, error) = await CliRunner.RunAsync(["readiness", .. args, "--json"]);
        Assert.True(exit is ExitCodes.Ok or ExitCodes.UserError, error);
        return (exit, JsonDocument.Parse(output).RootElement);
    }

    private static JsonElement Finding(JsonElement report, string code) =>
        report.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == code);

    private static string[] Codes(JsonElement report) =>
        [.. report.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!)];

    private static async Task WithFilesAsync(Func<string, string, Task> test, string directory, string? servers = null)
    {
        string d = CliRunner.TempFile(directory);
        string s = CliRunner.TempFile(servers ?? string.Empty, ".csv");
        try
        {
            await test(d, s);
        }
        finally
        {
            File.Delete(d);
            File.Delete(s);
        }
    }

    [Fact]
    public async Task Readiness_DemoLab_FindsMig8AndUser30sRelationshipAndExitsOne()
    {
        var (exit, report) = await JsonAsync();

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Equal(2, report.GetProperty("errors").GetInt32());
        Assert.Equal(1, report.GetProperty("warnings").GetInt32());
        Assert.Equal(["RelationshipWithoutTargetOwaUrl", "RoutingDomainNotCovered", "LogonNameOnly", "RelationshipTargetOwaUrlIsHttp", "MailUsersRedirected"], Codes(report));

        JsonElement routing = Finding(report, "RoutingDomainNotCovered");
        Assert.Equal("error", routing.GetProperty("severity").GetString());
        Assert.Equal("Mig8 (mig8@contoso.mail.onmicrosoft.com)", Assert.Single(routing.GetProperty("objects").EnumerateArray()).GetString());
        Assert.Contains("UserHasNoMailbox", routing.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(routing.GetProperty("remedy").GetString()));

        // user30 is routed to contoso-tenant.mail.onmicrosoft.com, whose relationship has no TargetOWAURL.
        string relationship = Assert.Single(Finding(report, "RelationshipWithoutTargetOwaUrl").GetProperty("objects").EnumerateArray()).GetString()!;
        Assert.StartsWith("Contoso tenant (no OWA URL) (contoso-tenant.mail.onmicrosoft.com; 1 recipient routed here)", relationship, StringComparison.Ordinal);

        Assert.Equal("warning", Finding(report, "LogonNameOnly").GetProperty("severity").GetString());
        Assert.Contains(@"CONTOSO\Kiosk3", Finding(report, "LogonNameOnly").GetProperty("objects")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_DemoLabAsText_ShowsSeverityObjectsAndWhatToDo()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["readiness"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("directory  the embedded demo directory: 3 relationships, 6 recipients", output, StringComparison.Ordinal);
        Assert.Contains("servers    not checked (no --servers)", output, StringComparison.Ordinal);
        Assert.Contains("ERROR   RoutingDomainNotCovered: ", output, StringComparison.Ordinal);
        Assert.Contains("        objects: Mig8 (mig8@contoso.mail.onmicrosoft.com)", output, StringComparison.Ordinal);
        Assert.Contains("        do: Add the routing domain", output, StringComparison.Ordinal);
        Assert.Contains("WARNING LogonNameOnly: ", output, StringComparison.Ordinal);
        Assert.EndsWith("2 errors, 1 warning." + Environment.NewLine, output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public async Task Readiness_OnATerminal_ColoursTheSeverity()
    {
        var (_, output, _) = await CliRunner.RunAsync(
            ["readiness"], (o, e) => new CliConsole(o, e, () => Stream.Null, outputIsTerminal: true, colors: true));

        Assert.Contains("\u001b[31mERROR\u001b[0m   RoutingDomainNotCovered", output, StringComparison.Ordinal);
        Assert.Contains("\u001b[33mWARNING\u001b[0m LogonNameOnly", output, StringComparison.Ordinal);
    }

    [Fact]
    public Task Readiness_HealthyDirectory_ExitsZeroWithNoFindings() => WithFilesAsync(
        async (directory, _) =>
        {
            var (exit, report) = await JsonAsync("--directory", directory);
            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Equal(0, report.GetProperty("errors").GetInt32());
            Assert.Equal(0, report.GetProperty("warnings").GetInt32());
            Assert.Empty(report.GetProperty("findings").EnumerateArray());

            var (textExit, text, _) = await CliRunner.RunAsync(["readiness", "--directory", directory]);
            Assert.Equal(ExitCodes.Ok, textExit);
            Assert.Contains("No findings.", text, StringComparison.Ordinal);
        },
        HealthyDirectory);

    [Fact]
    public async Task Readiness_FrontDoorFileWithPasswords_IgnoresThePasswords()
    {
        // The demo file has a "passwords" object, which is not directory data.
        string path = Path.Combine(Path.GetTempPath(), $"hybridcore-demo-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, DirectoryLoader.ReadDemoBytes());
        try
        {
            var (exit, report) = await JsonAsync("--directory", path);

            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Equal(["RelationshipWithoutTargetOwaUrl", "RoutingDomainNotCovered", "LogonNameOnly", "RelationshipTargetOwaUrlIsHttp", "MailUsersRedirected"], Codes(report));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public Task Readiness_CurrentServers_ReportsServersReadyAndExitsZero() => WithFilesAsync(
        async (directory, servers) =>
        {
            var (exit, report) = await JsonAsync("--directory", directory, "--servers", servers);

            Assert.Equal(ExitCodes.Ok, exit);
            JsonElement ready = Assert.Single(report.GetProperty("findings").EnumerateArray());
            Assert.Equal("ServersReady", ready.GetProperty("code").GetString());
            Assert.Equal("info", ready.GetProperty("severity").GetString());
            Assert.Equal(2, ready.GetProperty("objects").GetArrayLength());
        },
        HealthyDirectory,
        CurrentServers);

    [Fact]
    public Task Readiness_ServerBelow2010Sp3Ru9_IsAnErrorAndExitsOne() => WithFilesAsync(
        async (directory, servers) =>
        {
            var (exit, report) = await JsonAsync("--directory", directory, "--servers", servers);

            Assert.Equal(ExitCodes.UserError, exit);
            JsonElement f = Finding(report, "EasRedirectUnsupportedBuild");
            Assert.Equal("error", f.GetProperty("severity").GetString());
            Assert.Equal("CAS2010 (Exchange Server 2010 SP3 RU8v2, 14.3.224.2)", Assert.Single(f.GetProperty("objects").EnumerateArray()).GetString());
        },
        HealthyDirectory,
        CurrentServers + "\n\"CAS2010\",\"Version 14.3 (Build 224.2)\",\"ClientAccess, HubTransport\"\n");

    [Fact]
    public Task Readiness_HybridModernAuth_TurnsTheLegacyServerWarningIntoAnError() => WithFilesAsync(
        async (directory, servers) =>
        {
            // Exchange 2010 SP3 RU32 redirects EAS, but hybrid modern authentication wants every 2010 server gone.
            var (plainExit, plain) = await JsonAsync("--directory", directory, "--servers", servers);
            var (hmaExit, hma) = await JsonAsync("--directory", directory, "--servers", servers, "--hybrid-modern-auth");

            Assert.Equal(ExitCodes.Ok, plainExit);
            Assert.Equal("warning", Finding(plain, "HybridModernAuthLegacyServer").GetProperty("severity").GetString());
            Assert.Equal(ExitCodes.UserError, hmaExit);
            Assert.Equal("error", Finding(hma, "HybridModernAuthLegacyServer").GetProperty("severity").GetString());
        },
        HealthyDirectory,
        CurrentServers + "\n\"CAS2010\",\"14.3.509.0\",\"ClientAccess\"\n");

    [Fact]
    public Task Readiness_UnreadableInventoryLine_IsAWarning() => WithFilesAsync(
        async (directory, servers) =>
        {
            var (exit, report) = await JsonAsync("--directory", directory, "--servers", servers);

            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Equal("warning", Finding(report, "UnknownServerBuild").GetProperty("severity").GetString());
        },
        HealthyDirectory,
        CurrentServers + "\n\"EX-BAD\",\"not a build\",\"Mailbox\"\n");

    [Fact]
    public Task Readiness_DuplicateDomain_IsAFindingNotACrash() => WithFilesAsync(
        async (directory, _) =>
        {
            var (exit, report) = await JsonAsync("--directory", directory);

            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Contains("DuplicateRelationshipDomain", Codes(report));
        },
        """
        { "relationships": [
            { "name": "A", "domainNames": ["contoso.mail.onmicrosoft.com"], "targetOwaUrl": "https://outlook.com/owa/contoso.com" },
            { "name": "B", "domainNames": ["contoso.mail.onmicrosoft.com"], "targetOwaUrl": "https://outlook.com/owa/contoso.com" } ],
          "recipients": [] }
        """);

    [Fact]
    public async Task Readiness_Logs_AddsTheStuckDevicesOfTheGeneratedTruth()
    {
        string folder = CliRunner.TempDirectory();
        try
        {
            GeneratedLogTruth truth;
            using (FileStream f = File.Create(Path.Combine(folder, "u_ex260105.log.gz")))
            using (var gz = new GZipStream(f, CompressionLevel.Fastest))
            {
                truth = IisLogGenerator.Generate(gz, new IisLogGeneratorOptions { Seed = 3, Users = 10, TargetBytes = 200_000 });
            }

            string directory = CliRunner.TempFile(HealthyDirectory);
            try
            {
                var (exit, report) = await JsonAsync("--directory", directory, "--logs", folder);

                string[] stuck = [.. truth.Devices.Where(d => d.LastOutcome == ActiveSyncOutcome.UserHasNoMailbox).Select(d => d.DeviceId).Order(StringComparer.Ordinal)];
                Assert.NotEmpty(stuck);
                Assert.Equal(ExitCodes.UserError, exit);
                JsonElement f = Finding(report, "DevicesStuckWithUserHasNoMailbox");
                Assert.Equal(
                    stuck,
                    f.GetProperty("objects").EnumerateArray().Select(o => o.GetString()!.Split(" / ")[1].Split(' ')[0]).Order(StringComparer.Ordinal));
                Assert.Equal(
                    truth.Devices.Count(d => d.ProtocolVersion == "12.1"),
                    Finding(report, "DevicesCannotFollowRedirect").GetProperty("objects").GetArrayLength());
            }
            finally
            {
                File.Delete(directory);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Readiness_MissingDirectoryFile_ExitsOne()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["readiness", "--directory", "/no/such/lab.json"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_MissingServersFile_ExitsOne()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["readiness", "--servers", "/no/such/servers.csv"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("The server inventory '/no/such/servers.csv' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public Task Readiness_EmptyServersFile_ExitsOneExplainingTheFormat() => WithFilesAsync(
        async (directory, servers) =>
        {
            var (exit, _, error) = await CliRunner.RunAsync(["readiness", "--directory", directory, "--servers", servers]);

            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Contains("lists no servers", error, StringComparison.Ordinal);
            Assert.Contains("Name,AdminDisplayVersion", error, StringComparison.Ordinal);
        },
        HealthyDirectory,
        string.Empty);

    [Fact]
    public async Task Readiness_MissingLogs_ExitsOne()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["readiness", "--logs", "/no/such/logs"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("No such log file or directory: '/no/such/logs'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{ \"relationships\": [], \"recipients\": [], \"unknownProperty\": 1 }")]
    public Task Readiness_DirectoryNotOfTheExpectedShape_ExitsOne(string text) => WithFilesAsync(
        async (directory, _) =>
        {
            var (exit, output, error) = await CliRunner.RunAsync(["readiness", "--directory", directory]);

            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Equal(string.Empty, output);
            Assert.Contains("error: The directory in ", error, StringComparison.Ordinal);
        },
        text);

    [Theory]
    [InlineData("readiness", "--bogus")]
    [InlineData("readiness", "--logs")]               // the option needs a value
    [InlineData("readiness", "extra-argument")]
    [InlineData("readiness", "--logs", "logs/", "--jsn")]  // a mistyped option after the paths is not a path
    public async Task Readiness_BadCommandLine_ExitsTwo(params string[] args)
    {
        var (exit, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }
}
