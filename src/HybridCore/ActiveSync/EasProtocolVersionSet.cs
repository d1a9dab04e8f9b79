using System;

namespace HybridCore.ActiveSync;

/// <summary>
/// A set of Exchange ActiveSync protocol versions, as the specification tables list them
/// (the versions named in [MS-ASHTTP] 2.2.1.1.2.4, MS-ASProtocolVersion).
/// </summary>
[Flags]
public enum EasProtocolVersionSet : ushort
{
    /// <summary>No version.</summary>
    None = 0,

    /// <summary>Protocol version 2.5.</summary>
    V2_5 = 1,

    /// <summary>Protocol version 12.0.</summary>
    V12_0 = 2,

    /// <summary>Protocol version 12.1.</summary>
    V12_1 = 4,

    /// <summary>Protocol version 14.0.</summary>
    V14_0 = 8,

    /// <summary>Protocol version 14.1.</summary>
    V14_1 = 16,

    /// <summary>Protocol version 16.0.</summary>
    V16_0 = 32,

    /// <summary>Protocol version 16.1.</summary>
    V16_1 = 64,

    /// <summary>Every version above.</summary>
    All = V2_5 | V12_0 | V12_1 | V14_0 | V14_1 | V16_0 | V16_1,
}
