using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baton.Web.Features.Informing;

/// <summary>Consults on a ticket, and the people a note may mention: the desk's only (a client's contact is refused, 403).</summary>
public static class ConsultsApi
{
    public static RouteGroupBuilder MapConsultsApi(this RouteGroupBuilder api)
    {
        var consults = api.MapGroup("/tickets/{number}/consults").WithTags("Tickets").RequireAuthorization(Policies.Staff);
        consults.MapGet("/", List).WithName("ListTicketConsults").WithSummary("The consult requests on a ticket (\"what do you think?\"), oldest first (staff only).");
        consults.MapPost("/", Ask).WithName("AskTicketConsult")
            .WithSummary("Ask a member of the desk a question on the record: they are told, and reminded after 24 hours while unanswered; an internal note records it (staff only).");
        consults.MapPost("/{consultId:long}/answer", Answer).WithName("AnswerTicketConsult")
            .WithSummary("Answer a consult put to you; the asker is told and an internal note records it (only the person asked).");
        consults.MapPost("/{consultId:long}/withdraw", Withdraw).WithName("WithdrawTicketConsult")
            .WithSummary("Take back a consult you asked: no more reminders (only the asker).");

        api.MapGet("/people/mentionable", Mentionable).WithName("ListMentionablePeople").WithTags("People").RequireAuthorization(Policies.Staff)
            .WithSummary("Staff an internal note may mention: handle (write @handle — their e-mail address before the @) and name, matching q, at most 10 (staff only).");
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<ConsultResponse>>, ProblemHttpResult>> List(string number, BatonDb db, HttpContext http, CancellationToken ct) =>
        await Consults.ListAsync(db, CurrentUser.From(http.User), number, ct) is { } list ? TypedResults.Ok(list) : NotFound(number);

    public static async Task<Results<Created<ConsultResponse>, ProblemHttpResult>> Ask(
        string number, AskConsultRequest request, BatonDb db, INotificationChannel channel, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await Consults.AskAsync(db, channel, CurrentUser.From(http.User), number, request, clock, ct) is { } asked
            ? TypedResults.Created($"/api/v1/tickets/{asked.TicketNumber}/consults/{asked.Id}", asked)
            : NotFound(number);

    public static async Task<Results<Ok<ConsultResponse>, ProblemHttpResult>> Answer(
        string number, long consultId, AnswerConsultRequest request, BatonDb db, INotificationChannel channel, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await Consults.AnswerAsync(db, channel, CurrentUser.From(http.User), number, consultId, request, clock, ct) is { } answered
            ? TypedResults.Ok(answered)
            : NotFoundConsult(number, consultId);

    public static async Task<Results<Ok<ConsultResponse>, ProblemHttpResult>> Withdraw(string number, long consultId, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await Consults.WithdrawAsync(db, CurrentUser.From(http.User), number, consultId, clock, ct) is { } withdrawn
            ? TypedResults.Ok(withdrawn)
            : NotFoundConsult(number, consultId);

    public static async Task<Ok<IReadOnlyList<MentionableResponse>>> Mentionable(string? q, BatonDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await MentionablePeople.SearchAsync(db, q is { Length: > 100 } ? q[..100] : q, clock.GetUtcNow(), ct));

    private static ProblemHttpResult NotFound(string number) => NotFoundProblem.For("ticket", number);

    private static ProblemHttpResult NotFoundConsult(string number, long consultId) =>
        TypedResults.Problem(title: "Not found", detail: $"{number} has no consult {consultId} that you can see.", statusCode: StatusCodes.Status404NotFound);
}

public static class ConsultServices
{
    /// <summary>Consults' reminder sweep, and @mentions (their notice is one of the ticket notices).</summary>
    public static IServiceCollection AddConsults(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InformingOptions>()
            .Bind(configuration.GetSection("Informing"))
            .Validate(o => o.ConsultReminderInterval > TimeSpan.Zero, "Informing:ConsultReminderInterval must be a positive time span, e.g. 00:05:00.")
            .ValidateOnStart();
        services.AddSingleton<ConsultReminders>();
        services.AddHostedService<ConsultReminderService>(); // waits for DatabaseReadiness before its first run
        return services;
    }
}
