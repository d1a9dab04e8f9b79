using System;
using System.Collections.Generic;

namespace HybridCore.Diagnostics.Logs;

/// <summary>
/// An exception Exchange logged in the <c>ExStk:</c> item of an ActiveSync request's <c>Log=</c> field, decoded
/// (<see cref="ExchangeLogField.TryDecodeStack"/>) and split into type, message and the first stack frames, so an
/// admin reads e.g. <c>Microsoft.Exchange.AirSync.AirSyncPermanentException: UserHasNoMailbox</c> without another tool.
/// </summary>
/// <param name="Type">The exception type, e.g. <c>Microsoft.Exchange.AirSync.AirSyncPermanentException</c>.</param>
/// <param name="Message">The message (Exchange writes it after the frames, separated by a blank line; .NET's own
/// format puts it after <c>Type: </c> on the first line), or null.</param>
/// <param name="Frames">The first frames (<c>at …</c>, without the leading <c>at</c>), at most <see cref="MaxFrames"/>.</param>
public sealed record DecodedException(string Type, string? Message, IReadOnlyList<string> Frames)
{
    /// <summary>How many frames are kept.</summary>
    public const int MaxFrames = 3;

    /// <summary>One line: <c>Type: Message</c> (or just the type).</summary>
    public string Summary => Message is null ? Type : Type + ": " + Message;

    /// <summary>Splits decoded stack text. Never throws; text without a first line gives null.</summary>
    /// <param name="text">The decoded text.</param>
    /// <returns>The exception, or null for empty text.</returns>
    public static DecodedException? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string first = lines[0].Trim();
        string type = first;
        string? message = null;
        int colon = first.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0)
        {
            type = first[..colon];
            message = first[(colon + 2)..].Trim();
        }

        var frames = new List<string>(MaxFrames);
        var trailing = new List<string>();
        bool afterFrames = false;
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("at ", StringComparison.Ordinal) && !afterFrames)
            {
                if (frames.Count < MaxFrames)
                {
                    frames.Add(line[3..]);
                }
            }
            else if (line.Length == 0)
            {
                afterFrames = true;
            }
            else if (afterFrames)
            {
                trailing.Add(line);
            }
        }

        if (trailing.Count > 0)
        {
            string tail = string.Join(' ', trailing);
            message = message is null ? tail : message + " " + tail;
        }

        return new DecodedException(type.Length == 0 ? "?" : type, string.IsNullOrEmpty(message) ? null : message, frames.ToArray());
    }
}
