using Baton.Domain;
using Baton.Domain.Links;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Shared.Links;

/// <summary>Link the record to <paramref name="Target"/> (a number: INC-000007, PRJ-000012) as <paramref name="Relation"/> says, read from this record.</summary>
public sealed record LinkRecordRequest(LinkRelation Relation, string Target, string? Note = null);

/// <summary>A link as one of its ends reads it: "caused by PRJ-000012 (Teams Phone cut-over)".</summary>
public sealed record RecordLinkResponse(
    long Id, LinkRelation Relation, string Phrase, string Kind, string Number, string Title, string Path,
    string Note, string CreatedByName, DateTimeOffset CreatedAt, bool RecordedByVerdict);

/// <summary>What linking came to: the link, or the target the user cannot see (a 404 naming it); null outcome: the record itself is not visible.</summary>
public sealed record LinkOutcome(RecordLinkResponse? Link, string? TargetNotFound);

/// <summary>
/// List, make and remove typed links on any record kind. Visibility first: a record the user cannot see is a 404,
/// and of its links a user sees only those whose other end they can see too, so a client contact never learns of
/// another client's record. Only staff make and remove links, and only staff read their notes.
/// </summary>
public static class RecordLinksWork
{
    /// <summary>The record's links, newest first; null when the record is not visible.</summary>
    public static async Task<IReadOnlyList<RecordLinkResponse>?> ListAsync(BatonDb db, CurrentUser user, LinkableKind kind, string number, CancellationToken ct)
    {
        var subject = kind.ParseNumber(number) is { } n ? await kind.FindAsync(db, user, n, ct) : null;
        return subject is null ? null : await ListAsync(db, user, new RecordRef(kind.Kind, subject.Id), ct);
    }

    /// <summary>The links of a record the caller already knows the user may see.</summary>
    public static async Task<IReadOnlyList<RecordLinkResponse>> ListAsync(BatonDb db, CurrentUser user, RecordRef subject, CancellationToken ct)
    {
        var name = subject.Kind.Name;
        var links = await db.RecordLinks.AsNoTracking()
            .Where(l => (l.FromKind == name && l.FromId == subject.Id) || (l.ToKind == name && l.ToId == subject.Id))
            .OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id)
            .ToListAsync(ct);
        var others = links.Select(l => l.IsFrom(subject) ? (Kind: l.ToKind, Id: l.ToId) : (Kind: l.FromKind, Id: l.FromId)).ToList();
        var visible = new Dictionary<(string, long), LinkedRecord>();
        foreach (var group in others.GroupBy(o => o.Kind))
        {
            var ids = group.Select(o => o.Id).Distinct().ToList();
            foreach (var r in await LinkableKinds.Of(group.Key).Visible(db, user).Where(r => ids.Contains(r.Id)).ToListAsync(ct))
            {
                visible[(group.Key, r.Id)] = r;
            }
        }

        var result = new List<RecordLinkResponse>();
        for (var i = 0; i < links.Count; i++)
        {
            if (visible.TryGetValue(others[i], out var other))
            {
                result.Add(Describe(links[i], subject, others[i].Kind, other, user));
            }
        }

