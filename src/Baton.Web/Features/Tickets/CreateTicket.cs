using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
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
    string? AssigneeId = null);

/// <summary>
/// Opens an incident or service request. Staff raise tickets for any client; a client contact raises them for
/// their own organisation, as the requester. With an idempotency key, a retry returns the first ticket.
/// </summary>
public static class CreateTicket
{
    /// <summary>What a create did. <c>Created</c> is the new ticket as the API shows it, built from what the create already knows; null on a replay.</summary>
    public sealed record Outcome(long TicketId, string Number, bool Replayed, TicketResponse? Created = null);

    public static async Task<Outcome> ExecuteAsync(BatonDb db, CurrentUser user, CreateTicketRequest request, string? idempotencyKey, TimeProvider clock, CancellationToken ct)
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

            if (await ReplayAsync(db, user, idempotencyKey, requestHash, ct) is { } earlier)
            {
                return earlier;
            }
        }

        var details = await ValidateAsync(db, user, request, ct);
        var matrix = await TicketReferenceCheck.MatrixAsync(db, ct);

        // PostgreSQL keeps microseconds; keep no more, so the answer built from memory equals what a GET reads back.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));

        // The write is short: take a number, insert ticket + audit + idempotency record in one batch, commit.
        // Our own transaction wraps one SaveChanges, so EF's extra savepoint would only add round trips.
        using var writing = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            var number = TicketNumber.Format(details.Ticket.Kind, await NextSequenceAsync(db, details.Ticket.Kind, ct));
            var ticket = Ticket.Open(details.Ticket, number, matrix, user.Actor, now);
            if (details.Team is not null || details.Agent is not null)
            {
                ticket.Assign(details.Team, details.Agent, user.Actor, now);
            }

            db.Tickets.Add(ticket);
            if (idempotencyKey is not null)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = user.Id, Key = idempotencyKey, RequestHash = requestHash, Ticket = ticket, CreatedAt = now });
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome(ticket.Id, ticket.Number, false, TicketView.From(ticket, details.Names, user));
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // The same key raced us to the unique index: the other request won, so answer with its ticket.
            await transaction.RollbackAsync(ct);
            writing.Dispose();
            db.ChangeTracker.Clear();
            return await ReplayAsync(db, user, idempotencyKey, requestHash, ct) ?? throw new InvalidOperationException("Idempotency record vanished after a conflict.");
        }
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
        var check = new TicketReferenceCheck(db);
        int clientId;
        string? clientName;
        RequesterRef? requester;
        if (user.IsStaff)
        {
            clientName = request.ClientId is { } asked
                ? await db.Clients.Where(c => c.Id == asked && c.IsActive).Select(c => c.Name).FirstOrDefaultAsync(ct)
                : null;
            if (request.ClientId is not { } id || clientName is null)
            {
                check.Fail("clientId", request.ClientId is null ? "Choose the client the ticket is for." : $"There is no active client {request.ClientId}.");
                check.ThrowIfAny();
                throw new UnreachableException();
            }

            clientId = id;
            requester = await check.RequesterAsync(clientId, request.RequesterId, ct);
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
            requester = await check.RequesterAsync(clientId, contactId, ct);
        }

        var siteName = await check.CheckSiteAsync(clientId, request.SiteId, ct);
        var itemName = await check.CheckConfigurationItemAsync(clientId, request.ConfigurationItemId, ct);
        var categoryName = await check.CheckCategoryAsync(request.CategoryId, ct);
        var team = user.IsStaff ? await check.TeamAsync(request.TeamId, ct) : null;
        var agent = user.IsStaff ? await check.AgentAsync(request.AssigneeId, ct) : null;
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            check.Fail("title", "A ticket needs a title: one line that says what is wrong or what is wanted.");
        }

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
            request.Urgency ?? Urgency.Medium);
        return new Validated(ticket, team, agent, new TicketNames(clientName ?? "", siteName, itemName, categoryName));
    }

    /// <summary>Takes the next number for a kind inside the caller's transaction; the row lock serialises creators.</summary>
    private static async Task<long> NextSequenceAsync(BatonDb db, TicketKind kind, CancellationToken ct)
    {
        var name = TicketNumber.Prefix(kind);
        var next = await db.Database
            .SqlQuery<long>($"""UPDATE "NumberSequences" SET "Last" = "Last" + 1 WHERE "Name" = {name} RETURNING "Last" AS "Value" """)
            .ToListAsync(ct);
        return next.Count == 1 ? next[0] : throw new InvalidOperationException($"Number sequence {name} is missing; startup seeds it.");
    }

    private static string HashOf(CreateTicketRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
}

/// <summary>An Idempotency-Key sent again with a different request body: almost always a client bug.</summary>
public sealed class IdempotencyKeyReusedException(string key, string number)
    : Exception($"Idempotency-Key '{key}' was already used for a different request (it created {number}). Use a new key for a new ticket.");

internal sealed class UnreachableException : Exception;
