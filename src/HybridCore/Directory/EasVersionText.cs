using System;
using System.Numerics;
using HybridCore.ActiveSync;

namespace HybridCore.Directory;

/// <summary>Converts between <see cref="EasProtocolVersions"/> single flags, "major.minor" text and numbers.</summary>
internal static class EasVersionText
{
    public static bool IsSingleKnown(EasProtocolVersions v) =>
        v != EasProtocolVersions.None && (v & ~EasProtocolVersions.All) == 0 && BitOperations.IsPow2((uint)v);

    public static string? ToText(EasProtocolVersions v) => v switch
    {
        EasProtocolVersions.V2_5 => "2.5",
        EasProtocolVersions.V12_0 => "12.0",
        EasProtocolVersions.V12_1 => "12.1",
        EasProtocolVersions.V14_0 => "14.0",
        EasProtocolVersions.V14_1 => "14.1",
        EasProtocolVersions.V16_0 => "16.0",
        EasProtocolVersions.V16_1 => "16.1",
        _ => null,
    };

    public static bool TryParse(ReadOnlySpan<char> text, out EasProtocolVersions v)
    {
        v = text switch
        {
            "2.5" => EasProtocolVersions.V2_5,
            "12.0" => EasProtocolVersions.V12_0,
            "12.1" => EasProtocolVersions.V12_1,
            "14.0" => EasProtocolVersions.V14_0,
            "14.1" => EasProtocolVersions.V14_1,
            "16.0" => EasProtocolVersions.V16_0,
            "16.1" => EasProtocolVersions.V16_1,
            _ => EasProtocolVersions.None,
        };
        return v != EasProtocolVersions.None;
    }
}