        return result;
    }

    /// <summary>Null when the record is not visible (404). Staff only (403 after the visibility check); rules per <see cref="LinkRules"/>.</summary>
    public static async Task<LinkOutcome?> LinkAsync(
        BatonDb db, CurrentUser user, LinkableKind kind, string number, LinkRecordRequest request, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subject = kind.ParseNumber(number) is { } n ? await kind.FindAsync(db, user, n, ct) : null;
        if (subject is null)
        {
            return null;
        }

        if (!user.IsStaff)
        {
            throw new ForbiddenException("Only the service desk links records.");
        }

        if (!Enum.IsDefined(request.Relation))
        {
            throw InputInvalidException.For("relation", $"Say how the records are linked: one of {string.Join(", ", Enum.GetNames<LinkRelation>())}.");
        }

        if (LinkableKinds.ByNumber(request.Target) is not var (targetKind, targetNumber))
        {
            throw InputInvalidException.For("target", $"'{request.Target}' is not a record number; give one like INC-000123, REQ-000045 or PRJ-000012.");
        }

        var target = await targetKind.FindAsync(db, user, targetNumber, ct);
        if (target is null)
        {
            return new LinkOutcome(null, targetNumber);
        }

        var from = new LinkEnd(new RecordRef(kind.Kind, subject.Id), subject.Number);
        var to = new LinkEnd(new RecordRef(targetKind.Kind, target.Id), target.Number);
        var existing = await Between(db, from.Record, to.Record).ToListAsync(ct);
        var link = LinkRules.Plan(from, request.Relation, to, request.Note, existing, user.Actor, clock.GetUtcNow());
        if (link.Type == LinkType.ParentOf)
        {
            var (parent, child) = link.IsFrom(from.Record) ? (from, to) : (to, from);
            LinkRules.RefuseCycle(parent, child, await DescendantsAsync(db, child.Record, ct));
        }

        db.RecordLinks.Add(link);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            // Someone made the same link a moment ago: the same answer as finding it first.
            throw new DomainRuleException($"{subject.Number} is already {LinkTypes.Phrase(request.Relation)} {target.Number}.");
        }

        return new LinkOutcome(Describe(link, from.Record, targetKind.Kind.Name, target, user), null);
    }

    /// <summary>False when the record or the link (on this record, its other end visible) is not there for the user (404).</summary>
    public static async Task<bool> UnlinkAsync(BatonDb db, CurrentUser user, LinkableKind kind, string number, long linkId, CancellationToken ct)
    {
        var links = await ListAsync(db, user, kind, number, ct);
        if (links is null || links.SingleOrDefault(l => l.Id == linkId) is not { } shown)
        {
            return false;
        }

        if (!user.IsStaff)
        {
            throw new ForbiddenException("Only the service desk removes links.");
        }

        if (shown.RecordedByVerdict)
        {
            throw new DomainRuleException("This link is the \"Caused by\" verdict on the ticket's project insight panel; change the verdict there to Not related to remove it.");
        }

        await db.RecordLinks.Where(l => l.Id == linkId).ExecuteDeleteAsync(ct);
        return true;
    }

    internal static IQueryable<RecordLink> Between(BatonDb db, RecordRef a, RecordRef b) =>
        db.RecordLinks.Where(l =>
            (l.FromKind == a.Kind.Name && l.FromId == a.Id && l.ToKind == b.Kind.Name && l.ToId == b.Id)
            || (l.FromKind == b.Kind.Name && l.FromId == b.Id && l.ToKind == a.Kind.Name && l.ToId == a.Id));

    /// <summary>Every parent/child link below <paramref name="top"/>, level by level (parent/child joins one kind).</summary>
    private static async Task<List<(RecordRef Parent, RecordRef Child)>> DescendantsAsync(BatonDb db, RecordRef top, CancellationToken ct)
    {
        var kind = top.Kind;
        var edges = new List<(RecordRef, RecordRef)>();
        var seen = new HashSet<long> { top.Id };
        var frontier = new List<long> { top.Id };
        while (frontier.Count > 0)
        {
            var ids = frontier;
            var below = await db.RecordLinks.AsNoTracking()
                .Where(l => l.Type == LinkType.ParentOf && l.FromKind == kind.Name && l.ToKind == kind.Name && ids.Contains(l.FromId))
                .Select(l => new { l.FromId, l.ToId })
                .ToListAsync(ct);
            edges.AddRange(below.Select(e => (new RecordRef(kind, e.FromId), new RecordRef(kind, e.ToId))));
            frontier = below.Select(e => e.ToId).Where(seen.Add).ToList();
        }

        return edges;
    }

    /// <summary>
    /// A link's note is the desk's working note (the verdict's reasoning, why two tickets are one): like an internal
    /// note it is shown to staff only; a contact reads the relation and the record.
    /// </summary>
    private static RecordLinkResponse Describe(RecordLink link, RecordRef subject, string otherKind, LinkedRecord other, CurrentUser user)
    {
        var relation = LinkTypes.RelationSeenFrom(link.Type, fromSide: link.IsFrom(subject));
        return new RecordLinkResponse(
            link.Id, relation, LinkTypes.Phrase(relation), otherKind, other.Number, other.Title, other.Path,
            user.IsStaff ? link.Note : "", link.CreatedByName, link.CreatedAt, LinkRules.IsProjectVerdict(link.Type, link.FromKind, link.ToKind));
    }
}
