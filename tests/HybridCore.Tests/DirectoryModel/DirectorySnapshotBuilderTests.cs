using System.Text;
using System.Text.Json;
using HybridCore.Addressing;
using HybridCore.DirectoryModel;
using HybridCore.Tests.Infrastructure;

namespace HybridCore.Tests.DirectoryModel;

public class DirectorySnapshotBuilderTests
{
    private static RecipientData Remote(int i, string? displayName = null) => new()
    {
        Kind = "RemoteMailbox",
        Identity = $"bench{i}",
        UserPrincipalName = $"bench{i}@batre.msftonlinerepro.com",
        EmailAddresses = [$"SMTP:bench{i}@batre.msftonlinerepro.com", $"smtp:bench{i}@batre.mail.onmicrosoft.com"],
        RemoteRoutingAddress = $"SMTP:bench{i}@batre.mail.onmicrosoft.com",
        LogonName = $"CONTOSO\\bench{i}",
        DisplayName = displayName,
    };

    private static OrganizationRelationshipData Relationship(string name, string domain) => new()
    {
        Name = name,
        DomainNames = [domain],
        TargetOwaUrl = "https://outlook.com/owa/batre.msftonlinerepro.com",
        MailboxMoveEnabled = true,
    };

    private static DirectoryDocument Document(int recipients) => new()
    {
        Relationships = [Relationship("O365", "batre.mail.onmicrosoft.com")],
        Recipients = [.. Enumerable.Range(0, recipients).Select(i => Remote(i, i % 3 == 0 ? $"Bench {i}" : null))],
    };

    private static DirectorySnapshot Build(DirectoryDocument document, DirectorySnapshot? previous = null)
    {
        var builder = new DirectorySnapshotBuilder(previous);
        foreach (OrganizationRelationshipData r in document.Relationships)
        {
            Assert.True(builder.TryAddRelationship(r, out IReadOnlyList<DirectoryValidationError> errors), string.Join("; ", errors));
        }

        foreach (RecipientData r in document.Recipients)
        {
            Assert.True(builder.TryAddRecipient(r, out IReadOnlyList<DirectoryValidationError> errors), string.Join("; ", errors));
        }

        var leftOut = new List<DirectoryValidationError>();
        DirectorySnapshot snapshot = builder.Build(leftOut);
        Assert.Empty(leftOut);
        return snapshot;
    }

    [Fact]
    public void Builds_the_same_directory_as_loading_the_whole_document()
    {
        DirectoryDocument document = Document(50);
        DirectorySnapshot built = Build(document);
        DirectorySnapshot loaded = DirectorySnapshot.Load(document);
        Assert.Equal(loaded.ToJson(), built.ToJson());
        Assert.Equal<Recipient>([.. loaded.Recipients], [.. built.Recipients]);
        Assert.Same(built.Recipients[7], built.RecipientIndex.Find("CONTOSO\\bench7").Recipient);
    }

    [Fact]
    public void An_invalid_entry_is_refused_with_its_position_among_the_entries_offered()
    {
        var builder = new DirectorySnapshotBuilder();
        Assert.True(builder.TryAddRecipient(Remote(0), out _));
        RecipientData bad = Remote(1);
        bad.EmailAddresses = ["SMTP:not an address"];
        Assert.False(builder.TryAddRecipient(bad, out IReadOnlyList<DirectoryValidationError> errors));
        DirectoryValidationError error = Assert.Single(errors);
        Assert.Equal("recipients[1].emailAddresses[0]", error.Path);
        Assert.Equal(DirectoryErrorCode.InvalidAddress, error.Code);
        Assert.False(builder.TryAddRelationship(new OrganizationRelationshipData { Name = "x", DomainNames = [] }, out errors));
        Assert.Equal("relationships[0].domainNames", Assert.Single(errors).Path);
        Assert.Equal(1, builder.RecipientCount);
        Assert.Equal(0, builder.RelationshipCount);
    }

