using Baton.Domain.Informing;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Informing;

/// <summary>A staff member as a note names them: <c>@handle</c> (Baton.Domain.Informing.Mentions) and their name.</summary>
public sealed record MentionableResponse(string Id, string Handle, string DisplayName);

/// <summary>
/// The people an internal note may mention, and a consult may be put to: staff who can sign in now. Never a client's
/// contact — internal notes are the desk's, and a contact must not learn who works on another client's record.
/// </summary>
public static class MentionablePeople
{
    /// <summary>The autocomplete answers with at most this many.</summary>
    public const int Limit = 10;

    /// <summary>Every active staff member, by name. A desk has tens to hundreds of staff: one read, filtered here.</summary>
    public static async Task<IReadOnlyList<MentionableResponse>> AllAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var staffRoles = db.Roles.Where(r => Roles.Staff.Contains(r.Name!)).Select(r => r.Id);
        var rows = await db.Users.AsNoTracking()
            .Where(u => u.ClientId == null && u.ContactId == null && u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && staffRoles.Contains(ur.RoleId)))
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.LockoutEnd }).ToListAsync(ct);
        return [.. rows.Where(r => !(r.LockoutEnd > now))
            .Select(r => new MentionableResponse(r.Id, Mentions.HandleOf(r.Email), r.DisplayName))
            .Where(r => r.Handle.Length > 0)
            .OrderBy(r => r.DisplayName, StringComparer.CurrentCulture).ThenBy(r => r.Handle, StringComparer.Ordinal)];
    }

    /// <summary>Staff whose handle starts with <paramref name="q"/>, or whose name has a word that does; at most <see cref="Limit"/>.</summary>
    public static async Task<IReadOnlyList<MentionableResponse>> SearchAsync(BatonDb db, string? q, DateTimeOffset now, CancellationToken ct)
    {
        var term = (q ?? "").Trim().TrimStart('@');
        var all = await AllAsync(db, now, ct);
        return [.. all.Where(p => term.Length == 0
                || p.Handle.StartsWith(term, StringComparison.OrdinalIgnoreCase)
                || p.DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w.StartsWith(term, StringComparison.CurrentCultureIgnoreCase)))
            .Take(Limit)];
    }

    /// <summary>
    /// The staff <paramref name="body"/> mentions. A handle nobody has is ignored (the note is saved as written); one two
    /// people share (the same local part at two mail domains) names neither, rather than telling the wrong one.
    /// </summary>
    public static async Task<IReadOnlyList<MentionableResponse>> InAsync(BatonDb db, string? body, DateTimeOffset now, CancellationToken ct)
    {
        var handles = Mentions.Find(body);
        if (handles.Count == 0)
        {
            return [];
        }

        var all = await AllAsync(db, now, ct);
        return [.. handles.Select(h => all.Where(p => p.Handle == h).ToList()).Where(m => m.Count == 1).Select(m => m[0])];
    }
}
