using HybridCore.Addressing;
using HybridCore.DirectoryModel;

namespace HybridCore.Tests.DirectoryModel;

/// <summary>
/// What <see cref="DirectorySnapshotBuilder.Build"/> leaves out when entries share what must be unique (a recipient's UPN,
/// SMTP address or logon name; a relationship's name or domain), and exactly what it reports: which entry keeps the value,
/// the code, path and message of each error, their order, and what the snapshot's indexes then hold.
/// </summary>
public class DirectorySnapshotBuilderConflictTests
{
    private static RecipientData Mailbox(string identity, string? upn = null, string[]? addresses = null, string? logon = null) => new()
    {
        Kind = "LocalMailbox",
        Identity = identity,
        UserPrincipalName = upn,
        EmailAddresses = addresses is null ? null : [.. addresses],
        LogonName = logon,
    };

    private static RecipientData Numbered(int i) =>
        Mailbox($"user{i}", $"user{i}@contoso.com", [$"SMTP:user{i}@contoso.com", $"smtp:u{i}@contoso.mail.onmicrosoft.com"], $"CONTOSO\\user{i}");

    private static OrganizationRelationshipData Relationship(string name, params string[] domains) => new()
    {
        Name = name,
        DomainNames = [.. domains],
        TargetOwaUrl = "https://outlook.com/owa/contoso.com",
    };

    private static void AddAll(DirectorySnapshotBuilder builder, params RecipientData[] recipients)
    {
        foreach (RecipientData r in recipients)
        {
            Assert.True(builder.TryAddRecipient(r, out IReadOnlyList<DirectoryValidationError> errors), string.Join("; ", errors));
            Assert.Empty(errors);
        }
    }

    private static void AddAll(DirectorySnapshotBuilder builder, params OrganizationRelationshipData[] relationships)
    {
        foreach (OrganizationRelationshipData r in relationships)
        {
            Assert.True(builder.TryAddRelationship(r, out IReadOnlyList<DirectoryValidationError> errors), string.Join("; ", errors));
            Assert.Empty(errors);
        }
    }

    private static (DirectorySnapshot Snapshot, List<DirectoryValidationError> LeftOut) Build(DirectorySnapshotBuilder builder)
    {
        var leftOut = new List<DirectoryValidationError>();
        DirectorySnapshot snapshot = builder.Build(leftOut);
        return (snapshot, leftOut);
    }

    private static string[] Identities(DirectorySnapshot snapshot) => [.. snapshot.Recipients.Select(r => r.Identity)];

    [Fact]
    public void A_recipient_added_last_that_takes_the_first_ones_address_is_left_out_and_the_first_keeps_it()
    {
        var builder = new DirectorySnapshotBuilder();
        AddAll(builder, [.. Enumerable.Range(0, 1000).Select(Numbered)]);
        AddAll(builder, Mailbox("late", addresses: ["SMTP:late@contoso.com", "smtp:user0@contoso.com"]));
        Assert.Equal(1001, builder.RecipientCount);

        (DirectorySnapshot snapshot, List<DirectoryValidationError> leftOut) = Build(builder);

        DirectoryValidationError error = Assert.Single(leftOut);
        Assert.Equal(new DirectoryValidationError(DirectoryErrorCode.DuplicateAddress, "recipients[1000].emailAddresses", "The SMTP address 'user0@contoso.com' of 'late' already belongs to 'user0'."), error);
        Assert.Equal(1000, snapshot.Recipients.Length);
        Assert.Equal(1000, snapshot.RecipientIndex.Count);
        Assert.Equal("user0", snapshot.RecipientIndex.Find("user0@contoso.com").Recipient!.Identity);

        // The entry left out is not in the index under any of its values, not even the ones nobody else has.
        Assert.Null(snapshot.RecipientIndex.Find("late@contoso.com").Recipient);
        Assert.DoesNotContain("late", Identities(snapshot));
        Assert.Equal(1000, builder.RecipientCount);
    }

