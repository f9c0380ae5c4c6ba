using Baton.Domain;
using Baton.Domain.Links;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Shared.Links;

/// <summary>
/// The insight panel's "Caused by" verdict is also a ticket-caused-by-project link (docs/adr/0011): one model of
/// what caused an incident, which problems and changes will add to. Called inside the verdict's own save, so the
/// verdict and its link commit together.
/// </summary>
public static class VerdictLinks
{
    /// <summary>Adds, re-notes or removes (when <paramref name="causedBy"/> is false) the link; the caller saves.</summary>
    public static async Task ApplyAsync(
        BatonDb db, (long Id, string Number) ticket, (int Id, string Number) project, bool causedBy, string note, Actor actor, DateTimeOffset now,
        CancellationToken ct)
    {
        var from = new LinkEnd(new RecordRef(RecordKind.Ticket, ticket.Id), ticket.Number);
        var to = new LinkEnd(new RecordRef(RecordKind.Project, project.Id), project.Number);
        var existing = await RecordLinksWork.Between(db, from.Record, to.Record).ToListAsync(ct);
        var standing = existing.SingleOrDefault(l => l.Type == LinkType.CausedBy && l.IsFrom(from.Record));
        if (!causedBy)
        {
            if (standing is not null)
            {
                db.RecordLinks.Remove(standing);
            }

            return;
        }

        if (standing is not null)
        {
            standing.Renote(note);
            return;
        }

        db.RecordLinks.Add(LinkRules.Plan(from, LinkRelation.CausedBy, to, note, existing, actor, now, byVerdict: true));
    }
}
