using FsCheck;
using FsCheck.Fluent;
using HybridCore.ActiveSync;

namespace HybridCore.Tests.ActiveSync;

/// <summary>FsCheck generators of valid requests for each query form.</summary>
internal static class EasRequestGenerators
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // Printable ASCII plus characters that need percent-encoding, two-, three- and four-byte UTF-8.
    private static readonly string[] TextPieces =
    [
        "a", "Z", "0", " ", "@", "\\", "+", "%", "&", "=", "/", ":", "?", "#", ".", "-", "_", "~", "!", "'",
        "é", "ö", "ß", "张", "伟", "€", "😀", "𝄞",
    ];

    private static Gen<string> Text(int maxPieces) =>
        Gen.Choose(0, maxPieces).SelectMany(n => Gen.ArrayOf(Gen.Elements(TextPieces), n)).Select(string.Concat);

    private static Gen<string?> OptionalText(int maxPieces) =>
        Gen.Frequency((2, Gen.Constant<string?>(null)), (3, Text(maxPieces).Select(s => (string?)s)));

    private static Gen<string> DeviceId =>
        Gen.Choose(1, 32).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphanumerics.ToCharArray()), n)).Select(c => new string(c));

    private static Gen<string> DeviceType =>
        Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose('!', '~').Select(i => (char)i), n)).Select(c => new string(c));

    private static Gen<uint?> PolicyKey =>
        Gen.Frequency((1, Gen.Constant<uint?>(null)), (2, Gen.Choose(int.MinValue, int.MaxValue).Select(i => (uint?)unchecked((uint)i))));

    private static EasCommand[] Commands(bool withCode)
    {
        var list = new List<EasCommand>();
        foreach (int v in EasCommands.Values)
        {
            var c = (EasCommand)v;
            if (!withCode || EasCommands.HasCode(c))
            {
                list.Add(c);
            }
        }

        return [.. list];
    }

    private static Gen<EasRequest> Request(bool base64) =>
        from command in Gen.Elements(Commands(base64))
        from deviceId in DeviceId
        from deviceType in DeviceType
        from version in Gen.Elements(base64
            ? new[] { EasProtocolVersion.V12_1, EasProtocolVersion.V14_0, EasProtocolVersion.V14_1, EasProtocolVersion.V16_0, EasProtocolVersion.V16_1 }
            : new[] { EasProtocolVersion.Unknown, EasProtocolVersion.V2_5, EasProtocolVersion.V12_0, EasProtocolVersion.V14_1, EasProtocolVersion.V16_1 })
        from user in OptionalText(20)
        from policyKey in PolicyKey
        from locale in Gen.Choose(0, ushort.MaxValue)
        from texts in Gen.ArrayOf(OptionalText(12), 5)
        from options in Gen.Choose(0, 3)
        select new EasRequest
        {
            Command = command,
            DeviceId = deviceId,
            DeviceType = deviceType,
            ProtocolVersion = version,
            User = user,
            PolicyKey = policyKey,
            Locale = base64 ? (ushort)locale : null,
            AttachmentName = texts[0],
            CollectionId = texts[1],
            ItemId = texts[2],
            LongId = texts[3],
            Occurrence = texts[4],
            Options = (EasRequestOptions)options,
        };

    public static Arbitrary<EasRequest> PlainRequests => Arb.From(Request(base64: false));

    public static Arbitrary<EasRequest> Base64Requests => Arb.From(Request(base64: true));

    /// <summary>The headers that go with a plain-form request.</summary>
    public static (string Version, string PolicyKey, string MultiPart) PlainHeaders(EasRequest r) =>
        (r.ProtocolVersion.IsKnown ? r.ProtocolVersion.ToString() : string.Empty,
         r.PolicyKey?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
         (r.Options & EasRequestOptions.AcceptMultiPart) != 0 ? "T" : string.Empty);
}
