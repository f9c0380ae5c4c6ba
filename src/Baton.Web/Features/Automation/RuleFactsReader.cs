using Baton.Domain.Automation;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Automation;

/// <summary>Reads tickets as rules see them (<see cref="RuleFacts"/>): one query for any number of tickets, all by index.</summary>
public static class RuleFactsReader
{
    public static async Task<List<RuleFacts>> ReadAsync(BatonDb db, IQueryable<Ticket> tickets, CancellationToken ct)
    {
        var rows = await tickets.AsNoTracking().Select(t => new
        {
            t.Id, t.Number, t.ClientId, t.Kind, t.Priority, t.CategoryId, t.TeamId, t.AssigneeId, t.Status, t.RequestType, t.CreatedAt, t.ResolvedAt,
            // When it last changed status: its trail's last "Status" entry (none: since it was opened).
            StatusSince = db.AuditEntries.Where(a => a.RecordKind == Ticket.RecordKind && a.RecordId == t.Id && a.Field == "Status")
                .OrderByDescending(a => a.At).Select(a => (DateTimeOffset?)a.At).FirstOrDefault(),
            LastPublic = t.Messages.Where(m => m.Visibility == MessageVisibility.Public).OrderByDescending(m => m.At).Select(m => (DateTimeOffset?)m.At).FirstOrDefault(),
            // The requester's side writes as a portal user, a known contact or a mail address (Mail/MailFiling).
            LastCustomer = t.Messages
                .Where(m => m.Visibility == MessageVisibility.Public
                    && (m.AuthorId.StartsWith("contact:") || m.AuthorId.StartsWith("mail:") || db.Users.Any(u => u.Id == m.AuthorId && u.ContactId != null)))
                .OrderByDescending(m => m.At).Select(m => (DateTimeOffset?)m.At).FirstOrDefault(),
            Roles = (from m in db.ContactRoleMemberships
                     join r in db.ContactRoles on m.ContactRoleId equals r.Id
                     where m.ContactId == t.RequesterId && r.IsActive
                     select r.Key).ToList(),
        }).ToListAsync(ct);
        return [.. rows.Select(r => new RuleFacts(
            r.Id, r.Number, r.ClientId, r.Kind, r.Priority, r.CategoryId, r.TeamId, r.AssigneeId, r.Status, r.RequestType, r.Roles,
            r.CreatedAt, r.StatusSince ?? r.CreatedAt, r.LastPublic, r.LastCustomer, r.ResolvedAt))];
    }
}
