using HybridCore.ActiveSync;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;

namespace HybridCore.Tests.Redirect;

/// <summary>The resolver fed with <see cref="EasProtocolVersion"/> (what the request-line parser returns).</summary>
public class ProtocolVersionResolveTests
{
    private const string Office365Eas = "https://outlook.office365.com/Microsoft-Server-ActiveSync";

    public static TheoryData<byte, bool, bool> Versions()
    {
        var data = new TheoryData<byte, bool, bool>();
        foreach (byte v in new byte[] { 0, 25, 120, 121, 140, 141, 160, 161 })
        {
            foreach (bool options in new[] { false, true })
            {
                foreach (bool min in new[] { false, true })
                {
                    data.Add(v, options, min);
                }
            }
        }

        return data;
    }

    private static EasProtocolVersion Version(byte encoded) =>
        encoded == 0 ? EasProtocolVersion.Unknown : EasProtocolVersion.TryFromEncodedValue(encoded, out EasProtocolVersion v) ? v : throw new ArgumentOutOfRangeException(nameof(encoded));

    private static RedirectResolver Resolver(bool exchangeOnlineMinimum) =>
        new(new RelationshipIndex([RedirectResolverTests.Relationship(min: exchangeOnlineMinimum ? OrganizationRelationship.ExchangeOnlineMinimumEasVersion : EasProtocolVersionSet.None)]));

    [Theory]
    [MemberData(nameof(Versions))]
    public void ResolveEas_ProtocolVersionOverload_AgreesWithMajorMinorRequest(byte encoded, bool isOptions, bool exchangeOnlineMinimum)
    {
        EasProtocolVersion version = Version(encoded);
        RedirectResolver resolver = Resolver(exchangeOnlineMinimum);
        RecipientLookupResult who = RecipientLookupResult.From(RedirectResolverTests.User12());

        EasRedirectDecision byVersion = resolver.ResolveEas(isOptions, version, who, LogonNameForm.DownLevel);
        EasRedirectDecision byNumbers = resolver.ResolveEas(new EasRedirectRequest(isOptions, version.Major, version.Minor, LogonNameForm.DownLevel), who);

        Assert.Equal(byNumbers.Action, byVersion.Action);
        Assert.Equal(byNumbers.Reason, byVersion.Reason);
        Assert.Equal(byNumbers.Warnings, byVersion.Warnings);
        Assert.Equal(byNumbers.Location, byVersion.Location);
        Assert.Equal(byNumbers.StatusInResponseBody, byVersion.StatusInResponseBody);

        // The rules themselves (docs/design.md §4): 14.0 or later, or OPTIONS, is redirected; below the
        // target's minimum (16.1 for Exchange Online) is a warning, never for OPTIONS.
        bool redirect = isOptions || version >= EasProtocolVersion.V14_0;
        Assert.Equal(redirect ? EasRedirectAction.Redirect : EasRedirectAction.UserHasNoMailbox, byVersion.Action);
        Assert.Equal(redirect ? RedirectReason.Redirected : RedirectReason.ProtocolVersionTooLow, byVersion.Reason);
        Assert.Equal(redirect ? Office365Eas : null, byVersion.Location);
        bool belowMinimum = exchangeOnlineMinimum && !isOptions && version < EasProtocolVersion.V16_1;
        Assert.Equal(belowMinimum, byVersion.Warnings.HasFlag(RedirectWarnings.ProtocolVersionBelowTargetMinimum));
        Assert.True(byVersion.Warnings.HasFlag(RedirectWarnings.DownLevelLogonName));
    }

    [Fact]
    public void MinimumRedirectVersion_Is14_0AndIsWhereTheResolverStartsTo451()
    {
        // docs/design.md §4 rule 6 (from "Exchange ActiveSync on-boarding to Office 365"): the device's EAS version must be 14 or higher to follow a 451.
        Assert.Equal(EasProtocolVersion.V14_0, RedirectPolicy.MinimumRedirectVersion);

        RedirectResolver resolver = Resolver(exchangeOnlineMinimum: false);
        RecipientLookupResult who = RecipientLookupResult.From(RedirectResolverTests.User12());
        foreach (byte encoded in new byte[] { 0, 25, 120, 121, 140, 141, 160, 161 })
        {
            EasProtocolVersion version = Version(encoded);
            EasRedirectDecision d = resolver.ResolveEas(false, version, who);
            bool atOrAbove = version >= RedirectPolicy.MinimumRedirectVersion;
            Assert.True(atOrAbove == (d.Action == EasRedirectAction.Redirect), $"{version}: {d.Action} {d.Reason}");
            Assert.Equal(atOrAbove ? RedirectReason.Redirected : RedirectReason.ProtocolVersionTooLow, d.Reason);

            // The 403's Status 123 body ([MS-ASCMD] 2.2.2, 14.0 and later) for a user who cannot be redirected.
            EasRedirectDecision none = resolver.ResolveEas(false, version, RecipientLookupResult.NotFound);
            Assert.Equal(version >= EasProtocolVersion.V14_0, none.StatusInResponseBody);
        }
    }