    [Fact]
    public void Values_that_differ_only_in_case_conflict_and_the_message_quotes_the_later_entrys_text()
    {
        var builder = new DirectorySnapshotBuilder();
        AddAll(
            builder,
            Mailbox("first", "Alice@Contoso.com", ["SMTP:Alice@Contoso.com"], "CONTOSO\\alice"),
            Mailbox("upn", "ALICE@contoso.COM"),
            Mailbox("smtp", addresses: ["SMTP:alice@CONTOSO.com"]),
            Mailbox("logon", logon: "contoso\\ALICE"),
            Mailbox("other", "bob@contoso.com", ["SMTP:bob@contoso.com"], "CONTOSO\\bob"));

        (DirectorySnapshot snapshot, List<DirectoryValidationError> leftOut) = Build(builder);

        Assert.Equal(
            [
                new DirectoryValidationError(DirectoryErrorCode.DuplicateAddress, "recipients[1].userPrincipalName", "The UPN 'ALICE@contoso.com' of 'upn' already belongs to 'first'."),
                new DirectoryValidationError(DirectoryErrorCode.DuplicateAddress, "recipients[2].emailAddresses", "The SMTP address 'alice@contoso.com' of 'smtp' already belongs to 'first'."),
                new DirectoryValidationError(DirectoryErrorCode.DuplicateAddress, "recipients[3].logonName", "The logon name 'contoso\\ALICE' of 'logon' already belongs to 'first'."),
            ],
            leftOut);
        Assert.Equal(["first", "other"], Identities(snapshot));
        Assert.Same(snapshot.Recipients[0], snapshot.RecipientIndex.Find("contoso\\ALICE").Recipient);
    }

    [Fact]
    public void A_recipient_with_several_conflicts_is_reported_once_by_its_first_conflict_upn_then_smtp_then_logon_name()
    {
        var builder = new DirectorySnapshotBuilder();
        AddAll(
            builder,
            Numbered(0),
            Numbered(1),
            Mailbox("all", "user0@contoso.com", ["SMTP:user1@contoso.com"], "CONTOSO\\user1"),
            Mailbox("smtpAndLogon", addresses: ["SMTP:new@contoso.com", "smtp:u1@contoso.mail.onmicrosoft.com"], logon: "CONTOSO\\user0"));

        (DirectorySnapshot snapshot, List<DirectoryValidationError> leftOut) = Build(builder);

        Assert.Equal(
            [
                new DirectoryValidationError(DirectoryErrorCode.DuplicateAddress, "recipients[2].userPrincipalName", "The UPN 'user0@contoso.com' of 'all' already belongs to 'user0'."),
                new DirectoryValidationError(DirectoryErrorCode.DuplicateAddress, "recipients[3].emailAddresses", "The SMTP address 'u1@contoso.mail.onmicrosoft.com' of 'smtpAndLogon' already belongs to 'user1'."),
            ],
            leftOut);
        Assert.Equal(["user0", "user1"], Identities(snapshot));
    }

    [Fact]
    public void A_value_first_held_by_an_entry_that_is_left_out_still_leaves_out_a_later_entry_that_has_it()
    {
        // "middle" is left out for user0's address; its other address was still taken first, so "last", which has only
        // that one in common with it, is left out too, and neither is in the snapshot.
        var builder = new DirectorySnapshotBuilder();
        AddAll(
            builder,
            Numbered(0),
            Mailbox("middle", addresses: ["SMTP:user0@contoso.com", "smtp:shared@contoso.com"]),
            Mailbox("last", addresses: ["SMTP:shared@contoso.com"]),
            Numbered(1));

        (DirectorySnapshot snapshot, List<DirectoryValidationError> leftOut) = Build(builder);

        Assert.Equal(
            [
                new DirectoryValidationError(DirectoryErrorCode.DuplicateAddress, "recipients[1].emailAddresses", "The SMTP address 'user0@contoso.com' of 'middle' already belongs to 'user0'."),
                new DirectoryValidationError(DirectoryErrorCode.DuplicateAddress, "recipients[2].emailAddresses", "The SMTP address 'shared@contoso.com' of 'last' already belongs to 'middle'."),
            ],
            leftOut);
        Assert.Equal(["user0", "user1"], Identities(snapshot));
        Assert.Null(snapshot.RecipientIndex.Find("shared@contoso.com").Recipient);
        Assert.Equal(2, snapshot.RecipientIndex.Count);
    }

