using Baton.Domain;
using Baton.Web.Features.Shared.Visibility;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

public enum QueueSort
{
    Newest = 1,
    Oldest = 2,
    Priority = 3,
    Updated = 4,

    /// <summary>Time to breach: tickets with a running clock by their next due instant, then the rest by id.</summary>
    Due = 5,

    /// <summary>Keep-informed: tickets owed a progress update by when it is due, then the rest by id.</summary>
    NextUpdate = 6,
}

/// <summary>The keep-informed views of the queue.</summary>
public enum UpdateFilter
{
    /// <summary>The next progress update is past the warning share of its interval, not yet due.</summary>
    AtRisk = 1,

    /// <summary>The next progress update was due and has not been given.</summary>
    Overdue = 2,

    /// <summary>Flagged stuck: no public progress for too long, or back to Awaiting customer again.</summary>
    Stuck = 3,
}

/// <summary>The SLA views of the queue.</summary>
public enum SlaFilter
{
    /// <summary>A running clock past its warning instant, none yet past due.</summary>
    AtRisk = 1,

    /// <summary>A clock past its due instant and not stopped.</summary>
    Breached = 2,

    /// <summary>At risk or breached: the team lead's view.</summary>
    Attention = 3,
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

    /// <summary>Only hypercare tickets (tagged to a project in or after hypercare; see Features/Hypercare).</summary>
    public bool Hypercare { get; init; }
    public string? Q { get; init; }
    public SlaFilter? Sla { get; init; }
    public UpdateFilter? Update { get; init; }
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
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextDueAt)
{
    /// <summary>The clock that matters most now (null for tickets opened before Baton tracked SLAs).</summary>
    public QueueSla? Sla { get; init; }

    /// <summary>Staff only: the last public message is the customer's, so the ticket waits on the desk's answer.</summary>
    public bool CustomerReplied { get; init; }

    /// <summary>When the next progress update is due (the keep-informed clock); the next-update sort pages on it.</summary>
    public DateTimeOffset? NextUpdateDueAt { get; init; }

    /// <summary>Staff only: the keep-informed clock in words ("Next update due in 40 min").</summary>
    public ProgressUpdateResponse? ProgressUpdate { get; init; }

    /// <summary>Staff only: the ticket is stuck.</summary>
    public bool Stuck { get; init; }
}

/// <summary>
/// One SLA clock as the queue shows it: the running clock due first (or, when none runs, the resolution clock's
/// outcome). <see cref="Remaining"/> is business time left, negative once breached.
/// </summary>
public sealed record QueueSla(SlaClockKind Clock, SlaClockState State, DateTimeOffset? DueAt, TimeSpan Remaining)
{
    public static QueueSla? Of(TicketSla? sla, BusinessCalendar calendar, DateTimeOffset now)
    {
        if (sla is null)
        {
            return null;
        }

        var readings = new[] { sla.Read(SlaClockKind.FirstResponse, calendar, now), sla.Read(SlaClockKind.Resolution, calendar, now) };
        var reading = readings.Where(r => r.StoppedAt is null).OrderBy(r => r.DueAt ?? DateTimeOffset.MaxValue).ThenBy(r => r.Remaining).FirstOrDefault()
            ?? readings[1];
        return new QueueSla(reading.Kind, reading.State, reading.DueAt, reading.Remaining);
    }

    /// <summary>"2 h 10 min left", "At risk · 25 min left", "Breached 1 h ago", "Paused · 3 h left", "Met", "Missed".</summary>
    public string Describe(DateTimeOffset now) => State switch
    {
        SlaClockState.Running => $"{TicketSla.Human(Remaining)} left",
        SlaClockState.AtRisk => $"At risk · {TicketSla.Human(Remaining)} left",
        SlaClockState.Breached => DueAt is { } due ? $"Breached {HumanTime.Duration(now - due)} ago" : "Breached",
        SlaClockState.Paused => $"Paused · {TicketSla.Human(Remaining)} left",
        SlaClockState.Met => "Met",
        SlaClockState.Missed => "Missed",
    };

    public string ClockName => Clock == SlaClockKind.FirstResponse ? "first response" : "resolution";
}

public sealed record QueuePage(IReadOnlyList<TicketSummary> Items, string? NextCursor);

/// <summary>
/// The queue: filters, search and keyset pagination. Each sort pages on (sort key, id), which the indexes on
/// Tickets serve directly, so page 10,000 costs what page 1 costs — no OFFSET, no COUNT. The due sort pages on
/// (Sla_NextDueAt, id) over its index, tickets without a running clock (null) after, by id.
/// </summary>
public static class TicketQueue
{
    public const int MaxLimit = 100;