    [Fact]
    public void An_entry_that_takes_an_earlier_entrys_address_is_left_out_and_the_rest_loads()
    {
        var builder = new DirectorySnapshotBuilder();
        for (int i = 0; i < 5; i++)
        {
            Assert.True(builder.TryAddRecipient(Remote(i), out _));
        }

        RecipientData thief = Remote(99);
        thief.EmailAddresses = ["SMTP:bench99@batre.msftonlinerepro.com", "smtp:bench2@batre.mail.onmicrosoft.com"];
        Assert.True(builder.TryAddRecipient(thief, out _));
        Assert.True(builder.TryAddRecipient(Remote(5), out _));
        Assert.True(builder.TryAddRelationship(Relationship("A", "batre.mail.onmicrosoft.com"), out _));
        Assert.True(builder.TryAddRelationship(Relationship("B", "batre.mail.onmicrosoft.com"), out _));

        var leftOut = new List<DirectoryValidationError>();
        DirectorySnapshot snapshot = builder.Build(leftOut);

        Assert.Equal(6, snapshot.Recipients.Length);
        Assert.Equal("bench2", snapshot.RecipientIndex.Find("bench2@batre.mail.onmicrosoft.com").Recipient!.Identity);
        Assert.Null(snapshot.RecipientIndex.Find("bench99@batre.msftonlinerepro.com").Recipient);
        Assert.NotNull(snapshot.RecipientIndex.Find("bench5@batre.msftonlinerepro.com").Recipient);
        Assert.Equal("A", Assert.Single(snapshot.Relationships).Name);
        Assert.Equal(2, leftOut.Count);
        DirectoryValidationError recipient = Assert.Single(leftOut, e => e.Path.StartsWith("recipients", StringComparison.Ordinal));
        Assert.Equal("recipients[5].emailAddresses", recipient.Path);
        Assert.Contains("'bench99' already belongs to 'bench2'", recipient.Message, StringComparison.Ordinal);
        Assert.StartsWith("relationships[1]", Assert.Single(leftOut, e => e.Path.StartsWith("relationships", StringComparison.Ordinal)).Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recipient_holds_an_address_it_has_twice_once_and_recipients_share_domain_text()
    {
        DirectorySnapshot snapshot = Build(Document(3));
        var a = (RemoteMailbox)snapshot.Recipients[1];
        var b = (RemoteMailbox)snapshot.Recipients[2];

        // The UPN is the primary SMTP proxy; the routing address is the secondary proxy.
        Assert.Same(a.EmailAddresses[0].Smtp, a.UserPrincipalName);
        Assert.Same(a.EmailAddresses[0].Smtp, a.PrimarySmtpAddress);
        Assert.Same(a.EmailAddresses[1].Smtp, a.RemoteRoutingAddress!.Smtp);
        Assert.Equal("SMTP", a.RemoteRoutingAddress.Prefix);
        Assert.True(a.RemoteRoutingAddress.IsPrimary);
        Assert.Same(a.UserPrincipalName!.Domain.Value, b.UserPrincipalName!.Domain.Value);
        Assert.Same(a.RemoteRoutingAddress.Smtp!.Domain.Value, b.RemoteRoutingAddress!.Smtp!.Domain.Value);
        Assert.Same(a.LogonName!.Domain, b.LogonName!.Domain);

        // Loading a document shares the same way.
        DirectorySnapshot loaded = DirectorySnapshot.Load(Document(3));
        Assert.Same(loaded.Recipients[1].EmailAddresses[0].Smtp, loaded.Recipients[1].UserPrincipalName);
        Assert.Same(loaded.Recipients[1].UserPrincipalName!.Domain.Value, loaded.Recipients[2].UserPrincipalName!.Domain.Value);
    }

    [Fact]
    public void Addresses_that_differ_only_in_case_are_not_shared()
    {
        RecipientData data = Remote(1);
        data.UserPrincipalName = "Bench1@Batre.MsftOnlineRepro.com";
        data.RemoteRoutingAddress = "Smtp:bench1@batre.mail.onmicrosoft.com";
        DirectorySnapshot snapshot = Build(new DirectoryDocument { Recipients = [data] });
        var r = (RemoteMailbox)snapshot.Recipients[0];

        // The domain is canonical (lower case) either way; the local part keeps its case.
        Assert.Equal("Bench1@batre.msftonlinerepro.com", r.UserPrincipalName!.Value);
        Assert.NotSame(r.EmailAddresses[0].Smtp, r.UserPrincipalName);
        Assert.Equal("Smtp", r.RemoteRoutingAddress!.Prefix);
        Assert.Same(r.EmailAddresses[1].Smtp, r.RemoteRoutingAddress.Smtp);
    }

    [Fact]
    public void A_rebuild_reuses_the_recipients_that_did_not_change_and_only_those()
    {
        DirectorySnapshot first = Build(Document(20));
        DirectoryDocument next = Document(20);
        next.Recipients[3].DisplayName = "Renamed";
        next.Recipients[4].EmailAddresses![1] = "smtp:BENCH4@batre.mail.onmicrosoft.com";
        next.Recipients[5].Kind = "MailUser";
        next.Recipients[5].ExternalEmailAddress = next.Recipients[5].RemoteRoutingAddress;
        next.Recipients[5].RemoteRoutingAddress = null;
        next.Recipients[6].LogonName = "contoso\\bench6";
        next.Recipients.RemoveAt(7);
        next.Recipients.Add(Remote(100));
        next.Relationships = [];

        var builder = new DirectorySnapshotBuilder(first);
        foreach (RecipientData r in next.Recipients)
        {
            Assert.True(builder.TryAddRecipient(r, out _));
        }

        DirectorySnapshot second = builder.Build(new List<DirectoryValidationError>());
        Assert.Equal(15, builder.ReusedRecipientCount);
        foreach (Recipient r in second.Recipients)
        {
            bool changed = r.Identity is "bench3" or "bench4" or "bench5" or "bench6" or "bench100";
            Recipient? old = first.Recipients.FirstOrDefault(o => o.Identity == r.Identity);
            Assert.True(changed ? !ReferenceEquals(old, r) : ReferenceEquals(old, r), r.Identity);
        }

        Assert.Equal("Renamed", second.RecipientIndex.Find("bench3@batre.msftonlinerepro.com").Recipient!.DisplayName);
        Assert.Equal("BENCH4@batre.mail.onmicrosoft.com", second.RecipientIndex.Find("bench4@batre.msftonlinerepro.com").Recipient!.EmailAddresses[1].Address);
        Assert.IsType<MailUser>(second.RecipientIndex.Find("bench5@batre.msftonlinerepro.com").Recipient);
        Assert.Equal("contoso\\bench6", second.RecipientIndex.Find("CONTOSO\\bench6").Recipient!.LogonName!.Value);
        Assert.Null(second.RecipientIndex.Find("bench7@batre.msftonlinerepro.com").Recipient);
        Assert.Equal(DirectorySnapshot.Load(next).ToJson(), second.ToJson());
    }

    [Fact]
    public void Two_entries_equal_to_one_previous_recipient_still_conflict()
    {
        DirectorySnapshot first = Build(Document(2));
        var builder = new DirectorySnapshotBuilder(first);
        Assert.True(builder.TryAddRecipient(Remote(1), out _));
        Assert.True(builder.TryAddRecipient(Remote(1), out _));
        var leftOut = new List<DirectoryValidationError>();
        DirectorySnapshot second = builder.Build(leftOut);
        Assert.Same(first.Recipients[1], Assert.Single(second.Recipients));
        Assert.StartsWith("recipients[1]", Assert.Single(leftOut).Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_streams_the_same_text_as_ToJson()
    {
        DirectorySnapshot snapshot = Build(Document(2000));
        using var stream = new CountingStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            DirectoryJson.Write(writer, snapshot);
        }

        Assert.Equal(snapshot.ToJson(), Encoding.UTF8.GetString(stream.ToArray()));

        // About 900 KB arrive in pieces of at most ~64 KB plus one recipient, never as one block at the end.
        Assert.True(stream.Writes > 10, $"{stream.Writes} writes");
        Assert.True(stream.LargestWrite < 80 * 1024, $"largest write {stream.LargestWrite}");

        DirectorySnapshot empty = Build(new DirectoryDocument());
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            DirectoryJson.Write(writer, empty);
        }

        Assert.Equal(empty.ToJson(), Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private sealed class CountingStream : Stream
    {
        private readonly MemoryStream _inner = new();

        public int Writes { get; private set; }

        public int LargestWrite { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public byte[] ToArray() => _inner.ToArray();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            _inner.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

[Collection(AllocationCollection.Name)]
public class DirectorySnapshotBuilderAllocationTests
{
    [Fact]
    public void Lookups_in_a_built_snapshot_allocate_nothing()
    {
        var builder = new DirectorySnapshotBuilder();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(builder.TryAddRecipient(
                new RecipientData
                {
                    Kind = "RemoteMailbox",
                    Identity = $"u{i}",
                    UserPrincipalName = $"u{i}@contoso.com",
                    EmailAddresses = [$"SMTP:u{i}@contoso.com"],
                    RemoteRoutingAddress = $"u{i}@contoso.mail.onmicrosoft.com",
                    LogonName = $"CONTOSO\\u{i}",
                },
                out _));
        }

        RecipientIndex index = builder.Build(new List<DirectoryValidationError>()).RecipientIndex;
        long allocated = Allocations.Measure(() =>
        {
            _ = index.Find("u42@contoso.com");
            _ = index.Find("CONTOSO\\u7");
            _ = index.Find("nobody@contoso.com");
        });
        Assert.Equal(0, allocated);
        Assert.Equal("u42", index.Find("U42@CONTOSO.COM").Recipient!.Identity);
    }
}
