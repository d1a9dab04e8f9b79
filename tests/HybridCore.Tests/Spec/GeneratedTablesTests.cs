using System.Text;
using HybridCore.ActiveSync;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Spec;

/// <summary>Sanity checks over the code generated from src/HybridCore/Spec/*.table.</summary>
public class GeneratedTablesTests
{
    // [MS-ASHTTP] 2.2.1.1.1.1.2 Command Codes.
    [Theory]
    [InlineData("Sync", 0)]
    [InlineData("SendMail", 1)]
    [InlineData("SmartForward", 2)]
    [InlineData("SmartReply", 3)]
    [InlineData("GetAttachment", 4)]
    [InlineData("FolderSync", 9)]
    [InlineData("FolderCreate", 10)]
    [InlineData("MoveItems", 13)]
    [InlineData("GetItemEstimate", 14)]
    [InlineData("Settings", 17)]
    [InlineData("Ping", 18)]
    [InlineData("ItemOperations", 19)]
    [InlineData("Provision", 20)]
    [InlineData("ResolveRecipients", 21)]
    [InlineData("ValidateCert", 22)]
    public void EasCommand_KnownCodes_MatchSpec(string name, int code)
    {
        Assert.True(EasCommands.TryParse(name, out EasCommand command));
        Assert.Equal(code, (int)command);
        Assert.True(EasCommands.HasCode(command));
        Assert.True(EasCommands.TryFromCode(code, out EasCommand fromCode));
        Assert.Equal(command, fromCode);
        Assert.Equal(name, EasCommands.GetName(command));
        Assert.True(EasCommands.TryParse(Encoding.UTF8.GetBytes(name), out EasCommand fromUtf8));
        Assert.Equal(command, fromUtf8);
    }

    [Fact]
    public void EasCommand_Autodiscover_HasNoCode()
    {
        Assert.True(EasCommands.TryParse("Autodiscover", out EasCommand command));
        Assert.False(EasCommands.HasCode(command));
        Assert.True((int)command >= 1000);
        Assert.False(EasCommands.TryFromCode((int)command, out _));
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("SYNC")]
    [InlineData("sYnC")]
    public void EasCommand_OtherCase_OrdinalRejectsIgnoreCaseAccepts(string name)
    {
        Assert.False(EasCommands.TryParse(name, out _));
        Assert.False(EasCommands.TryParse(Encoding.UTF8.GetBytes(name), out _));
        Assert.True(EasCommands.TryParseIgnoreCase(name, out EasCommand a));
        Assert.True(EasCommands.TryParseIgnoreCase(Encoding.UTF8.GetBytes(name), out EasCommand b));
        Assert.Equal(EasCommand.Sync, a);
        Assert.Equal(EasCommand.Sync, b);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Syn")]
    [InlineData("Syncs")]
    [InlineData("Sync ")]
    [InlineData("Ｓync")]
    public void EasCommand_NotACommand_IsRejected(string name)
    {
        Assert.False(EasCommands.TryParseIgnoreCase(name, out _));
        Assert.False(EasCommands.TryParseIgnoreCase(Encoding.UTF8.GetBytes(name), out _));
    }

    [Fact]
    public void EasCommand_EveryValue_RoundTripsThroughItsName()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (int value in EasCommands.Values)
        {
            var command = (EasCommand)value;
            string? name = EasCommands.GetName(command);
            Assert.NotNull(name);
            Assert.True(seen.Add(name), "duplicate (case-insensitive) command name " + name);
            Assert.True(EasCommands.TryParse(name, out EasCommand parsed));
            Assert.Equal(command, parsed);
            Assert.NotEqual(EasProtocolVersionSet.None, EasCommands.GetVersions(command));
        }

        Assert.Equal(Enum.GetValues<EasCommand>().Length, EasCommands.Values.Length);
    }

