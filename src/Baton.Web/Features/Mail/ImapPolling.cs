using Baton.Web.Data;
using Baton.Web.Infrastructure.Files;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Mail;

/// <summary>Mail:Imap — how often the configured mailboxes are polled (README "Mail").</summary>
public sealed class ImapOptions
{
    /// <summary>Mail:Imap:PollInterval — between two polls of a mailbox by any instance. Default one minute.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Mail:Imap:Timeout — for connecting and each command. Default 60 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Mailbox passwords, encrypted with the Data Protection key ring (kept in the database): never in clear in a row or a log.</summary>
public sealed class MailboxPasswords(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Baton.Mail.MailboxPassword.v1");

    public string Protect(string password) => _protector.Protect(password);

    public string Unprotect(string protectedPassword) => protectedPassword.Length == 0 ? "" : _protector.Unprotect(protectedPassword);
}

/// <summary>What one poll of a mailbox did.</summary>
public sealed record PollResult(int Taken, int Moved, string? Error)
{
    public static readonly PollResult Skipped = new(0, 0, null);
}

/// <summary>
/// Polls one IMAP mailbox. Every message in the folder is taken in (<see cref="MailIntake"/>: stored first, the same
/// mail twice is one) and filed (<see cref="MailFiling"/>), and only then moved to the processed folder — so a crash
/// at any point leaves it in the inbox to be taken again, where the de-duplication finds it. The UID cursor (with the
/// folder's UIDVALIDITY) says what was filed already: such a message still in the folder (the move failed) is only
/// moved, not downloaded again. Baton never relies on the \Seen flag, which other clients change.
/// </summary>
public sealed class ImapPoller(
    IAttachmentStore store,
    MailFiling filing,
    MailboxPasswords passwords,
    IOptions<InboundMailOptions> inbound,
    IOptions<ImapOptions> options,
    TimeProvider clock,
    ILogger<ImapPoller> logger)
{
    /// <summary>How many filed messages are moved in one command.</summary>
    private const int MoveBatch = 50;

    /// <summary>
    /// Polls the mailbox unless another instance polled it within half the interval (<paramref name="force"/> polls
    /// regardless: the admin's "poll now", and tests). The claim is an optimisation: two polls at once still take each
    /// message once.
    /// </summary>
    public async Task<PollResult> PollAsync(BatonDb db, int mailboxId, bool force, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var mailbox = await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mailboxId, ct);
        if (mailbox is null || (!mailbox.IsActive && !force))
        {
            return PollResult.Skipped;
        }

        var due = now - options.Value.PollInterval / 2;
        // Compare-and-set on the last poll's instant (not the row's version, which is the administrator's edits').
        var seen = mailbox.LastPolledAt;
        var claimed = await db.Mailboxes
            .Where(m => m.Id == mailboxId && m.LastPolledAt == seen && (force || seen == null || seen <= due))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastPolledAt, now), ct);
        if (claimed == 0 && !force)
        {
            return PollResult.Skipped; // another instance has it
        }

        try
        {
            var result = await DrainAsync(db, mailbox, ct);
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastError, (string?)null), ct);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var error = Describe(e);
            logger.LogWarning("Polling the mailbox {Address} failed: {Error}", mailbox.Address, error);
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastError, error), CancellationToken.None);
            return new PollResult(0, 0, error);
        }
    }

    private async Task<PollResult> DrainAsync(BatonDb db, Mailbox mailbox, CancellationToken ct)
    {
        using var client = new ImapClient { Timeout = (int)options.Value.Timeout.TotalMilliseconds };
        await client.ConnectAsync(mailbox.Host, mailbox.Port, Socket(mailbox.Security), ct);
        await client.AuthenticateAsync(mailbox.UserName, passwords.Unprotect(mailbox.ProtectedPassword), ct);
        var folder = await client.GetFolderAsync(mailbox.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        var processed = await FolderAsync(client, mailbox.ProcessedFolder, ct);

        var lastUid = mailbox.LastUid;
        if (mailbox.UidValidity != folder.UidValidity)
        {
            // The UIDs start over (a new folder, a restored server): everything there is new to the cursor; what was
            // taken in before is recognised by its Message-ID or hash, never doubled.
            lastUid = 0;
            await db.Mailboxes.Where(m => m.Id == mailbox.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.UidValidity, (long)folder.UidValidity).SetProperty(m => m.LastUid, 0L), ct);
        }

        var uids = (await folder.SearchAsync(SearchQuery.All, ct)).OrderBy(u => u.Id).ToList();
        var filed = uids.Where(u => u.Id <= lastUid).ToList(); // filed by an earlier poll whose move did not happen
        var taken = 0;
        var moved = 0;
        var source = $"imap:{mailbox.Address}";
        foreach (var uid in uids.Where(u => u.Id > lastUid))
        {
            ct.ThrowIfCancellationRequested();
            AcceptedMail accepted;
            try
            {
                await using var raw = await folder.GetStreamAsync(uid, ct);
                accepted = await MailIntake.AcceptAsync(db, store, raw, source, mailbox.Id, mailbox.ImportAsArchive, inbound.Value.MaxBytes, clock.GetUtcNow(), ct);
            }
            catch (ImapCommandException)
            {
                continue; // gone since the search: another instance took it in and moved it
            }

            taken += accepted.Duplicate ? 0 : 1; // taken in = stored here first, whoever files it
            var mail = await filing.FileAsync(db, accepted.Id, ct);
            if (mail.State == InboundMailState.Received)
            {
                continue; // another instance is filing it right now: moved on a later poll, once filed
            }

            await db.Mailboxes.Where(m => m.Id == mailbox.Id && m.LastUid < uid.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUid, (long)uid.Id), ct);
            filed.Add(uid);
            if (filed.Count >= MoveBatch)
            {
                moved += await MoveAsync(db, mailbox.Id, folder, filed, processed, ct);
            }
        }

        moved += await MoveAsync(db, mailbox.Id, folder, filed, processed, ct);
        if (mailbox.ImportAsArchive && moved == uids.Count)
        {
            // The mailbox's old mail is in: from now on its mail is new and answered.
            await db.Mailboxes.Where(m => m.Id == mailbox.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ImportAsArchive, false), ct);
        }

        await client.DisconnectAsync(quit: true, ct);
        if (taken > 0)
        {
            logger.LogInformation("Took {Count} new mail from {Address}.", taken, mailbox.Address);
        }

        return new PollResult(taken, moved, null);
    }

    private async Task<int> MoveAsync(BatonDb db, int mailboxId, IMailFolder folder, List<UniqueId> uids, IMailFolder processed, CancellationToken ct)
    {
        if (uids.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var until = now + 2 * options.Value.Timeout;
        var holding = await db.Mailboxes
            .Where(m => m.Id == mailboxId && (m.MovingUntil == null || m.MovingUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.MovingUntil, until), ct);
        if (holding == 0)
        {
            return 0; // another poller is moving; these stay filed in the inbox and move on the next poll
        }

        try
        {
            await folder.MoveToAsync(uids, processed, ct); // MOVE where the server has it, else COPY + \Deleted + UID EXPUNGE
        }
        catch (ImapCommandException)
        {
            // Some were moved by another instance polling at the same time; what is left stays for the next poll.
        }
        finally
        {
            await db.Mailboxes.Where(m => m.Id == mailboxId && m.MovingUntil == until)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.MovingUntil, (DateTimeOffset?)null), CancellationToken.None);
        }

        var count = uids.Count;
        uids.Clear();
        return count;
    }

    /// <summary>The processed folder, made (level by level, in the server's separator) when it is not there yet.</summary>
    private static async Task<IMailFolder> FolderAsync(ImapClient client, string path, CancellationToken ct)
    {
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        var separator = root.DirectorySeparator == '\0' ? '/' : root.DirectorySeparator;
        try
        {
            return await client.GetFolderAsync(path.Replace('/', separator), ct);
        }
        catch (FolderNotFoundException)
        {
            var folder = root;
            foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var subfolders = await folder.GetSubfoldersAsync(false, ct);
                folder = subfolders.FirstOrDefault(f => f.Name == name) ?? await folder.CreateAsync(name, isMessageFolder: true, ct)
                    ?? throw new InvalidOperationException($"The server did not create the folder '{name}'.");
            }

            return folder;
        }
    }

    public static SecureSocketOptions Socket(MailboxSecurity security) => security switch
    {
        MailboxSecurity.None => SecureSocketOptions.None,
        MailboxSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.SslOnConnect,
    };

    /// <summary>What an administrator reads on the Mailboxes page: the server's words, never a stack trace or the password.</summary>
    public static string Describe(Exception e) => e switch
    {
        AuthenticationException => "The server refused the user name or password.",
        FolderNotFoundException f => $"The folder '{f.FolderName}' does not exist on the server.",
        System.Net.Sockets.SocketException s => $"Could not reach the server: {s.Message}",
        SslHandshakeException => "The TLS handshake failed: check the port and the security setting (TLS on 993, STARTTLS on 143).",
        ImapCommandException c => $"The server refused a command: {c.ResponseText}",
        ImapProtocolException p => $"The server broke the IMAP protocol: {p.Message}",
        System.Security.Cryptography.CryptographicException => "The stored password cannot be read (the key ring changed): enter it again.",
        TimeoutException or IOException => $"The connection failed: {e.Message}",
        _ => e.Message,
    };
}

/// <summary>Polls every active mailbox each interval, on every instance; the claim in <see cref="ImapPoller"/> keeps it to one at a time.</summary>
public sealed class ImapPollingService(IServiceScopeFactory scopes, IOptions<ImapOptions> options, TimeProvider clock, ILogger<ImapPollingService> logger)
    : Infrastructure.RecurringJobService(scopes, clock, logger)
{
    private readonly IServiceScopeFactory _scopes = scopes;

    // Ticks at a quarter of the interval, so a mailbox another instance polled waits no longer than it should.
    protected override TimeSpan Interval => options.Value.PollInterval / 4 is var tick && tick > TimeSpan.FromSeconds(1) ? tick : TimeSpan.FromSeconds(1);

    protected override string Description => "IMAP polling";

    protected override async Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var mailboxes = await db.Mailboxes.Where(m => m.IsActive).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
        foreach (var id in mailboxes)
        {
            using var scope = _scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ImapPoller>().PollAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), id, force: false, ct);
        }
    }
}
