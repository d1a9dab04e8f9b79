namespace HybridCore.ActiveSync;

/// <summary>
/// An Exchange ActiveSync request line as an immutable model with strings: what
/// <see cref="EasRequestLine.ToRequest"/> materialises and what <see cref="EasRequestWriter"/> writes in either
/// query form. Equality is by value.
/// </summary>
/// <remarks>
/// The model does not record which form a request came in: the same request written in the plain form
/// and in the base64 form is one request. Some fields only one form can carry: <see cref="Locale"/> exists
/// only in the base64 form (the plain form leaves it <see langword="null"/>); <see cref="ProtocolVersion"/>,
/// <see cref="PolicyKey"/> and <see cref="EasRequestOptions.AcceptMultiPart"/> travel in headers with the plain form.
/// </remarks>
public sealed record EasRequest
{
    /// <summary>The command (<c>Cmd=</c>, or the base64 command code).</summary>
    public required EasCommand Command { get; init; }

    /// <summary>
    /// The device id: 1 to 32 letters or digits. A device id the base64 form sends as raw bytes (a GUID) is
    /// given as upper-case hexadecimal of those bytes in order, so it reads the same as in the plain form.
    /// </summary>
    public required string DeviceId { get; init; }

    /// <summary>The device type, e.g. <c>iPad</c>, <c>WP8</c>, <c>SmartPhone</c>.</summary>
    public required string DeviceType { get; init; }

    /// <summary>The protocol version (base64 field, or the <c>MS-ASProtocolVersion</c> header); <see cref="EasProtocolVersion.Unknown"/> if not given.</summary>
    public EasProtocolVersion ProtocolVersion { get; init; }

    /// <summary>The user (<c>User=</c>, base64 tag 8), as the client sent it (<c>user@domain</c>, <c>DOMAIN\user</c> or a plain name); <see langword="null"/> if absent.</summary>
    public string? User { get; init; }

    /// <summary>The policy key (base64 field, or the <c>X-MS-PolicyKey</c> header); <see langword="null"/> if absent.</summary>
    public uint? PolicyKey { get; init; }

    /// <summary>The locale (an LCID, [MS-LCID]) of the base64 form, e.g. 0x0409; <see langword="null"/> in the plain form.</summary>
    public ushort? Locale { get; init; }

    /// <summary>The <c>AttachmentName</c> parameter (tag 0), or <see langword="null"/>.</summary>
    public string? AttachmentName { get; init; }

    /// <summary>The <c>CollectionId</c> parameter (tag 1), or <see langword="null"/>.</summary>
    public string? CollectionId { get; init; }

    /// <summary>The <c>ItemId</c> parameter (tag 3), or <see langword="null"/>.</summary>
    public string? ItemId { get; init; }

    /// <summary>The <c>LongId</c> parameter (tag 4), or <see langword="null"/>.</summary>
    public string? LongId { get; init; }

    /// <summary>The <c>Occurrence</c> parameter (tag 6), or <see langword="null"/>.</summary>
    public string? Occurrence { get; init; }

    /// <summary>The command options (tag 7; <c>SaveInSent=T</c> and <c>MS-ASAcceptMultiPart</c> in the plain form).</summary>
    public EasRequestOptions Options { get; init; }
}
