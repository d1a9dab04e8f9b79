using System.Runtime.CompilerServices;

namespace HybridCore.Wbxml;

/// <summary>
/// An ActiveSync WBXML tag: its code page in the high byte and its token (without the content
/// flag 0x40) in the low byte. The per-page constants (<c>AirSyncTags.Sync</c> …) and the
/// lookups in <see cref="WbxmlTags"/> are generated from <c>Spec/WbxmlTags.table</c>.
/// </summary>
public enum WbxmlTag : ushort
{
}

/// <summary>Helpers for <see cref="WbxmlTag"/>.</summary>
public static class WbxmlTagExtensions
{
    /// <summary>The tag's code page.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WbxmlCodePage GetPage(this WbxmlTag tag) => (WbxmlCodePage)((ushort)tag >> 8);

    /// <summary>The tag's token within its code page (0x05–0x3F for defined tags).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte GetToken(this WbxmlTag tag) => (byte)tag;
}

/// <summary>Lookups over every ActiveSync WBXML tag (the rest is generated).</summary>
public static partial class WbxmlTags
{
    /// <summary>Combines a code page and a token into a tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WbxmlTag Create(WbxmlCodePage page, byte token) => (WbxmlTag)(((int)page << 8) | token);
}
