using System.Collections.Generic;

namespace HybridCore.DirectoryModel;

/// <summary>
/// Directory data as plain values: what a host reads from a file, a database or Exchange
/// cmdlets before HybridCore validates it into models (<see cref="DirectorySnapshot.Load"/>).
/// The JSON shape (camelCase) is this type's, via <see cref="DirectoryJson"/>.
/// </summary>
public sealed class DirectoryDocument
{
    /// <summary>The organization relationships.</summary>
    public List<OrganizationRelationshipData> Relationships { get; set; } = [];

    /// <summary>The recipients.</summary>
    public List<RecipientData> Recipients { get; set; } = [];
}

/// <summary>An organization relationship as plain values (see <see cref="OrganizationRelationship"/> for meanings).</summary>
public sealed class OrganizationRelationshipData
{
    /// <summary>Name.</summary>
    public string? Name { get; set; }

    /// <summary>DomainNames, Unicode or punycode.</summary>
    public List<string>? DomainNames { get; set; }

    /// <summary>Enabled (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>TargetOwaUrl.</summary>
    public string? TargetOwaUrl { get; set; }

    /// <summary>TargetAutodiscoverEpr.</summary>
    public string? TargetAutodiscoverEpr { get; set; }

    /// <summary>TargetApplicationUri.</summary>
    public string? TargetApplicationUri { get; set; }

    /// <summary>TargetSharingEpr.</summary>
    public string? TargetSharingEpr { get; set; }

    /// <summary>FreeBusyAccessEnabled.</summary>
    public bool FreeBusyAccessEnabled { get; set; }

    /// <summary>MailboxMoveEnabled.</summary>
    public bool MailboxMoveEnabled { get; set; }

    /// <summary>ArchiveAccessEnabled.</summary>
    public bool ArchiveAccessEnabled { get; set; }

    /// <summary><c>OnPremisesToCloud</c> (default), <c>CloudToOnPremises</c> or <c>CrossForest</c>.</summary>
    public string? Direction { get; set; }

    /// <summary>EAS endpoint override (absolute https).</summary>
    public string? EasEndpointOverride { get; set; }

    /// <summary>The lowest EAS version the target accepts, e.g. <c>16.1</c>.</summary>
    public string? TargetMinimumEasVersion { get; set; }
}

/// <summary>A recipient as plain values.</summary>
public sealed class RecipientData
{
    /// <summary><c>LocalMailbox</c>, <c>RemoteMailbox</c>, <c>MailUser</c> or <c>MailContact</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>Identity.</summary>
    public string? Identity { get; set; }

    /// <summary>UserPrincipalName.</summary>
    public string? UserPrincipalName { get; set; }

    /// <summary>PrimarySmtpAddress.</summary>
    public string? PrimarySmtpAddress { get; set; }

    /// <summary>RemoteRoutingAddress (remote mailboxes), with or without <c>SMTP:</c>.</summary>
    public string? RemoteRoutingAddress { get; set; }

    /// <summary>ExternalEmailAddress (mail users and contacts), with or without <c>SMTP:</c>.</summary>
    public string? ExternalEmailAddress { get; set; }

    /// <summary>EmailAddresses, each <c>TYPE:address</c>.</summary>
    public List<string>? EmailAddresses { get; set; }

    /// <summary><c>DOMAIN\sam</c>.</summary>
    public string? LogonName { get; set; }

    /// <summary>DisplayName.</summary>
    public string? DisplayName { get; set; }
}
