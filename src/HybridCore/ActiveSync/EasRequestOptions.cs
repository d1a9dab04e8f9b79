using System;

namespace HybridCore.ActiveSync;

/// <summary>
/// The command options of a request: the base64 form's <c>Options</c> bitmask ([MS-ASHTTP] 2.2.1.1.1.1.3),
/// or in the plain form <c>SaveInSent=T</c> ([MS-ASHTTP] 2.2.1.1.1.2.5) and the
/// <c>MS-ASAcceptMultiPart: T</c> header ([MS-ASHTTP] 2.2.1.1.2.5).
/// </summary>
[Flags]
public enum EasRequestOptions : byte
{
    /// <summary>No option.</summary>
    None = 0,

    /// <summary>Save the message in the Sent Items folder (SendMail, SmartForward, SmartReply). Flag 0x01.</summary>
    SaveInSent = 0x01,

    /// <summary>Return the requested item in multipart format (ItemOperations). Flag 0x02.</summary>
    AcceptMultiPart = 0x02,
}

/// <summary>How a request line was encoded ([MS-ASHTTP] 2.2.1.1.1).</summary>
public enum EasQueryForm
{
    /// <summary>The plain text query value, <c>Cmd=Sync&amp;User=…&amp;DeviceId=…&amp;DeviceType=…</c> ([MS-ASHTTP] 2.2.1.1.1.2).</summary>
    Plain = 0,

    /// <summary>The base64-encoded query value ([MS-ASHTTP] 2.2.1.1.1.1).</summary>
    Base64 = 1,
}
