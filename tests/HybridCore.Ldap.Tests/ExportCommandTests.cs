using HybridCore.Cli;
using HybridCore.DirectoryModel;

namespace HybridCore.Ldap.Tests;

public sealed class ExportCommandTests : IDisposable
{
    private readonly SlapdServer _slapd = new();

    public void Dispose() => _slapd.Dispose();

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CliApp.RunAsync(args, CliConsole.ForTest(output, error, null));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Export_writes_the_directory_json_that_serve_and_resolve_read()
    {
        string pwFile = Path.GetTempFileName();
        string jsonFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pwFile, SlapdServer.ServicePassword + "\n");
            (int exit, string json, string err) = await RunAsync("directory", "export", "--ldap", _slapd.Url.ToString(), "--bind-dn", SlapdServer.ServiceDn,
                "--bind-password-file", pwFile, "--base-dn", SlapdServer.BaseDn, "--config-dn", SlapdServer.ConfigDn);
            Assert.True(exit == 0, err);
            Assert.Contains("Read 6 recipients and 3 relationships", err, StringComparison.Ordinal);
            DirectorySnapshot snapshot = DirectorySnapshot.FromJson(System.Text.Encoding.UTF8.GetBytes(json));
            Assert.Equal(6, snapshot.Recipients.Length);
            Assert.Equal("CONTOSO\\Kiosk3", snapshot.RecipientIndex.Find("kiosk3@batre.msftonlinerepro.com").Recipient!.LogonName!.Value);

            File.WriteAllText(jsonFile, json);
            (int rexit, string rout, string rerr) = await RunAsync("resolve", "--user", "CONTOSO\\user12", "--directory", jsonFile);
            Assert.True(rexit == 0, rerr);
            Assert.Contains("outlook.office365.com", rout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pwFile);
            File.Delete(jsonFile);
        }
    }

    [Fact]
    public async Task A_wrong_password_and_a_missing_password_file_are_clear_errors()
    {
        string pwFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pwFile, "wrong");
            (int exit, string json, string err) = await RunAsync("directory", "export", "--ldap", _slapd.Url.ToString(), "--bind-dn", SlapdServer.ServiceDn,
                "--bind-password-file", pwFile, "--base-dn", SlapdServer.BaseDn, "--config-dn", SlapdServer.ConfigDn);
            Assert.Equal(1, exit);
            Assert.Empty(json);
            Assert.Contains("service account", err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pwFile);
        }

        (int exit2, _, string err2) = await RunAsync("directory", "export", "--ldap", _slapd.Url.ToString(), "--bind-dn", SlapdServer.ServiceDn,
            "--bind-password-file", "/nonexistent/pw", "--base-dn", SlapdServer.BaseDn, "--config-dn", SlapdServer.ConfigDn);
        Assert.Equal(1, exit2);
        Assert.Contains("does not exist", err2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTls_on_an_ldaps_url_is_a_clear_error()
    {
        (int exit, string json, string err) = await RunAsync("directory", "export", "--ldap", "ldaps://dc1.example.invalid", "--starttls", "--base-dn", "dc=x", "--config-dn", "cn=c,dc=x");
        Assert.Equal(1, exit);
        Assert.Empty(json);
        Assert.Contains("already uses TLS", err, StringComparison.Ordinal);
    }
}
