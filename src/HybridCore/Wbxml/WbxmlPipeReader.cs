using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace HybridCore.Wbxml;

/// <summary>Receives the tokens of a document read by <see cref="WbxmlPipeReader"/>.</summary>
public interface IWbxmlTokenHandler
{
    /// <summary>Called for every token; <paramref name="reader"/> is positioned on it. Spans taken from the
    /// reader are valid only during the call.</summary>
    void OnToken(ref WbxmlReader reader);
}

/// <summary>
/// Reads one WBXML document straight from a <see cref="PipeReader"/> (an HTTP request body, say)
/// without buffering it whole: only a token that straddles two reads is kept until it is complete.
/// </summary>
public static class WbxmlPipeReader
{
    /// <summary>Reads a document from <paramref name="pipe"/> to its end, calling <paramref name="handler"/>
    /// for every token, and checks that nothing follows the root element.</summary>
    /// <typeparam name="THandler">The handler type (a class, or a struct whose copies share their results).</typeparam>
    /// <returns>The document's length in bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pipe"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="WbxmlException">The body is not valid ActiveSync WBXML or exceeds a limit of <paramref name="options"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<long> ReadDocumentAsync<THandler>(
        PipeReader pipe, THandler handler, WbxmlReaderOptions options = default, CancellationToken cancellationToken = default)
        where THandler : IWbxmlTokenHandler
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(handler);
        var state = new WbxmlReaderState(options);
        while (true)
        {
            ReadResult result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            SequencePosition consumed;
            try
            {
                consumed = ReadAvailable(buffer, result.IsCompleted, ref state, handler);
            }
            catch
            {
                pipe.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }

            // Everything was examined: the next ReadAsync waits for new bytes.
            pipe.AdvanceTo(consumed, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                if (result.IsCanceled && !state.IsDocumentComplete)
                {
                    throw new OperationCanceledException("The pipe read was canceled before the document was complete.");
                }

                return state.DocumentOffset;
            }
        }
    }

    /// <summary>Reads the tokens complete in <paramref name="buffer"/>; returns where to resume.</summary>
    private static SequencePosition ReadAvailable<THandler>(
        ReadOnlySequence<byte> buffer, bool isCompleted, ref WbxmlReaderState state, THandler handler)
        where THandler : IWbxmlTokenHandler
    {
        var reader = new WbxmlReader(buffer, isCompleted, state);
        while (reader.Read())
        {
            handler.OnToken(ref reader);
        }

        state = reader.CurrentState;
        return reader.Position;
    }
}