    [Fact]
    public void Paths_count_the_entries_added_not_the_entries_offered_and_do_not_shift_when_earlier_entries_are_left_out()
    {
        var builder = new DirectorySnapshotBuilder();
        Assert.False(builder.TryAddRecipient(Mailbox("broken", "not an address"), out IReadOnlyList<DirectoryValidationError> refused));
        Assert.Equal("recipients[0].userPrincipalName", Assert.Single(refused).Path);
        AddAll(builder, Numbered(0), Mailbox("copy1", "user0@contoso.com"), Numbered(1), Mailbox("copy2", "user1@contoso.com"));
        Assert.False(builder.TryAddRecipient(Mailbox(" "), out refused));
        Assert.Equal("recipients[5].identity", Assert.Single(refused).Path);
        AddAll(builder, Mailbox("copy3", logon: "CONTOSO\\user1"));
        Assert.Equal(5, builder.RecipientCount);

        (DirectorySnapshot snapshot, List<DirectoryValidationError> leftOut) = Build(builder);

        Assert.Equal(["recipients[1].userPrincipalName", "recipients[3].userPrincipalName", "recipients[4].logonName"], leftOut.Select(e => e.Path));
        Assert.Equal(["user0", "user1"], Identities(snapshot));

        // Once built, the builder counts what the snapshot holds.
        Assert.Equal(2, builder.RecipientCount);
    }

    [Fact]
    public void Relationships_conflict_by_name_ignoring_case_and_by_canonical_domain_and_the_first_keeps_them()
    {
        var builder = new DirectorySnapshotBuilder();
        Assert.False(builder.TryAddRelationship(Relationship("broken"), out _));
        AddAll(
            builder,
            Relationship("O365", "contoso.mail.onmicrosoft.com", "contoso.com"),
            Relationship("o365", "fabrikam.com"),
            Relationship("Second", "fabrikam.org", "Contoso.Mail.OnMicrosoft.com."),
            Relationship("Third", "fabrikam.com"),
            Relationship("Fourth", "tailspintoys.com"));
        Assert.Equal(5, builder.RelationshipCount);

        (DirectorySnapshot snapshot, List<DirectoryValidationError> leftOut) = Build(builder);

        Assert.Equal(
            [
                new DirectoryValidationError(DirectoryErrorCode.DuplicateRelationshipName, "relationships[1].name", "The name 'o365' is used by another relationship."),
                new DirectoryValidationError(DirectoryErrorCode.DuplicateDomain, "relationships[2].domainNames", "The domain 'contoso.mail.onmicrosoft.com' of relationship 'Second' is already claimed by relationship 'O365' (relationships[0]); Exchange refuses a domain in two organization relationships (KB 3067526)."),
                new DirectoryValidationError(DirectoryErrorCode.DuplicateDomain, "relationships[3].domainNames", "The domain 'fabrikam.com' of relationship 'Third' is already claimed by relationship 'o365' (relationships[1]); Exchange refuses a domain in two organization relationships (KB 3067526)."),
            ],
            leftOut);
        Assert.Equal(["O365", "Fourth"], snapshot.Relationships.Select(r => r.Name));
        Assert.Equal(["O365", "Fourth"], snapshot.RelationshipIndex.Relationships.Select(r => r.Name));
        Assert.Equal(3, snapshot.RelationshipIndex.DomainCount);
        Assert.Equal("O365", snapshot.RelationshipIndex.Find(DomainName.Parse("contoso.mail.onmicrosoft.com"))!.Relationship.Name);
        Assert.False(snapshot.RelationshipIndex.TryFind("fabrikam.com", out _));
        Assert.False(snapshot.RelationshipIndex.TryFind("fabrikam.org", out _));
        Assert.Equal(2, builder.RelationshipCount);
    }

    [Fact]
    public void A_relationship_whose_name_and_domain_are_both_taken_is_reported_by_its_name()
    {
        var builder = new DirectorySnapshotBuilder();
        AddAll(builder, Relationship("A", "a.com"), Relationship("A", "b.com", "a.com"));

        (DirectorySnapshot snapshot, List<DirectoryValidationError> leftOut) = Build(builder);

        Assert.Equal([new DirectoryValidationError(DirectoryErrorCode.DuplicateRelationshipName, "relationships[1].name", "The name 'A' is used by another relationship.")], leftOut);
        Assert.Equal("A", Assert.Single(snapshot.Relationships).Name);
        Assert.Equal(1, snapshot.RelationshipIndex.DomainCount);
    }

    [Fact]
    public void Relationships_left_out_are_reported_before_recipients_whatever_the_order_they_were_added_in()
    {
        var builder = new DirectorySnapshotBuilder();
        AddAll(builder, Numbered(0), Mailbox("copy", "user0@contoso.com"));
        AddAll(builder, Relationship("A", "a.com"), Relationship("B", "a.com"));

        (_, List<DirectoryValidationError> leftOut) = Build(builder);

        Assert.Equal(["relationships[1].domainNames", "recipients[1].userPrincipalName"], leftOut.Select(e => e.Path));
    }

