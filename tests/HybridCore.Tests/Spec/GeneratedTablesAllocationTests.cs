using HybridCore.ActiveSync;
using HybridCore.Tests.Infrastructure;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Spec;

[Collection(AllocationCollection.Name)]
public class GeneratedTablesAllocationTests
{
    [Fact]
    public void Lookups_DoNotAllocate()
    {
        ReadOnlySpan<byte> utf8 = "FolderSync"u8;
        byte[] utf8Array = utf8.ToArray();
        string chars = "FolderSync";
        long bytes = Allocations.Measure(() =>
        {
            EasCommands.TryParse(chars.AsSpan(), out _);
            EasCommands.TryParse(utf8Array, out _);
            EasCommands.TryParseIgnoreCase(utf8Array, out _);
            _ = EasCommands.GetName(EasCommand.Sync);
            _ = EasStatuses.GetName(EasStatus.UserHasNoMailbox);
            _ = EasStatuses.GetDescription(EasStatus.UserHasNoMailbox);
            _ = WbxmlTags.GetName(AirSyncTags.Sync);
            WbxmlTags.TryParse(WbxmlCodePage.Email, "Subject".AsSpan(), out _);
            _ = EasStatuses.Values.Length + EasCommands.Values.Length;
        });

        Assert.Equal(0, bytes);
    }
}
