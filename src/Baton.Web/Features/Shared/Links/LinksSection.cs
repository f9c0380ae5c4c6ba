using Baton.Domain.Links;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Shared.Links;

/// <summary>The links section's form, bound by every record page under <see cref="LinksSection.Prefix"/>.</summary>
public sealed record LinkInput
{
    // No length attributes: the use case names what is wrong with a number or a note in the desk's own words.
    public LinkRelation Relation { get; set; } = LinkRelation.RelatedTo;

    public string? Target { get; set; }

    public string? Note { get; set; }
}

/// <summary>
/// What <c>_Links.cshtml</c> shows on any record's page: the links the user may see, and for staff the form to add
/// one. The page posts to its own Link and Unlink handlers, which call <see cref="LinkAsync"/> and
/// <see cref="UnlinkAsync"/>, so a refusal is shown on that page like any other form's (ADR 8).
/// </summary>
public sealed record LinksSection(IReadOnlyList<RecordLinkResponse> Links, bool CanEdit, LinkInput Input)
{
    public const string Prefix = "Link";

    private static readonly string[] Fields = ["relation", "target", "note"];

    /// <summary>The section of a record the caller has already found visible to <paramref name="user"/>.</summary>
    public static async Task<LinksSection> LoadAsync(BatonDb db, CurrentUser user, RecordRef record, LinkInput input, CancellationToken ct) =>
        new(await RecordLinksWork.ListAsync(db, user, record, ct), user.IsStaff, input);

    /// <summary>Links the record to the number typed in; back to <paramref name="recordPath"/> with a flash, or the page again with the refusal.</summary>
    public static Task<IActionResult> LinkAsync(
        PageModel page, BatonDb db, CurrentUser user, LinkableKind kind, string number, LinkInput input, string recordPath,
        TimeProvider clock, Func<PageProblem?, Task<IActionResult>> redisplay, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PageUseCase.RunAsync(page, Prefix, async () =>
        {
            var outcome = await RecordLinksWork.LinkAsync(db, user, kind, number, new LinkRecordRequest(input.Relation, input.Target ?? "", input.Note), clock, ct);
            if (outcome is null)
            {
                return null;
            }

            var link = outcome.Link ?? throw InputInvalidException.For("target", $"There is no {outcome.TargetNotFound} that you can see. Check the number.");
            return page.Done($"Linked: {link.Phrase} {link.Number}.", recordPath + "#links");
        }, redisplay, PageUseCase.OnForm(Prefix, Fields));
    }

    public static Task<IActionResult> UnlinkAsync(
        PageModel page, BatonDb db, CurrentUser user, LinkableKind kind, string number, long linkId, string recordPath,
        Func<PageProblem?, Task<IActionResult>> redisplay, CancellationToken ct) =>
        PageUseCase.RunAsync(page, Prefix, Fields,
            async () => await RecordLinksWork.UnlinkAsync(db, user, kind, number, linkId, ct) ? recordPath + "#links" : null,
            "Link removed.", redisplay);
}
