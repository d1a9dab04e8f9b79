using System;

namespace HybridCore.ActiveSync;

/// <summary>
/// The only exception the Exchange ActiveSync request-line parser and writer throw for bad input:
/// it carries the <see cref="Reason"/>, the <see cref="Offset"/> and what the server should answer.
/// </summary>
public sealed class EasRequestLineException : FormatException
{
    /// <summary>Creates the exception for <paramref name="reason"/> found at <paramref name="offset"/>.</summary>
    public EasRequestLineException(EasRequestLineError reason, int offset)
        : base(EasRequestLineErrors.GetDescription(reason) + " (" + reason.ToString() + " at offset " + offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")")
    {
        Reason = reason;
        Offset = offset;
    }

    /// <summary>Creates an exception with no specific reason (for serializers and tools).</summary>
    public EasRequestLineException()
        : this(EasRequestLineError.None, 0)
    {
    }

    /// <summary>Creates an exception with a custom message and no specific reason.</summary>
    public EasRequestLineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a custom message wrapping <paramref name="innerException"/>.</summary>
    public EasRequestLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What is wrong.</summary>
    public EasRequestLineError Reason { get; }

    /// <summary>Where in the input it was found; see <see cref="EasRequestLineFailure.Offset"/>.</summary>
    public int Offset { get; }

    /// <summary>The HTTP status code to answer; see <see cref="EasRequestLineErrors.GetHttpStatusCode"/>.</summary>
    public int HttpStatusCode => EasRequestLineErrors.GetHttpStatusCode(Reason);

    /// <summary>The EAS common status to answer, if any; see <see cref="EasRequestLineErrors.GetEasStatus"/>.</summary>
    public EasStatus? Status => EasRequestLineErrors.GetEasStatus(Reason);
}
