using System.Security.Cryptography;
using System.Text;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Files;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Mail;

/// <summary>What the gateway answers: the stored mail, what filing it did, and whether it was here already.</summary>
public sealed record InboundMailResponse(long Id, bool Duplicate, string State, string Outcome, string? Ticket, string? Reason);

/// <summary>
/// The mail gateway: an MTA pipes each message to <c>POST /api/v1/mail/inbound</c> (body message/rfc822, the gateway
/// token as a bearer token), as rt-mailgate does for Request Tracker. A 2xx means the raw message is on disk and
/// recorded; anything else means the MTA should keep it and try again (a retry is recognised, never doubled).
/// </summary>
public static class InboundMailApi
{
    public static IEndpointRouteBuilder MapInboundMailGateway(this IEndpointRouteBuilder app, long maxBytes)
    {
        app.MapPost("/api/v1/mail/inbound", Receive)
            .AllowAnonymous() // the gateway token is checked here: an MTA has no user
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxBytes * 2)) // room to keep an oversized mail and say so
            .WithTags("Mail")
            .WithName("ReceiveMail")
            .WithSummary("Hand one raw message (message/rfc822) to Baton, authenticated with the gateway token (Mail:Inbound:GatewayToken).")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<Results<Ok<InboundMailResponse>, ProblemHttpResult>> Receive(
        HttpContext http, BatonDb db, IAttachmentStore store, MailFiling filing, IOptions<InboundMailOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var settings = options.Value;
        if (!Authorised(http.Request.Headers.Authorization.ToString(), settings.GatewayToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Gateway token required",
                detail: string.IsNullOrEmpty(settings.GatewayToken)
                    ? "The mail gateway is off: set Mail:Inbound:GatewayToken to turn it on."
                    : "Send the gateway token (Mail:Inbound:GatewayToken) as 'Authorization: Bearer <token>'.");
        }

        var type = http.Request.ContentType ?? "";
        if (!type.StartsWith("message/rfc822", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the raw message",
                detail: $"The body must be one raw e-mail with Content-Type message/rfc822, not '{type}'.");
        }

        if (http.Request.ContentLength == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Empty message", detail: "The body is empty: send the raw e-mail.");
        }

        var accepted = await MailIntake.AcceptAsync(db, store, http.Request.Body, "gateway", null, archive: false, settings.MaxBytes, clock.GetUtcNow(), ct);
        // Filed now, so the answer says where it went; a crash here leaves it to the sweep (it is stored).
        var mail = await filing.FileAsync(db, accepted.Id, CancellationToken.None);
        var number = mail.TicketId is { } ticketId ? await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.Number).SingleOrDefaultAsync(ct) : null;
        return TypedResults.Ok(new InboundMailResponse(mail.Id, accepted.Duplicate, mail.State.ToString(), mail.Outcome.ToString(), number, mail.Reason));
    }

    private static bool Authorised(string header, string token)
    {
        const string Bearer = "Bearer ";
        if (token.Length == 0 || !header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}

/// <summary>
/// Files mail that was stored but not filed (the process died in between, or filing hit a database failure): every
/// instance looks every 30 seconds at what has waited a minute; the attempt count decides who files it.
/// </summary>
public sealed class InboundMailSweep(IServiceScopeFactory scopes, TimeProvider clock, ILogger<InboundMailSweep> logger)
    : Infrastructure.RecurringJobService(scopes, clock, logger)
{
    private readonly IServiceScopeFactory _scopes = scopes;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(30);

    protected override string Description => "Incoming mail sweep";

    protected override async Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        // Waiting to be filed, or set aside at intake (too large) with its sender not told yet: a crash left them.
        var waiting = await db.InboundMails.Where(m => (m.State == InboundMailState.Received || (m.State == InboundMailState.Unprocessable && m.Attempts == 0))
                && m.ReceivedAt < now - TimeSpan.FromMinutes(1))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(100).ToListAsync(ct);
        foreach (var id in waiting)
        {
            using var scope = _scopes.CreateScope();
            var scoped = scope.ServiceProvider.GetRequiredService<BatonDb>();
            await scope.ServiceProvider.GetRequiredService<MailFiling>().FileAsync(scoped, id, ct);
        }
    }
}
