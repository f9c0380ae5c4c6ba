using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

public sealed record CreateTicketRequest(
    string Title,
    string? Description = null,
    TicketKind? Kind = null,
    int? ClientId = null,
    int? RequesterId = null,
    int? SiteId = null,
    int? ConfigurationItemId = null,
    int? CategoryId = null,
    RequestType? RequestType = null,
    Impact? Impact = null,
    Urgency? Urgency = null,
    int? TeamId = null,
    string? AssigneeId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProjectNumber = null);

/// <summary>
/// Opens an incident or service request. Staff raise tickets for any client; a client contact raises them for
/// their own organisation, as the requester. With an idempotency key, a retry returns the first ticket.
/// <c>ProjectNumber</c> optionally names the project in hypercare the ticket is about (see Features/Hypercare).
/// </summary>
public static class CreateTicket
{
    /// <summary>
    /// What a create did. <c>Created</c> is the new ticket as the API shows it, built from what the create already knows;
    /// null on a replay, and when an after-commit effect (hypercare routing) changed the ticket since.
    /// </summary>
    public sealed record Outcome(long TicketId, string Number, bool Replayed, TicketResponse? Created = null);

    public static async Task<Outcome> ExecuteAsync(
        BatonDb db, CurrentUser user, CreateTicketRequest request, string? idempotencyKey, TimeProvider clock, CancellationToken ct)
    {
        // One connection for the whole request: the validation reads and the write share it.
        await db.Database.OpenConnectionAsync(ct);
        var requestHash = idempotencyKey is null ? "" : HashOf(request);
        if (idempotencyKey is not null)
        {
            if (idempotencyKey.Length is 0 or > 200)
            {
                throw InputInvalidException.For("Idempotency-Key", "The Idempotency-Key header must be 1 to 200 characters.");
            }

        }

        // No look-up of the key first: the unique index on (user, key) decides, and the write below answers a
        // conflict with the earlier ticket. A retry that no longer validates (its client since deactivated, say)
        // still gets the ticket it created.
        Validated details;
        try
        {
            details = await ValidateAsync(db, user, request, ct);
        }
        catch (InputInvalidException) when (idempotencyKey is not null)
        {
            if (await ReplayAsync(db, user, idempotencyKey, requestHash, ct) is { } earlier)
            {
                return earlier;
            }

            throw;
        }

        var matrix = await TicketReferenceCheck.MatrixAsync(db, ct);

        // PostgreSQL keeps microseconds; keep no more, so the answer built from memory equals what a GET reads back.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));

        // Concurrent creations are written together (see TicketGroupCommit); this request's answer waits for the commit.
        // The ticket's TicketOpened event starts its SLA clocks inside that transaction (ServiceLevels/SlaClocks).
        var creation = new TicketGroupCommit.Pending(details.Ticket, details.Team, details.Agent, user.Actor, now, matrix, user.Id, idempotencyKey, requestHash);
        TicketGroupCommit.Written written;
        try
        {
            written = await TicketGroupCommit.WriteAsync(db, creation);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // The key is taken: a retry of an earlier create, or a race with one. Answer with that ticket.
            db.ChangeTracker.Clear();
            if (await ReplayAsync(db, user, idempotencyKey, requestHash, ct) is { } earlier)
            {
                return earlier;
            }

            throw;
        }

        // After the commit, the effects its events queued with it (hypercare routing): run here at once, so the answer
        // shows them; one that fails stays queued and the drain retries it. Not cancellable: the ticket exists now.
        var ticket = written.Ticket;
        if (written.Jobs.Count > 0 && db.Events is { } events && await events.RunClaimedAsync(db, written.Jobs, written.ClaimToken, CancellationToken.None))
        {
            return new Outcome(ticket.Id, ticket.Number, false); // changed after the write: the caller reads it back
        }

        return new Outcome(ticket.Id, ticket.Number, false, TicketView.From(ticket, details.Names, user));
    }

    private static async Task<Outcome?> ReplayAsync(BatonDb db, CurrentUser user, string key, string requestHash, CancellationToken ct)
    {
        var earlier = await db.IdempotencyRecords.AsNoTracking()
            .Where(r => r.UserId == user.Id && r.Key == key)
            .Select(r => new { r.RequestHash, r.TicketId, Number = db.Tickets.Where(t => t.Id == r.TicketId).Select(t => t.Number).Single() })
            .SingleOrDefaultAsync(ct);
        if (earlier is null)
        {
            return null;
        }

        if (earlier.RequestHash != requestHash)
        {
            throw new IdempotencyKeyReusedException(key, earlier.Number);
        }

        return new Outcome(earlier.TicketId, earlier.Number, true);
    }