    // [MS-ASCMD] 2.2.2 Common Status Codes.
    [Theory]
    [InlineData(101, "InvalidContent")]
    [InlineData(102, "InvalidWBXML")]
    [InlineData(108, "DeviceIdMissingOrInvalid")]
    [InlineData(109, "DeviceTypeMissingOrInvalid")]
    [InlineData(110, "ServerError")]
    [InlineData(123, "UserHasNoMailbox")]
    [InlineData(126, "UserDisabledForSync")]
    [InlineData(142, "DeviceNotProvisioned")]
    [InlineData(144, "InvalidPolicyKey")]
    public void EasStatus_KnownCodes_MatchSpec(int code, string name)
    {
        Assert.True(EasStatuses.IsDefined((EasStatus)code));
        Assert.Equal(name, EasStatuses.GetName((EasStatus)code));
        Assert.Equal(name, ((EasStatus)code).ToString());
        Assert.False(string.IsNullOrWhiteSpace(EasStatuses.GetDescription((EasStatus)code)));
        Assert.True(EasStatuses.TryParse(name, out EasStatus parsed));
        Assert.Equal(code, (int)parsed);
    }

    [Fact]
    public void EasStatus_ValuesAreUniqueAscendingAndInCommonRange()
    {
        int previous = 100;
        foreach (int value in EasStatuses.Values)
        {
            Assert.True(value > previous, $"{value} after {previous}");
            Assert.InRange(value, 101, 199);
            previous = value;
        }

        Assert.False(EasStatuses.IsDefined((EasStatus)100));
        Assert.Null(EasStatuses.GetName((EasStatus)100));
    }

