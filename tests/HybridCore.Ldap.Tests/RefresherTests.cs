namespace HybridCore.Ldap.Tests;

public sealed class RefresherTests : IDisposable
{
    private readonly SlapdServer _slapd = new();

    public void Dispose() => _slapd.Dispose();

    [Fact]
    public async Task The_hosted_loop_picks_up_a_change_without_being_asked()
    {
        using var connector = new LdapConnector(_slapd.Options());
        var reader = new LdapDirectoryReader(connector);
        LdapDirectoryReadResult first = reader.Read();
        var directory = new LiveHybridDirectory(first.Snapshot);
        using var refresher = new LdapDirectoryRefresher(directory, reader, TimeSpan.FromSeconds(1), first.ObjectsRead);
        await refresher.StartAsync(default);
        try
        {
            _slapd.Delete("cn=Kiosk3," + SlapdServer.UsersDn);

            // Wait (generously: the machine may be loaded) for the loop to run; nothing here is a timing assertion.
            for (int i = 0; i < 300 && directory.Snapshot.Recipients.Length != 5; i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(5, directory.Snapshot.Recipients.Length);
            Assert.True(refresher.SuccessfulRefreshes >= 1);
            Assert.Null((await directory.FindRecipientAsync("CONTOSO\\Kiosk3", default)).Recipient);
        }
        finally
        {
            await refresher.StopAsync(default);
        }
    }

    [Fact]
    public void A_lookup_in_the_live_directory_allocates_nothing()
    {
        using var connector = new LdapConnector(_slapd.Options());
        var directory = new LiveHybridDirectory(new LdapDirectoryReader(connector).Read().Snapshot);
        Lookups(directory, 10);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int found = Lookups(directory, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, found);
        Assert.Equal(0, allocated);
    }

    /// <summary>Synchronous lookups (the live directory completes them synchronously); counts the ones found.</summary>
    private static int Lookups(LiveHybridDirectory directory, int count)
    {
        int found = 0;
        for (int i = 0; i < count; i++)
        {
            ValueTask<HybridCore.DirectoryModel.RecipientLookupResult> lookup = directory.FindRecipientAsync("user12@batre.msftonlinerepro.com", default);
            ValueTask<HybridCore.DirectoryModel.RelationshipIndex> relationships = directory.GetRelationshipsAsync(default);
            if (lookup.IsCompletedSuccessfully && relationships.IsCompletedSuccessfully && lookup.Result.Recipient is not null)
            {
                found++;
            }
        }

        return found;
    }
}
