using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

/// <summary>Field changes to a ticket (merge-patch): only the fields sent change; null clears an optional one.</summary>
public sealed record UpdateTicketRequest(
    string? Title = null,
    string? Description = null,
    int? CategoryId = null,
    int? SiteId = null,
    int? ConfigurationItemId = null,
    RequestType? RequestType = null,
    int? RequesterId = null,
    Impact? Impact = null,
    Urgency? Urgency = null)
{
    /// <summary>Which JSON properties the caller sent (camelCase). Pages send all of them. Not part of the API's shape.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlySet<string> Present { get; init; } = AllFields;

    public static readonly IReadOnlySet<string> AllFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "title", "description", "categoryId", "siteId", "configurationItemId", "requestType", "requesterId", "impact", "urgency",
    };

    public bool Has(string field) => Present.Contains(field);
}

public sealed record AssignTicketRequest(int? TeamId, string? AssigneeId);

public sealed record TransitionRequest(TicketTransition Transition, string? Note = null);

public sealed record PostMessageRequest(string Body, bool Internal = false);

/// <summary>The use cases that change an existing ticket. Pages and API call the same methods, so they cannot drift.</summary>
public static class ChangeTicket
{
    public static Task<Ticket?> UpdateAsync(BatonDb db, CurrentUser user, string number, int? expectedVersion, UpdateTicketRequest request, TimeProvider clock, CancellationToken ct) =>
        UpdateAsync(db, user, number, expectedVersion, () => request, clock, ct);

    /// <summary><paramref name="readRequest"/> binds the fields only after visibility, role and version are checked (a bad field is no reason to skip them).</summary>
    public static async Task<Ticket?> UpdateAsync(BatonDb db, CurrentUser user, string number, int? expectedVersion, Func<UpdateTicketRequest> readRequest, TimeProvider clock, CancellationToken ct)
    {
        // Visibility first: another client's ticket is a 404 to a contact, never a 403 that confirms it exists.
        var ticket = await TicketAccess.FindForChangeAsync(db, user, number, user.IsStaff ? expectedVersion : null, ct);
        if (ticket is null)
        {
            return null;
        }

        StaffOnly(user, "edit tickets");
        var request = readRequest();

        var check = new TicketReferenceCheck(db, namesOtherClients: true); // staff only, checked above
        var client = new TicketClient(ticket.ClientId, await db.Clients.Where(c => c.Id == ticket.ClientId).Select(c => c.Name).SingleAsync(ct));
        var siteId = request.Has("siteId") ? request.SiteId : ticket.SiteId;
        var itemId = request.Has("configurationItemId") ? request.ConfigurationItemId : ticket.ConfigurationItemId;
        var categoryId = request.Has("categoryId") ? request.CategoryId : ticket.CategoryId;
        await check.CheckSiteAsync(client, siteId, ct);
        await check.CheckConfigurationItemAsync(client, itemId, ct);
        await check.CheckCategoryAsync(categoryId, ct);
        var requester = request.Has("requesterId") && request.RequesterId != ticket.RequesterId
            ? await check.RequesterAsync(client, request.RequesterId, ct)
            : null;
        if (request.Has("title") && request.Title is null)
        {
            check.Fail("title", "The title cannot be removed.");
        }

        check.ThrowIfAny();

        var now = clock.GetUtcNow();
        ticket.UpdateDetails(
            new TicketDetails(
                request.Has("title") ? request.Title! : ticket.Title,
                request.Has("description") ? request.Description : ticket.Description,
                categoryId,
                siteId,
                itemId,
                request.Has("requestType") ? request.RequestType ?? ticket.RequestType : ticket.RequestType,
                requester),
            user.Actor,
            now);
        if (request.Has("impact") || request.Has("urgency"))
        {
            var matrix = await TicketReferenceCheck.MatrixAsync(db, ct);
            ticket.Reclassify(request.Impact ?? ticket.Impact, request.Urgency ?? ticket.Urgency, matrix, user.Actor, now);
        }

        await SaveAsync(db, ticket, user, now, ct);
        return ticket;
    }