    [Theory]
    [InlineData(2, 5, 25)]
    [InlineData(12, 1, 121)]
    [InlineData(14, 1, 141)]
    [InlineData(16, 1, 161)]
    [InlineData(0, 0, 0)]
    [InlineData(15, 0, 0)]
    [InlineData(14, -1, 0)]
    [InlineData(14, 10, 0)]
    [InlineData(-14, 1, 0)]
    [InlineData(int.MaxValue, 1, 0)]
    public void ProtocolVersion_FromMajorMinor_IsKnownVersionOrUnknown(int major, int minor, byte expected)
    {
        var request = new EasRedirectRequest(false, major, minor);
        Assert.Equal(expected, request.ProtocolVersion.EncodedValue);
        Assert.Equal(expected != 0, request.ProtocolVersion.IsKnown);
    }

    [Fact]
    public void Constructor_FromProtocolVersion_KeepsMajorMinorAndEquality()
    {
        var fromVersion = new EasRedirectRequest(isOptions: false, EasProtocolVersion.V14_1, LogonNameForm.UserPrincipalName);
        Assert.Equal(14, fromVersion.ProtocolMajor);
        Assert.Equal(1, fromVersion.ProtocolMinor);
        Assert.Equal(EasProtocolVersion.V14_1, fromVersion.ProtocolVersion);
        Assert.Equal(new EasRedirectRequest(false, 14, 1, LogonNameForm.UserPrincipalName), fromVersion);
        Assert.NotEqual(new EasRedirectRequest(isOptions: true, EasProtocolVersion.V14_1, LogonNameForm.UserPrincipalName), fromVersion);
        Assert.Equal(0, new EasRedirectRequest(false, EasProtocolVersion.Unknown).ProtocolMajor);
    }

    [Fact]
    public void ResolveEas_VersionOfParsedBase64RequestLine_Redirects()
    {
        // The base64 form carries the version itself ([MS-ASHTTP] 2.2.1.1.1.1): straight from the parser to the resolver.
        string query = EasRequestWriter.WriteBase64(new EasRequest
        {
            Command = EasCommand.Sync,
            DeviceId = "RSUA4U03JH48LAS6T7BD2TENV0",
            DeviceType = "iPad",
            ProtocolVersion = EasProtocolVersion.V14_1,
            User = "user12@batre.com",
        });
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine line = EasRequestLine.Parse(query, buffer);
        Assert.Equal(EasQueryForm.Base64, line.Form);

        EasRedirectDecision d = Resolver(exchangeOnlineMinimum: true).ResolveEas(
            false, line.ProtocolVersion, RecipientLookupResult.From(RedirectResolverTests.User12()), logonNameForm: EasRedirectRequest.ClassifyLogonName(System.Text.Encoding.UTF8.GetString(line.User)));

        Assert.Equal(EasRedirectAction.Redirect, d.Action);
        Assert.Equal(Office365Eas, d.Location);
        Assert.Equal(RedirectWarnings.ProtocolVersionBelowTargetMinimum, d.Warnings);
    }

    [Fact]
    public void RelationshipTarget_TargetMinimumEasVersion_IsTheRelationshipSetting()
    {
        var index = new RelationshipIndex([
            RedirectResolverTests.Relationship(min: EasProtocolVersionSet.V16_1),
            RedirectResolverTests.Relationship(domain: "other.example", min: EasProtocolVersionSet.None, name: "Other"),
        ]);
        Assert.True(index.TryFind("batre.mail.onmicrosoft.com", out RelationshipTarget? eol));
        Assert.Equal(EasProtocolVersion.V16_1, eol.TargetMinimumEasVersion);
        Assert.True(index.TryFind("other.example", out RelationshipTarget? other));
        Assert.False(other.TargetMinimumEasVersion.IsKnown);
    }
}