    [Fact]
    public void Nothing_is_left_out_when_values_differ_and_the_snapshot_keeps_the_order_added()
    {
        var builder = new DirectorySnapshotBuilder();
        AddAll(builder, [.. Enumerable.Range(0, 50).Select(Numbered)]);
        AddAll(builder, Relationship("A", "a.com"), Relationship("B", "b.com"));

        (DirectorySnapshot snapshot, List<DirectoryValidationError> leftOut) = Build(builder);

        Assert.Empty(leftOut);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"user{i}"), Identities(snapshot));
        Assert.Equal(50, snapshot.RecipientIndex.Count);
        Assert.Equal(2, snapshot.RelationshipIndex.DomainCount);
    }

    [Fact]
    public void A_rebuild_that_reuses_a_recipient_still_leaves_out_a_later_entry_that_takes_its_address()
    {
        var first = new DirectorySnapshotBuilder();
        AddAll(first, Numbered(0), Numbered(1));
        DirectorySnapshot previous = Build(first).Snapshot;

        var builder = new DirectorySnapshotBuilder(previous);
        AddAll(builder, Mailbox("thief", logon: "contoso\\USER1"), Numbered(0), Numbered(1));

        (DirectorySnapshot snapshot, List<DirectoryValidationError> leftOut) = Build(builder);

        // The thief was added first, so it keeps the logon name and user1 is the one left out.
        Assert.Equal([new DirectoryValidationError(DirectoryErrorCode.DuplicateAddress, "recipients[2].logonName", "The logon name 'CONTOSO\\user1' of 'user1' already belongs to 'thief'.")], leftOut);
        Assert.Equal(["thief", "user0"], Identities(snapshot));
        Assert.Same(previous.Recipients[0], snapshot.Recipients[1]);
        Assert.Equal(2, builder.ReusedRecipientCount);
    }

    [Fact]
    public void Building_again_makes_the_same_snapshot_without_reporting_what_was_left_out_again()
    {
        var builder = new DirectorySnapshotBuilder();
        AddAll(builder, Numbered(0), Mailbox("copy", "user0@contoso.com"), Numbered(1));
        AddAll(builder, Relationship("A", "a.com"), Relationship("a", "b.com"));
        (DirectorySnapshot first, List<DirectoryValidationError> leftOut) = Build(builder);
        Assert.Equal(2, leftOut.Count);

        (DirectorySnapshot second, List<DirectoryValidationError> again) = Build(builder);

        Assert.Empty(again);
        Assert.Equal(first.ToJson(), second.ToJson());
        Assert.Equal(["user0", "user1"], Identities(second));
    }

    [Fact]
    public void An_entry_refused_on_its_own_has_paths_under_its_position_among_the_entries_offered_and_so_has_a_document()
    {
        RecipientData twoPrimaries = Mailbox("two", addresses: ["SMTP:a@contoso.com", "SMTP:b@contoso.com"]);
        RecipientData badProxy = Mailbox("bad", addresses: ["SMTP:c@contoso.com", "smtp:not an address"]);
        OrganizationRelationshipData badDomains = Relationship("R", "a.com", "bad domain", "A.com.");
        var builder = new DirectorySnapshotBuilder();
        AddAll(builder, Numbered(0));

        Assert.False(builder.TryAddRecipient(twoPrimaries, out IReadOnlyList<DirectoryValidationError> errors));
        Assert.Equal([new DirectoryValidationError(DirectoryErrorCode.ConflictingPrimaryAddress, "recipients[1].emailAddresses", "Recipient 'two' has 2 primary SMTP: proxies; Exchange allows one.")], errors);
        Assert.False(builder.TryAddRecipient(badProxy, out errors));
        Assert.Equal("recipients[2].emailAddresses[1]", Assert.Single(errors).Path);
        Assert.False(builder.TryAddRelationship(badDomains, out errors));
        Assert.Equal([(DirectoryErrorCode.InvalidAddress, "relationships[0].domainNames[1]"), (DirectoryErrorCode.DuplicateDomain, "relationships[0].domainNames[2]")], errors.Select(e => (e.Code, e.Path)));

        var document = new DirectoryDocument { Relationships = [Relationship("S", "s.com"), badDomains], Recipients = [twoPrimaries, null!, badProxy] };
        Assert.False(DirectorySnapshot.TryLoad(document, strict: true, out _, out errors));
        Assert.Equal(
            ["relationships[1].domainNames[1]", "relationships[1].domainNames[2]", "recipients[0].emailAddresses", "recipients[1]", "recipients[2].emailAddresses[1]"],
            errors.Select(e => e.Path));
    }
}