    public static async Task<Ticket?> AssignAsync(BatonDb db, CurrentUser user, string number, int? expectedVersion, AssignTicketRequest request, TimeProvider clock, CancellationToken ct)
    {
        // Visibility first: another client's ticket is a 404 to a contact, never a 403 that confirms it exists.
        var ticket = await TicketAccess.FindForChangeAsync(db, user, number, user.IsStaff ? expectedVersion : null, ct);
        if (ticket is null)
        {
            return null;
        }

        StaffOnly(user, "assign tickets");

        var check = new TicketReferenceCheck(db, namesOtherClients: true);
        var team = await check.TeamAsync(request.TeamId, ct);
        var agent = await check.AgentAsync(request.AssigneeId, ct);
        check.ThrowIfAny();
        await TicketAccess.NameCurrentAssignmentAsync(db, ticket, ct);
        var now = clock.GetUtcNow();
        ticket.Assign(team, agent, user.Actor, now);
        await SaveAsync(db, ticket, user, now, ct);
        return ticket;
    }

    public static async Task<Ticket?> MoveAsync(BatonDb db, CurrentUser user, string number, int? expectedVersion, TransitionRequest request, TimeProvider clock, CancellationToken ct)
    {
        // Visibility first: another client's ticket is a 404 to a contact, never a 403 that confirms it exists.
        var ticket = await TicketAccess.FindForChangeAsync(db, user, number, user.IsStaff ? expectedVersion : null, ct);
        if (ticket is null)
        {
            return null;
        }

        StaffOnly(user, "move tickets through their lifecycle");

        var now = clock.GetUtcNow();
        ticket.Apply(request.Transition, request.Note, user.Actor, now);
        await SaveAsync(db, ticket, user, now, ct);
        return ticket;
    }

    /// <summary>How often a reply is re-applied when another writer changed the ticket between its read and its save.</summary>
    internal const int ReplyAttempts = 10;

    /// <summary>
    /// A reply carries no If-Match: it conflicts with nothing its writer read, so a version conflict (another reply or
    /// change committed in between, maybe on another instance) is not the caller's problem. The ticket is read again and
    /// the reply — with the status change it causes, such as resuming an awaiting ticket — applied to what is there now.
    /// Bounded, with a little jitter so that writers contending for one ticket spread out.
    /// </summary>
    public static async Task<(Ticket Ticket, TicketMessage Message)?> PostMessageAsync(BatonDb db, CurrentUser user, string number, PostMessageRequest request, TimeProvider clock, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ticket = await TicketAccess.FindForChangeAsync(db, user, number, null, ct);
            if (ticket is null)
            {
                return null;
            }

            var visibility = request.Internal ? MessageVisibility.Internal : MessageVisibility.Public;
            var now = clock.GetUtcNow();
            var message = ticket.AddMessage(request.Body ?? "", visibility, fromRequester: user.IsClientContact, user.Actor, now);
            try
            {
                await SaveAsync(db, ticket, user, now, ct);
                return (ticket, message);
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException) when (attempt < ReplyAttempts)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), ct);
            }
        }
    }

    /// <summary>
    /// Every change ends here, in one save. The ticket's events do the rest: the SLA clocks follow it inside the save
    /// (ServiceLevels/SlaClocks), and what must happen after the commit is queued with it (docs/adr/0009).
    /// </summary>
    private static Task SaveAsync(BatonDb db, Ticket ticket, CurrentUser user, DateTimeOffset now, CancellationToken ct) =>
        db.SaveChangesAsync(ct);

    private static void StaffOnly(CurrentUser user, string what)
    {
        if (!user.IsStaff)
        {
            throw new ForbiddenException($"Only the service desk can {what}.");
        }
    }
}
