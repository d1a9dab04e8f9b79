namespace HybridCore.ActiveSync;

/// <summary>
/// A rejected request line: the reason and where. Returned by the <c>TryParse</c> methods of
/// <see cref="EasRequestLine"/> without allocating.
/// </summary>
/// <param name="Reason">What is wrong.</param>
/// <param name="Offset">
/// The index in the input (chars for <c>ReadOnlySpan&lt;char&gt;</c>, bytes for UTF-8) where the problem was
/// found; for the base64 form, the index of the base64 digit that carries the first bit of the offending byte;
/// for header errors, the index inside that header's value; the input length when something is missing.
/// </param>
public readonly record struct EasRequestLineFailure(EasRequestLineError Reason, int Offset)
{
    /// <summary>The HTTP status code to answer; see <see cref="EasRequestLineErrors.GetHttpStatusCode"/>.</summary>
    public int HttpStatusCode => EasRequestLineErrors.GetHttpStatusCode(Reason);

    /// <summary>The EAS common status to answer, if any; see <see cref="EasRequestLineErrors.GetEasStatus"/>.</summary>
    public EasStatus? Status => EasRequestLineErrors.GetEasStatus(Reason);

    /// <summary>Builds the exception the throwing API raises for this error.</summary>
    public EasRequestLineException ToException() => new(Reason, Offset);
}
