using System.Text;
using HybridCore.Cli;
using HybridCore.DirectoryModel;

namespace HybridCore.Ldap.Tests;

/// <summary>What keeps a large directory's load small: a refresh reuses what did not change, and the export streams.</summary>
public sealed class LoadMemoryTests : IDisposable
{
    private readonly SlapdServer _slapd = new();

    public void Dispose() => _slapd.Dispose();

    [Fact]
    public void A_refresh_reuses_the_recipients_that_did_not_change_and_sees_every_change()
    {
        using var connector = new LdapConnector(_slapd.Options());
        var reader = new LdapDirectoryReader(connector);
        DirectorySnapshot first = reader.Read().Snapshot;

        _slapd.Replace($"cn=user12,{SlapdServer.UsersDn}", "displayName", "User Twelve");
        _slapd.Delete($"cn=user30,{SlapdServer.UsersDn}");
        _slapd.Add($"cn=mig9,{SlapdServer.UsersDn}",
            ("objectClass", ["user"]), ("cn", ["mig9"]), ("sAMAccountName", ["mig9"]),
            ("userPrincipalName", ["mig9@batre.msftonlinerepro.com"]),
            ("proxyAddresses", ["SMTP:mig9@batre.msftonlinerepro.com", "smtp:mig9@batre.mail.onmicrosoft.com"]),
            ("targetAddress", ["SMTP:mig9@batre.mail.onmicrosoft.com"]),
            ("msExchRecipientTypeDetails", ["2147483648"]), ("msExchRemoteRecipientType", ["4"]));
        DirectorySnapshot second = reader.Read(first, null, CancellationToken.None).Snapshot;

        Assert.Equal(first.Recipients.Length, second.Recipients.Length);
        Assert.Equal("User Twelve", second.RecipientIndex.Find("user12@batre.msftonlinerepro.com").Recipient!.DisplayName);
        Assert.Null(second.RecipientIndex.Find("user30@batre.msftonlinerepro.com").Recipient);
        Assert.IsType<RemoteMailbox>(second.RecipientIndex.Find("CONTOSO\\mig9").Recipient);
        int reused = 0;
        foreach (Recipient r in second.Recipients)
        {
            Recipient? old = first.Recipients.FirstOrDefault(o => o.Identity == r.Identity);
            bool same = ReferenceEquals(old, r);
            Assert.True(same == (r.Identity is not ("user12" or "mig9")), r.Identity);
            reused += same ? 1 : 0;
        }

        Assert.Equal(first.Recipients.Length - 2, reused);

        // Reusing changes nothing a reader of the snapshot sees.
        using var fresh = new LdapConnector(_slapd.Options());
        Assert.Equal(new LdapDirectoryReader(fresh).Read().Snapshot.ToJson(), second.ToJson());
    }

    [Fact]
    public async Task Export_to_standard_output_streams_the_same_json_as_the_text_path()
    {
        string pwFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pwFile, SlapdServer.ServicePassword + "\n");
            string[] args = ["directory", "export", "--ldap", _slapd.Url.ToString(), "--bind-dn", SlapdServer.ServiceDn,
                "--bind-password-file", pwFile, "--base-dn", SlapdServer.BaseDn, "--config-dn", SlapdServer.ConfigDn];

            var text = new StringWriter();
            Assert.Equal(0, await CliApp.RunAsync(args, CliConsole.ForTest(text, new StringWriter())));

            var stdout = new MemoryStream();
            var error = new StringWriter();
            var binary = new CliConsole(new StringWriter(), error, () => new MemoryStream(), outputIsTerminal: false, colors: false)
            {
                OpenBinaryOutput = () => new KeepOpenStream(stdout),
            };
            Assert.Equal(0, await CliApp.RunAsync(args, binary));

            string streamed = Encoding.UTF8.GetString(stdout.ToArray());
            Assert.Equal(text.ToString(), streamed);
            Assert.Contains("Read 6 recipients", error.ToString(), StringComparison.Ordinal);
            Assert.Equal(6, DirectorySnapshot.FromJson(stdout.ToArray()).Recipients.Length);
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    /// <summary>Standard output outlives the stream a command opens on it.</summary>
    private sealed class KeepOpenStream(MemoryStream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
