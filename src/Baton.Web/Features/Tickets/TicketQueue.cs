using System.Globalization;
using System.Text;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

public enum QueueSort
{
    Newest = 1,
    Oldest = 2,
    Priority = 3,
    Updated = 4,
}

public sealed record QueueFilter
{
    public TicketStatus[]? Status { get; init; }

    /// <summary>Only tickets not yet resolved or closed: the working queue.</summary>
    public bool OpenOnly { get; init; }

    public Priority? Priority { get; init; }
    public int? TeamId { get; init; }
    public string? AssigneeId { get; init; }
    public int? ClientId { get; init; }
    public TicketKind? Kind { get; init; }
    public bool Mine { get; init; }
    public bool Unassigned { get; init; }
    public string? Q { get; init; }
    public QueueSort Sort { get; init; } = QueueSort.Newest;
    public string? Cursor { get; init; }
    public int Limit { get; init; } = 25;
}

public sealed record TicketSummary(
    long Id,
    string Number,
    TicketKind Kind,
    string Title,
    TicketStatus Status,
    Priority Priority,
    int ClientId,
    string ClientName,
    string RequesterName,
    int? TeamId,
    string? TeamName,
    string? AssigneeId,
    string? AssigneeName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record QueuePage(IReadOnlyList<TicketSummary> Items, string? NextCursor);

/// <summary>
/// The queue: filters, search and keyset pagination. Each sort pages on (sort key, id), which the indexes on
/// Tickets serve directly, so page 10,000 costs what page 1 costs — no OFFSET, no COUNT.
/// </summary>
public static class TicketQueue
{
    public const int MaxLimit = 100;

    public static async Task<QueuePage> ListAsync(BatonDb db, CurrentUser user, QueueFilter filter, CancellationToken ct)
    {
        var limit = Math.Clamp(filter.Limit, 1, MaxLimit);
        var filtered = Filter(db.Tickets.AsNoTracking().VisibleTo(user), user, filter);
        var cursor = Cursor.Decode(filter.Cursor, filter.Sort);
        var query = filter.Sort == QueueSort.Priority && cursor is not null
            ? PriorityPageAfter(filtered, cursor, limit)
            : Sorted(After(filtered, filter.Sort, cursor), filter.Sort).Take(limit + 1);

        var rows = await query.Select(t => new TicketSummary(
            t.Id, t.Number, t.Kind, t.Title, t.Status, t.Priority, t.ClientId,
            db.Clients.Where(c => c.Id == t.ClientId).Select(c => c.Name).First(),
            t.RequesterName,
            t.TeamId,
            db.Teams.Where(x => x.Id == t.TeamId).Select(x => x.Name).FirstOrDefault(),
            t.AssigneeId,
            db.Users.Where(u => u.Id == t.AssigneeId).Select(u => u.DisplayName).FirstOrDefault(),
            t.CreatedAt,
            t.UpdatedAt)).ToListAsync(ct);

        var next = rows.Count > limit ? Cursor.Encode(filter.Sort, rows[limit - 1]) : null;
        return new QueuePage(rows.Take(limit).ToList(), next);
    }

    private static IQueryable<Ticket> Filter(IQueryable<Ticket> q, CurrentUser user, QueueFilter f)
    {
        if (f.Status is { Length: > 0 } statuses)
        {
            q = statuses.Length == 1 ? q.Where(t => t.Status == statuses[0]) : q.Where(t => statuses.Contains(t.Status));
        }

        if (f.OpenOnly)
        {
            q = q.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);
        }

        if (f.Priority is { } priority)
        {
            q = q.Where(t => t.Priority == priority);
        }

        if (f.TeamId is { } teamId)
        {
            q = q.Where(t => t.TeamId == teamId);
        }

        if (!string.IsNullOrEmpty(f.AssigneeId))
        {
            q = q.Where(t => t.AssigneeId == f.AssigneeId);
        }

        if (f.Mine)
        {
            q = q.Where(t => t.AssigneeId == user.Id);
        }

        if (f.Unassigned)
        {
            q = q.Where(t => t.AssigneeId == null);
        }

        if (f.ClientId is { } clientId)
        {
            q = q.Where(t => t.ClientId == clientId);
        }

        if (f.Kind is { } kind)
        {
            q = q.Where(t => t.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            if (TicketNumber.TryParse(f.Q, out var number))
            {
                q = q.Where(t => t.Number == number);
            }
            else
            {
                foreach (var word in f.Q.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(8))
                {
                    var w = word.ToLowerInvariant();
                    q = q.Where(t => t.Title.ToLower().Contains(w) || t.Description.ToLower().Contains(w));
                }
            }
        }

        return q;
    }

    private static IQueryable<Ticket> Sorted(IQueryable<Ticket> q, QueueSort sort) => sort switch
    {
        QueueSort.Newest => q.OrderByDescending(t => t.Id),
        QueueSort.Oldest => q.OrderBy(t => t.Id),
        QueueSort.Priority => q.OrderBy(t => t.Priority).ThenByDescending(t => t.Id),
        QueueSort.Updated => q.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id),
    };

    /// <summary>
    /// The next page of the priority sort as two index seeks — the rest of the cursor's priority band, then the
    /// bands after it — instead of one OR predicate that makes the database walk the whole band up to the cursor.
    /// </summary>
    private static IQueryable<Ticket> PriorityPageAfter(IQueryable<Ticket> q, Cursor cursor, int limit)
    {
        var (priority, id) = (cursor.Priority, cursor.Id);
        var restOfBand = q.Where(t => t.Priority == priority && t.Id < id).OrderByDescending(t => t.Id).Take(limit + 1);
        var laterBands = q.Where(t => t.Priority > priority).OrderBy(t => t.Priority).ThenByDescending(t => t.Id).Take(limit + 1);
        return restOfBand.Concat(laterBands).OrderBy(t => t.Priority).ThenByDescending(t => t.Id).Take(limit + 1);
    }

    private static IQueryable<Ticket> After(IQueryable<Ticket> q, QueueSort sort, Cursor? cursor)
    {
        if (cursor is null)
        {
            return q;
        }

        var id = cursor.Id;
        return sort switch
        {
            QueueSort.Newest => q.Where(t => t.Id < id),
            QueueSort.Oldest => q.Where(t => t.Id > id),
            QueueSort.Priority => q.Where(t => t.Priority > cursor.Priority || (t.Priority == cursor.Priority && t.Id < id)),
            QueueSort.Updated => q.Where(t => t.UpdatedAt < cursor.Updated || (t.UpdatedAt == cursor.Updated && t.Id < id)),
        };
    }

    /// <summary>An opaque position: the sort it belongs to, the last row's sort key and id.</summary>
    internal sealed record Cursor(long Id, Priority Priority, DateTimeOffset Updated)
    {
        public static string Encode(QueueSort sort, TicketSummary last)
        {
            var raw = string.Join('|', (int)sort, last.Id, (int)last.Priority, last.UpdatedAt.UtcTicks);
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public static Cursor? Decode(string? text, QueueSort sort)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            try
            {
                var padded = text.Replace('-', '+').Replace('_', '/');
                padded += new string('=', (4 - (padded.Length % 4)) % 4);
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
                if (parts.Length == 4
                    && int.Parse(parts[0], CultureInfo.InvariantCulture) == (int)sort
                    && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
                    && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                {
                    return new Cursor(id, (Priority)priority, new DateTimeOffset(ticks, TimeSpan.Zero));
                }
            }
            catch (FormatException)
            {
                // fall through to the error below
            }
            catch (ArgumentOutOfRangeException)
            {
                // fall through to the error below
            }

            throw InputInvalidException.For("cursor", "The cursor is not one this list handed out (or belongs to another sort order); start again without it.");
        }
    }
}
