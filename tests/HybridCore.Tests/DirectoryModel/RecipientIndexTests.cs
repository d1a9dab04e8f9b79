using HybridCore.Addressing;
using HybridCore.DirectoryModel;

namespace HybridCore.Tests.DirectoryModel;

public class RecipientIndexTests
{
    private static readonly RemoteMailbox User12 = new(
        "user12",
        ProxyAddress.Parse("SMTP:user12@batre.mail.onmicrosoft.com"),
        SmtpAddress.Parse("user12@batre.com"),
        emailAddresses: [ProxyAddress.Parse("SMTP:user12@batre.com"), ProxyAddress.Parse("smtp:u12@batre.com"), ProxyAddress.Parse("smtp:user12@batre.mail.onmicrosoft.com"), ProxyAddress.Parse("X500:/o=Batre/cn=user12")],
        logonName: LogonName.Parse(@"BATRE\user12"));

    private static readonly LocalMailbox Alice = new("alice", SmtpAddress.Parse("alice@corp.batre.com"), SmtpAddress.Parse("alice@batre.com"), logonName: LogonName.Parse(@"BATRE\alice"));

    private static readonly RecipientIndex Index = new([User12, Alice, new MailUser("contact", isContact: true, primarySmtpAddress: SmtpAddress.Parse("someone@fabrikam.com"))]);

    [Theory]
    [InlineData("user12@batre.com")]
    [InlineData("USER12@BATRE.COM.")]
    [InlineData("u12@batre.com")]
    [InlineData("smtp:U12@Batre.com")]
    [InlineData("SMTP:user12@batre.mail.onmicrosoft.com")]
    [InlineData(@"batre\USER12")]
    public void Find_AnyNameOfUser12_FindsRemoteMailbox(string name)
    {
        RecipientLookupResult r = name.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) ? Index.FindBySmtpAddress(name) : Index.Find(name);

        Assert.Equal(RecipientLookupOutcome.RemoteMailbox, r.Outcome);
        Assert.Same(User12, r.RemoteMailbox);
    }

    [Fact]
    public void Find_KindsAndNobody()
    {
        Assert.Equal(RecipientLookupOutcome.LocalMailbox, Index.Find("alice@corp.batre.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.LocalMailbox, Index.FindBySmtpAddress("alice@batre.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.FindByUserPrincipalName("alice@batre.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.OtherMailRecipient, Index.Find("someone@fabrikam.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.Find("nobody@batre.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.Find("user12").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.Find("X500:/o=Batre/cn=user12").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.Find("user12@evilbatre.com").Outcome);
        Assert.Equal(RecipientLookupOutcome.NotFound, Index.Find("").Outcome);
        Assert.Equal(3, Index.Count);
    }

    [Fact]
    public void Constructor_SharedAddress_ListsEveryConflict()
    {
        var twin = new LocalMailbox("twin", SmtpAddress.Parse("user12@batre.com"), emailAddresses: [ProxyAddress.Parse("SMTP:U12@batre.com")], logonName: LogonName.Parse(@"batre\user12"));
        DirectoryValidationException e = Assert.Throws<DirectoryValidationException>(() => new RecipientIndex([User12, twin]));
        Assert.Equal(3, e.Errors.Count);
        Assert.All(e.Errors, x => Assert.Equal(DirectoryErrorCode.DuplicateAddress, x.Code));
        Assert.All(e.Errors, x => Assert.StartsWith("recipients[1].", x.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void Recipient_TwoPrimarySmtp_Fails()
    {
        DirectoryValidationException e = Assert.Throws<DirectoryValidationException>(() =>
            new LocalMailbox("x", emailAddresses: [ProxyAddress.Parse("SMTP:a@b.com"), ProxyAddress.Parse("SMTP:c@b.com")]));
        Assert.Equal(DirectoryErrorCode.ConflictingPrimaryAddress, e.Errors[0].Code);
    }

    [Fact]
    public void Recipient_PrimaryFromProxy()
    {
        var r = new LocalMailbox("x", emailAddresses: [ProxyAddress.Parse("smtp:c@b.com"), ProxyAddress.Parse("SMTP:a@b.com")]);
        Assert.Equal(SmtpAddress.Parse("a@b.com"), r.PrimarySmtpAddress);
    }
}
