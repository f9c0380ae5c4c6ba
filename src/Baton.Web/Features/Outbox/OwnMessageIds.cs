using System.Security.Cryptography;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Outbox;

/// <summary>
/// The Message-IDs of Baton's own mail: <c>baton.{installation key}.{outbox row}@{domain}</c>. The same for a message
/// however often and by whichever instance it is sent, and recognisable as ours when it comes back (a reply that
/// threads to it, or a loop).
/// </summary>
public static class OwnMessageIds
{
    public static string For(string installationKey, long outboxId, string domain) => $"baton.{installationKey}.{outboxId}@{domain}";

    /// <summary>The outbox row a Message-ID (with or without its angle brackets) names, when this installation made it.</summary>
    public static long? OutboxIdOf(string? messageId, string installationKey)
    {
        var id = messageId?.Trim().TrimStart('<').TrimEnd('>');
        var prefix = $"baton.{installationKey}.";
        if (id is null || !id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = id.AsSpan(prefix.Length);
        var at = rest.IndexOf('@');
        return at > 0 && long.TryParse(rest[..at], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var row) ? row : null;
    }
}

/// <summary>The installation's key, made once by whichever instance first needs it (the database decides a race).</summary>
public static class InstallationKey
{
    public static async Task<string> GetAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var key = await db.Installation.AsNoTracking().Where(i => i.Id == Installation.TheOne).Select(i => i.Key).SingleOrDefaultAsync(ct);
        if (key is not null)
        {
            return key;
        }

        using (await SqliteWriteGate.EnterAsync(db, ct))
        {
            var made = new Installation { Key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), CreatedAt = now };
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await ModelInserter.For<Installation>(db).TryInsertAsync(db, made, ct); // the loser of a race keeps the winner's key
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return await db.Installation.AsNoTracking().Where(i => i.Id == Installation.TheOne).Select(i => i.Key).SingleAsync(ct);
    }

    /// <summary>The secret of the ticket reply addresses, made once like the key (a conditional update decides a race).</summary>
    public static async Task<byte[]> ReplySecretAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        await GetAsync(db, now, ct);
        var secret = await db.Installation.AsNoTracking().Where(i => i.Id == Installation.TheOne).Select(i => i.ReplySecret).SingleAsync(ct);
        if (secret is null)
        {
            var made = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            await db.Installation.Where(i => i.Id == Installation.TheOne && i.ReplySecret == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ReplySecret, made), ct);
            secret = await db.Installation.AsNoTracking().Where(i => i.Id == Installation.TheOne).Select(i => i.ReplySecret).SingleAsync(ct);
        }

        return Convert.FromHexString(secret!);
    }
}
