using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;

namespace HybridCore.DirectoryModel;

/// <summary>What is wrong with a directory entry.</summary>
public enum DirectoryErrorCode
{
    /// <summary>The JSON text is not well-formed or does not have the expected shape.</summary>
    InvalidJson = 1,

    /// <summary>A required value is missing or empty.</summary>
    MissingValue,

    /// <summary>An SMTP address, proxy address, domain or logon name does not parse.</summary>
    InvalidAddress,

    /// <summary>A URL is not an absolute URL.</summary>
    InvalidUrl,

    /// <summary>No longer produced: an <c>http://</c> TargetOwaUrl is accepted (the Hybrid Configuration Wizard writes it,
    /// KB 2952804), and other schemes are <see cref="InvalidUrl"/>. Kept so that the numbering stays stable.</summary>
    TargetOwaUrlNotHttps,

    /// <summary>The EAS endpoint override is not an absolute <c>https</c> URL without query or fragment.</summary>
    InvalidEasEndpoint,

    /// <summary>A relationship has no domain.</summary>
    NoDomains,

    /// <summary>Two relationships claim the same domain. Exchange refuses this too (KB 3067526: "The domain … is already in use").</summary>
    DuplicateDomain,

    /// <summary>Two relationships have the same name.</summary>
    DuplicateRelationshipName,

    /// <summary>Two recipients share a UPN, SMTP proxy address or logon name.</summary>
    DuplicateAddress,

    /// <summary>A recipient has two primary SMTP proxies, or a PrimarySmtpAddress that is not among its primary proxies.</summary>
    ConflictingPrimaryAddress,

    /// <summary>An EAS protocol version is not one of 2.5, 12.0, 12.1, 14.0, 14.1, 16.0, 16.1.</summary>
    InvalidProtocolVersion,

    /// <summary>A recipient kind or relationship direction is unknown.</summary>
    InvalidKind,
}

/// <summary>One problem found in directory data.</summary>
/// <param name="Code">What is wrong.</param>
/// <param name="Path">Where: a JSON-path-like location such as <c>relationships[2].targetOwaUrl</c>.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record DirectoryValidationError(DirectoryErrorCode Code, string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path}: {Message} ({Code})");
}

/// <summary>An entry an index left out (it has what an earlier entry has): its position among the entries given, and
/// the error that says why.</summary>
/// <param name="Position">The entry's position among the entries given to the index.</param>
/// <param name="Error">Why it was left out.</param>
internal readonly record struct LeftOutEntry(int Position, DirectoryValidationError Error);

/// <summary>
/// The one exception the directory models, loaders and indexes throw for invalid data. Lists every
/// problem found, each with a code and a path.
/// </summary>
public sealed class DirectoryValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DirectoryValidationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DirectoryValidationException(string message)
        : base(message)
    {
        Errors = ReadOnlyCollection<DirectoryValidationError>.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DirectoryValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = ReadOnlyCollection<DirectoryValidationError>.Empty;
    }

    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="errors">The problems (at least one).</param>
    /// <param name="innerException">The cause, if any.</param>
    public DirectoryValidationException(IReadOnlyList<DirectoryValidationError> errors, Exception? innerException = null)
        : base(BuildMessage(errors), innerException)
    {
        Errors = errors;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<DirectoryValidationError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<DirectoryValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            return "Invalid directory data.";
        }

        string head = string.Join(Environment.NewLine, errors.Take(10).Select(e => "  " + e.ToString()));
        string more = errors.Count > 10 ? string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}  … and {errors.Count - 10} more") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"Invalid directory data ({errors.Count} problem(s)):{Environment.NewLine}{head}{more}");
    }

    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static DirectoryValidationException Single(DirectoryErrorCode code, string path, string message) =>
        new([new DirectoryValidationError(code, path, message)]);
}