    private sealed record Validated(NewTicket Ticket, TeamRef? Team, AgentRef? Agent, TicketNames Names);

    private static async Task<Validated> ValidateAsync(BatonDb db, CurrentUser user, CreateTicketRequest request, CancellationToken ct)
    {
        var check = new TicketReferenceCheck(db, namesOtherClients: user.IsStaff);
        int clientId;
        string? clientName;
        RequesterRef? requester;
        if (user.IsStaff)
        {
            // Client and requester in one read: the hot path of every create.
            var asked = request.ClientId;
            var requesterId = request.RequesterId;
            var found = asked is { } clientAsked ? await ClientAndRequester(db, clientAsked, requesterId) : null;
            if (asked is not { } id || found is null)
            {
                var inactive = asked is { } a ? await db.Clients.Where(c => c.Id == a).Select(c => c.Name).FirstOrDefaultAsync(ct) : null;
                check.Fail("clientId", asked is null ? "Choose the client the ticket is for."
                    : inactive is not null ? $"{inactive} is no longer an active client: tickets are raised for active clients only."
                    : $"There is no client with id {asked}.");
                check.ThrowIfAny();
                throw new UnreachableException();
            }

            clientId = id;
            clientName = found.Name;
            requester = await check.RequesterAsync(new TicketClient(id, found.Name), requesterId, found.Requester, ct);
        }
        else
        {
            if (user.ClientId is not { } own || user.ContactId is not { } contactId)
            {
                throw InputInvalidException.For("clientId", "Your account is not linked to a client contact; ask the service desk.");
            }

            if (request.ClientId is { } asked && asked != own)
            {
                check.Fail("clientId", "You can raise tickets for your own organisation only.");
            }

            if (request.TeamId is not null || request.AssigneeId is not null)
            {
                check.Fail("assigneeId", "The service desk assigns tickets; leave team and assignee empty.");
            }

            clientId = own;
            clientName = await db.Clients.Where(c => c.Id == own).Select(c => c.Name).FirstOrDefaultAsync(ct);
            requester = await check.RequesterAsync(new TicketClient(own, clientName ?? "your organisation"), contactId, ct);
        }

        var client = new TicketClient(clientId, clientName ?? "");
        var siteName = await check.CheckSiteAsync(client, request.SiteId, ct);
        var itemName = await check.CheckConfigurationItemAsync(client, request.ConfigurationItemId, ct);
        var categoryName = await check.CheckCategoryAsync(request.CategoryId, ct);
        var team = user.IsStaff ? await check.TeamAsync(request.TeamId, ct) : null;
        var agent = user.IsStaff ? await check.AgentAsync(request.AssigneeId, ct) : null;
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            check.Fail("title", "A ticket needs a title: one line that says what is wrong or what is wanted.");
        }

        await check.CheckProjectAsync(client, request.ProjectNumber, ct);
        check.ThrowIfAny();
        var ticket = new NewTicket(
            request.Kind ?? TicketKind.Incident,
            request.Title,
            request.Description,
            clientId,
            requester!,
            request.SiteId,
            request.ConfigurationItemId,
            request.CategoryId,
            request.RequestType ?? RequestType.Technical,
            request.Impact ?? Impact.Medium,
            request.Urgency ?? Urgency.Medium,
            request.ProjectNumber,
            categoryName,
            itemName);
        return new Validated(ticket, team, agent, new TicketNames(clientName ?? "", siteName, itemName, categoryName));
    }

    private sealed record ClientWithRequester(string Name, RequesterRef? Requester);

    /// <summary>Compiled once: EF skips translating the LINQ on every create (the hot path's one validation read).</summary>
    private static readonly Func<BatonDb, int, int?, Task<ClientWithRequester?>> ClientAndRequester = EF.CompileAsyncQuery(
        (BatonDb db, int clientId, int? requesterId) => db.Clients
            .Where(c => c.Id == clientId && c.IsActive)
            .Select(c => new ClientWithRequester(c.Name, db.Contacts.Where(k => k.Id == requesterId && k.ClientId == c.Id).Select(k => new RequesterRef(k.Id, k.Name)).FirstOrDefault()))
            .FirstOrDefault());

    private static string HashOf(CreateTicketRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
}
internal sealed class UnreachableException : Exception;
