using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Mail;

public sealed record MailTemplateRequest(string? Subject = null, string? Body = null);

public sealed record MailPreviewRequest(string? TicketNumber = null, string? Subject = null, string? Body = null);

/// <summary>The mail templates over HTTP, for administrators: the same use cases as the Mail templates pages.</summary>
public static class MailTemplatesApi
{
    public static RouteGroupBuilder MapMailTemplatesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/mail-templates").WithTags("Mail templates").RequireAuthorization(Policies.Administrator);
        group.MapGet("/", List).WithName("ListMailTemplates").WithSummary("Every mail Baton sends, with the text it is sent with (edited: an administrator's version).");
        group.MapGet("/{templateKey}", Get).WithName("GetMailTemplate").WithSummary("One template; the ETag is its version (0: as shipped), for If-Match on a change.");
        group.MapPut("/{templateKey}", Save).WithName("SaveMailTemplate")
            .WithSummary("Save a version of the template (send If-Match: 412 when someone saved it since). 400 naming subject or body when it does not parse, names a placeholder the mail does not have, or does not fill in.");
        group.MapDelete("/{templateKey}", Restore).WithName("RestoreMailTemplate").WithSummary("Back to the shipped template.");
        group.MapPost("/{templateKey}/preview", Preview).WithName("PreviewMailTemplate")
            .WithSummary("The template (or the subject and body sent) filled in on a real ticket, as HTML and plain text. Writes nothing.");
        return api;
    }

    public static async Task<Ok<List<MailTemplateView>>> List(BatonDb db, CancellationToken ct) => TypedResults.Ok(await SaveMailTemplate.ListAsync(db, ct));

    public static async Task<Results<Ok<MailTemplateView>, NotFound>> Get(string templateKey, BatonDb db, HttpContext http, CancellationToken ct) =>
        Respond(await SaveMailTemplate.FindAsync(db, templateKey, ct), http);

    public static async Task<Results<Ok<MailTemplateView>, NotFound>> Save(string templateKey, MailTemplateRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        Respond(await SaveMailTemplate.SaveAsync(db, templateKey, Versions.IfMatch(http.Request, required: true), request.Subject, request.Body, CurrentUser.From(http.User).Actor, clock.GetUtcNow(), ct), http);

    public static async Task<Results<NoContent, NotFound>> Restore(string templateKey, BatonDb db, CancellationToken ct) =>
        await SaveMailTemplate.RestoreAsync(db, templateKey, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Results<Ok<MailPreview>, NotFound>> Preview(string templateKey, MailPreviewRequest request, BatonDb db, RequesterMail mail, IOptions<RequesterMailOptions> options, CancellationToken ct) =>
        await SaveMailTemplate.PreviewAsync(db, mail, options.Value, templateKey, request.TicketNumber, request.Subject, request.Body, ct) is { } preview
            ? TypedResults.Ok(preview)
            : TypedResults.NotFound();

    private static Results<Ok<MailTemplateView>, NotFound> Respond(MailTemplateView? view, HttpContext http)
    {
        if (view is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = Versions.ETag(view.Version);
        return TypedResults.Ok(view);
    }
}