    // [MS-ASHTTP] 2.2.2.1.1 Status Line.
    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(449)]
    [InlineData(451)]
    [InlineData(500)]
    [InlineData(501)]
    [InlineData(503)]
    [InlineData(507)]
    public void EasHttpStatusCodes_UsedByEas_AreDefined(int code)
    {
        Assert.True(EasHttpStatusCodes.IsDefined(code));
        Assert.NotNull(EasHttpStatusCodes.GetName(code));
        Assert.NotNull(EasHttpStatusCodes.GetDescription(code));
    }

    [Fact]
    public void EasHttpStatusCodes_Redirect_Is451()
    {
        Assert.Equal(451, EasHttpStatusCodes.Redirect);
        Assert.False(EasHttpStatusCodes.IsDefined(418));
    }

    // [MS-ASHTTP] 2.2.1.1.2 Request Headers, 2.2.2.1.2 Response Headers.
    [Fact]
    public void EasHeaders_WireNames_MatchSpecAndUtf8()
    {
        Assert.Equal("MS-ASProtocolVersion", EasHeaders.MSASProtocolVersion);
        Assert.Equal("X-MS-PolicyKey", EasHeaders.XMSPolicyKey);
        Assert.Equal("X-MS-Location", EasHeaders.XMSLocation);
        Assert.True(EasHeaders.XMSLocationUtf8.SequenceEqual("X-MS-Location"u8));
    }

    // [MS-ASHTTP] 2.2.1.1.1.1.3 Command Parameters.
    [Theory]
    [InlineData(0, "AttachmentName")]
    [InlineData(1, "CollectionId")]
    [InlineData(3, "ItemId")]
    [InlineData(4, "LongId")]
    [InlineData(6, "Occurrence")]
    [InlineData(7, "Options")]
    [InlineData(8, "User")]
    public void EasQueryParameter_Base64Tags_MatchSpec(int tag, string name)
    {
        Assert.True(EasQueryParameters.TryFromTag(tag, out EasQueryParameter parameter));
        Assert.Equal(name, EasQueryParameters.GetName(parameter));
        Assert.True(EasQueryParameters.HasTag(parameter));
    }

    [Fact]
    public void EasQueryParameter_PlainOnlyNames_HaveNoTag()
    {
        foreach (string name in new[] { "Cmd", "DeviceId", "DeviceType" })
        {
            Assert.True(EasQueryParameters.TryParsePlainName(name, out EasQueryParameter parameter), name);
            Assert.True(EasQueryParameters.IsPlain(parameter));
            Assert.False(EasQueryParameters.HasTag(parameter));
        }

        Assert.False(EasQueryParameters.TryFromTag(2, out _));
        Assert.False(EasQueryParameters.TryFromTag(5, out _));
    }

    // [MS-ASWBXML] 2.1.2.1 Code Pages.
    [Fact]
    public void WbxmlCodePages_AllPages0To25_ArePresentWithNamespaces()
    {
        Assert.Equal(26, WbxmlCodePages.Count);
        for (int page = 0; page <= 25; page++)
        {
            var codePage = (WbxmlCodePage)page;
            Assert.True(WbxmlCodePages.IsDefined(codePage), "page " + page);
            string? ns = WbxmlCodePages.GetNamespace(codePage);
            Assert.False(string.IsNullOrEmpty(ns));
            Assert.True(WbxmlCodePages.TryParseNamespace(ns, out WbxmlCodePage parsed));
            Assert.Equal(codePage, parsed);
            Assert.True(WbxmlCodePages.TryParseNamespace(Encoding.UTF8.GetBytes(ns!), out parsed));
            Assert.Equal(codePage, parsed);
        }

        Assert.False(WbxmlCodePages.IsDefined((WbxmlCodePage)26));
    }

    [Theory]
    [InlineData(0, "AirSync")]
    [InlineData(2, "Email")]
    [InlineData(7, "FolderHierarchy")]
    [InlineData(14, "Provision")]
    [InlineData(17, "AirSyncBase")]
    [InlineData(25, "Find")]
    public void WbxmlCodePages_KnownNamespaces(int page, string ns) =>
        Assert.Equal(ns, WbxmlCodePages.GetNamespace((WbxmlCodePage)page));

    // [MS-ASWBXML] 2.1.2.1.1 (AirSync), 2.1.2.1.8 (FolderHierarchy), 2.1.2.1.15 (Provision).
    [Fact]
    public void WbxmlTags_KnownTokens_MatchSpec()
    {
        Assert.Equal(0x0005, (int)AirSyncTags.Sync);
        Assert.Equal(0x000E, (int)AirSyncTags.Status);
        Assert.Equal(0x001C, (int)AirSyncTags.Collections);
        Assert.Equal(0x0716, (int)FolderHierarchyTags.FolderSync);
        Assert.Equal(0x0E05, (int)ProvisionTags.Provision);
        Assert.Equal(WbxmlCodePage.AirSync, AirSyncTags.Sync.GetPage());
        Assert.Equal(0x05, AirSyncTags.Sync.GetToken());
        Assert.Equal("Sync", WbxmlTags.GetName(AirSyncTags.Sync));
        Assert.Equal(AirSyncTags.Sync, WbxmlTags.Create(WbxmlCodePage.AirSync, 0x05));
    }

    [Fact]
    public void WbxmlTags_EveryDefinedTag_RoundTripsThroughNameWithinItsPage()
    {
        int count = 0;
        for (int page = 0; page <= 25; page++)
        {
            for (int token = 0; token <= 0xFF; token++)
            {
                WbxmlTag tag = WbxmlTags.Create((WbxmlCodePage)page, (byte)token);
                string? name = WbxmlTags.GetName(tag);
                Assert.Equal(name is not null, WbxmlTags.IsDefined(tag));
                if (name is null)
                {
                    continue;
                }

                count++;
                Assert.InRange(token, 0x05, 0x3F);
                Assert.True(WbxmlTags.TryParse((WbxmlCodePage)page, name, out WbxmlTag parsed), name);
                Assert.Equal(tag, parsed);
                Assert.True(WbxmlTags.TryParse((WbxmlCodePage)page, Encoding.UTF8.GetBytes(name), out parsed), name);
                Assert.Equal(tag, parsed);
                Assert.NotEqual(EasProtocolVersionSet.None, WbxmlTags.GetVersions(tag));
            }
        }

        Assert.Equal(WbxmlTags.Count, count);
        Assert.True(count > 500, "expected every tag of every page, got " + count);
    }

    [Fact]
    public void WbxmlTags_SameNameDifferentPages_ResolvePerPage()
    {
        Assert.True(WbxmlTags.TryParse(WbxmlCodePage.AirSync, "Status", out WbxmlTag a));
        Assert.True(WbxmlTags.TryParse(WbxmlCodePage.FolderHierarchy, "Status", out WbxmlTag b));
        Assert.NotEqual(a, b);
        Assert.False(WbxmlTags.TryParse(WbxmlCodePage.AirSync, "FolderSync", out _));
    }
}
