using Baton.Domain;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Mail;

/// <summary>What an administrator enters for an IMAP mailbox; an empty password on an edit keeps the stored one.</summary>
public sealed record MailboxRequest(
    string Address,
    string? FromName,
    string Host,
    int Port,
    MailboxSecurity Security,
    string UserName,
    string? Password,
    string? Folder,
    string? ProcessedFolder,
    int? DefaultTeamId,
    bool IsActive,
    bool ImportAsArchive);

/// <summary>
/// Adds or changes a mailbox Baton polls. Each refusal names its field (<see cref="DomainRuleException"/>), so the page
/// shows it next to the input; the password is encrypted before it is stored (<see cref="MailboxPasswords"/>).
/// </summary>
public static class SaveMailbox
{
    public static async Task<Mailbox?> ExecuteAsync(BatonDb db, MailboxPasswords passwords, int? id, MailboxRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var address = request.Address.Trim();
        if (!Text.LooksLikeEmail(address) || address.Length > 320)
        {
            throw new DomainRuleException("Enter the mailbox's e-mail address, e.g. support@msp.example.", "address");
        }

        if (request.Host.Trim() is not { Length: > 0 and <= 255 } || request.Host.Contains(' ', StringComparison.Ordinal))
        {
            throw new DomainRuleException("Enter the IMAP server's host name, e.g. imap.example.com or outlook.office365.com.", "host");
        }

        if (request.Port is < 1 or > 65535)
        {
            throw new DomainRuleException("The port is a number from 1 to 65535: 993 for TLS, 143 for STARTTLS.", "port");
        }

        if (request.UserName.Trim() is not { Length: > 0 and <= 320 })
        {
            throw new DomainRuleException("Enter the user name Baton signs in with (often the address itself).", "userName");
        }

        var folder = string.IsNullOrWhiteSpace(request.Folder) ? "INBOX" : request.Folder.Trim();
        var processed = string.IsNullOrWhiteSpace(request.ProcessedFolder) ? "Baton/Processed" : request.ProcessedFolder.Trim();
        if (string.Equals(folder, processed, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainRuleException("Processed mail must go to another folder than the one Baton reads, or it would be read again.", "processedFolder");
        }

        if (folder.Length > 200 || processed.Length > 200)
        {
            throw new DomainRuleException("A folder name is at most 200 characters.", folder.Length > 200 ? "folder" : "processedFolder");
        }

        if (request.DefaultTeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            throw new DomainRuleException("That team does not exist any more: choose another.", "defaultTeamId");
        }

        Mailbox? mailbox;
        if (id is { } existing)
        {
            mailbox = await db.Mailboxes.SingleOrDefaultAsync(m => m.Id == existing, ct);
            if (mailbox is null)
            {
                return null;
            }
        }
        else
        {
            if (string.IsNullOrEmpty(request.Password))
            {
                throw new DomainRuleException("Enter the mailbox's password (or app password).", "password");
            }

            mailbox = new Mailbox();
            db.Mailboxes.Add(mailbox);
        }

        var moved = mailbox.Id != 0 && (!string.Equals(mailbox.Host, request.Host.Trim(), StringComparison.OrdinalIgnoreCase)
            || !string.Equals(mailbox.UserName, request.UserName.Trim(), StringComparison.Ordinal) || mailbox.Folder != folder);
        mailbox.Address = address;
        mailbox.FromName = (request.FromName ?? "").Trim() is var name && name.Length > 200 ? name[..200] : name;
        mailbox.Host = request.Host.Trim();
        mailbox.Port = request.Port;
        mailbox.Security = request.Security;
        mailbox.UserName = request.UserName.Trim();
        mailbox.Folder = folder;
        mailbox.ProcessedFolder = processed;
        mailbox.DefaultTeamId = request.DefaultTeamId;
        mailbox.IsActive = request.IsActive;
        mailbox.ImportAsArchive = request.ImportAsArchive;
        mailbox.LastError = null;
        if (moved)
        {
            mailbox.UidValidity = null; // another server, account or folder: its UIDs mean nothing to the old cursor
            mailbox.LastUid = 0;
        }

        if (!string.IsNullOrEmpty(request.Password))
        {
            mailbox.ProtectedPassword = passwords.Protect(request.Password);
        }

        mailbox.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            throw new DomainRuleException($"Baton already reads the mailbox {address}.", "address");
        }

        return mailbox;
    }
}