    public static async Task<QueuePage> ListAsync(BatonDb db, CurrentUser user, QueueFilter filter, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var limit = Math.Clamp(filter.Limit, 1, MaxLimit);
        var filtered = Filter(db.Tickets.AsNoTracking().VisibleTo(user), user, filter, now);
        if (filter.Hypercare)
        {
            filtered = filtered.Where(t => db.HypercareTags.Any(h => h.TicketId == t.Id)); // probes the unique TicketId index
        }
        var cursor = Cursor.Decode(filter.Cursor, filter.Sort);
        var query = filter.Sort == QueueSort.Due ? InstantPage(filtered, t => t.Sla!.NextDueAt, cursor, limit)
            : filter.Sort == QueueSort.NextUpdate ? InstantPage(filtered, t => t.Sla!.NextUpdateDueAt, cursor, limit)
            : filter.Sort == QueueSort.Priority && cursor is not null ? PriorityPageAfter(filtered, cursor, limit)
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
            t.UpdatedAt,
            t.Sla!.NextDueAt) { NextUpdateDueAt = t.Sla!.NextUpdateDueAt }).ToListAsync(ct);

        var next = rows.Count > limit ? Cursor.Encode(filter.Sort, rows[limit - 1]) : null;
        var page = rows.Take(limit).ToList();

        // SLA clocks are the desk's business: a client contact's list carries none (the cursor above already has what it needs).
        return new QueuePage(user.IsStaff ? await WithCustomerRepliesAsync(db, await WithSlaAsync(db, page, now, ct), ct) : [.. page.Select(r => r with { NextDueAt = null, NextUpdateDueAt = null })], next);
    }

    /// <summary>Marks the rows whose last public message came from a client contact (one query for the page).</summary>
    private static async Task<List<TicketSummary>> WithCustomerRepliesAsync(BatonDb db, List<TicketSummary> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return rows;
        }

        var ids = rows.Select(r => r.Id).ToList();
        var replied = (await db.TicketMessages.AsNoTracking()
            .Where(m => ids.Contains(m.TicketId) && m.Visibility == MessageVisibility.Public
                && m.Id == db.TicketMessages.Where(x => x.TicketId == m.TicketId && x.Visibility == MessageVisibility.Public).Max(x => x.Id)
                && db.Users.Any(u => u.Id == m.AuthorId && u.ContactId != null))
            .Select(m => m.TicketId)
            .ToListAsync(ct)).ToHashSet();
        return rows.Select(r => replied.Contains(r.Id) ? r with { CustomerReplied = true } : r).ToList();
    }

    /// <summary>Reads the clocks of one page's rows (one query by id).</summary>
    private static async Task<List<TicketSummary>> WithSlaAsync(BatonDb db, List<TicketSummary> rows, DateTimeOffset now, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return rows;
        }

        var ids = rows.Select(r => r.Id).ToList();
        var clocks = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Sla }).ToDictionaryAsync(x => x.Id, x => x.Sla, ct);
        var catalogue = await ServiceLevelCatalogue.ForAsync(db, ct);
        return rows.Select(r => clocks.GetValueOrDefault(r.Id) is { } sla ? r with
        {
            Sla = QueueSla.Of(sla, catalogue.Calendar(sla.CalendarId), now),
            ProgressUpdate = ProgressUpdateResponse.Of(sla.ReadProgress(catalogue.Calendar(sla.CalendarId), now)),
            Stuck = sla.StuckAsOf(now) is not null,
        } : r).ToList();
    }

    private static IQueryable<Ticket> Filter(IQueryable<Ticket> q, CurrentUser user, QueueFilter f, DateTimeOffset now)
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

        // A clock's warning and due instants are stored only while it runs (a paused clock keeps a due instant only
        // if it breached before the pause), so these are plain comparisons over the Sla_* indexes.
        q = f.Sla switch
        {
            null => q,
            SlaFilter.Breached => q.Where(t => t.Sla!.NextDueAt <= now),
            SlaFilter.AtRisk => q.Where(t => t.Sla!.NextDueAt > now
                && ((t.Sla.ResponseWarnAt <= now && t.Sla.ResponseDueAt != null) || (t.Sla.ResolutionWarnAt <= now && t.Sla.ResolutionDueAt != null))),
            SlaFilter.Attention => q.Where(t =>
                (t.Sla!.ResponseWarnAt <= now && t.Sla.ResponseDueAt != null) || (t.Sla.ResolutionWarnAt <= now && t.Sla.ResolutionDueAt != null)),
            _ => throw InputInvalidException.For("sla", "sla must be atRisk, breached or attention."),
        };

        // The keep-informed instants are stored only while the clock runs, like the SLA ones: comparisons over their indexes.
        q = f.Update switch
        {
            null => q,
            UpdateFilter.AtRisk => q.Where(t => t.Sla!.UpdateWarnAt <= now && t.Sla.NextUpdateDueAt > now),
            UpdateFilter.Overdue => q.Where(t => t.Sla!.NextUpdateDueAt <= now),
            UpdateFilter.Stuck => q.Where(t => t.Sla!.StuckAt <= now),
            _ => throw InputInvalidException.For("update", "update must be atRisk, overdue or stuck."),
        };

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            if (TicketNumber.TryParse(f.Q, out var number))
            {
                q = q.Where(t => t.Number == number);
            }
            else if (TicketNumber.TryParseSequence(f.Q, out var numbers))
            {
                // "28" finds INC-000028 and REQ-000028, and tickets that mention 28.
                var digits = f.Q.Trim();
                q = q.Where(t => numbers.Contains(t.Number) || t.Title.Contains(digits) || t.Description.Contains(digits));
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
        QueueSort.Due => ByInstant(q, t => t.Sla!.NextDueAt),
        QueueSort.NextUpdate => ByInstant(q, t => t.Sla!.NextUpdateDueAt),
    };

    /// <summary>By a stored instant, soonest first, tickets without one after, then by id.</summary>
    private static IQueryable<Ticket> ByInstant(IQueryable<Ticket> q, Expression<Func<Ticket, DateTimeOffset?>> key) =>
        q.OrderBy(Compare(key, ExpressionType.Equal, null)).ThenBy(key).ThenBy(t => t.Id);

    /// <summary>
    /// <c>key op value</c> as a predicate: null as a literal (IS NULL, over the index), an instant as a query parameter,
    /// as a closure would give (a literal would compile a query per instant).
    /// </summary>
    private static Expression<Func<Ticket, bool>> Compare(Expression<Func<Ticket, DateTimeOffset?>> key, ExpressionType op, DateTimeOffset? value) =>
        Expression.Lambda<Func<Ticket, bool>>(
            Expression.MakeBinary(op, key.Body, value is null
                ? Expression.Constant(null, typeof(DateTimeOffset?))
                : Expression.Property(Expression.Constant(new Boxed(value)), nameof(Boxed.Value))),
            key.Parameters);

    private sealed record Boxed(DateTimeOffset? Value);

    /// <summary>
    /// A page of a sort by a stored instant (the due sort, the next-update sort) as index seeks: the rest of the
    /// cursor's instant, the later instants, then the tickets without one (NULL sorts first in SQLite and last in
    /// PostgreSQL, so nulls are their own seek and the cursor says which part it stopped in).
    /// </summary>
    private static IQueryable<Ticket> InstantPage(IQueryable<Ticket> q, Expression<Func<Ticket, DateTimeOffset?>> key, Cursor? cursor, int limit)
    {
        var withoutInstant = q.Where(Compare(key, ExpressionType.Equal, null));
        if (cursor is { Due: null })
        {
            var afterId = cursor.Id;
            return withoutInstant.Where(t => t.Id > afterId).OrderBy(t => t.Id).Take(limit + 1);
        }

        IQueryable<Ticket> withInstant;
        if (cursor is { Due: { } due })
        {
            var afterId = cursor.Id;
            var restOfInstant = q.Where(Compare(key, ExpressionType.Equal, due)).Where(t => t.Id > afterId).OrderBy(t => t.Id).Take(limit + 1);
            var later = q.Where(Compare(key, ExpressionType.GreaterThan, due)).OrderBy(key).ThenBy(t => t.Id).Take(limit + 1);
            withInstant = restOfInstant.Concat(later);
        }
        else
        {
            withInstant = q.Where(Compare(key, ExpressionType.NotEqual, null)).OrderBy(key).ThenBy(t => t.Id).Take(limit + 1);
        }

        return ByInstant(withInstant.Concat(withoutInstant.OrderBy(t => t.Id).Take(limit + 1)), key).Take(limit + 1);
    }

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
            QueueSort.Due or QueueSort.NextUpdate => throw new InvalidOperationException("The sorts by an instant page in InstantPage."),
        };
    }

    /// <summary>An opaque position: the sort it belongs to, the last row's sort keys and id (due: empty for none).</summary>
    internal sealed record Cursor(long Id, Priority Priority, DateTimeOffset Updated, DateTimeOffset? Due)
    {
        public static string Encode(QueueSort sort, TicketSummary last)
        {
            var instant = sort == QueueSort.NextUpdate ? last.NextUpdateDueAt : last.NextDueAt;
            var due = instant is { } d ? d.UtcTicks.ToString(CultureInfo.InvariantCulture) : "";
            var raw = string.Join('|', (int)sort, last.Id, (int)last.Priority, last.UpdatedAt.UtcTicks, due);
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
                // Four parts: a cursor from before the due sort (still valid for the other sorts).
                long? dueTicks = null;
                if (parts.Length == 5 && parts[4].Length > 0)
                {
                    dueTicks = long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : -1;
                }

                if (parts.Length is 4 or 5
                    && dueTicks is null or >= 0
                    && int.Parse(parts[0], CultureInfo.InvariantCulture) == (int)sort
                    && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
                    && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                {
                    var due = dueTicks is { } dt ? new DateTimeOffset(dt, TimeSpan.Zero) : (DateTimeOffset?)null;
                    return new Cursor(id, (Priority)priority, new DateTimeOffset(ticks, TimeSpan.Zero), due);
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
