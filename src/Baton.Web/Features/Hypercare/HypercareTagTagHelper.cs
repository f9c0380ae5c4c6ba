using System.Text.Encodings.Web;
using Baton.Domain.Hypercare;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Hypercare;

/// <summary>
/// <c>&lt;hypercare-tag ticket-id="@id" /&gt;</c>: on a ticket's header, the hypercare tag when the ticket has one — the
/// project, and for staff the scope and whom it was routed to (linking the hypercare page); for the client's users a link
/// to give feedback while the period runs. Renders nothing for other tickets. One indexed read (the unique TicketId).
/// </summary>
[HtmlTargetElement("hypercare-tag", TagStructure = TagStructure.WithoutEndTag)]
public sealed class HypercareTagTagHelper(BatonDb db, TimeProvider clock) : TagHelper
{
    public long TicketId { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var tag = await db.HypercareTags.AsNoTracking()
            .Where(t => t.TicketId == TicketId)
            .Join(db.Projects, t => t.ProjectId, p => p.Id, (t, p) => new { t.Scope, t.RoutedTo, t.RoutedRole, p.Number, p.Name, p.Status, p.HypercareStartedAt, p.HypercareEndsAt })
            .SingleOrDefaultAsync(ViewContext.HttpContext.RequestAborted);
        if (tag is null)
        {
            output.SuppressOutput();
            return;
        }

        var user = CurrentUser.From(ViewContext.HttpContext.User);
        var enc = HtmlEncoder.Default;
        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "hypercare-tag");
        output.Attributes.SetAttribute("data-testid", "hypercare-tag");
        var html = $"<span class=\"badge\">Hypercare</span> ";
        if (user.IsStaff)
        {
            html += $"<a href=\"/Projects/{enc.Encode(tag.Number)}/Hypercare\">{enc.Encode(tag.Number)} {enc.Encode(tag.Name)}</a>"
                + $" · {enc.Encode(HypercareRoleAssignment.Describe(tag.Scope))} scope · "
                + (tag.RoutedRole is null ? enc.Encode(tag.RoutedTo) : "routed to " + enc.Encode(tag.RoutedTo));
        }
        else
        {
            var now = clock.GetUtcNow();
            var open = tag.Status == ProjectStatus.Hypercare && tag.HypercareStartedAt <= now && now < tag.HypercareEndsAt;
            html += $"{enc.Encode(tag.Number)} {enc.Encode(tag.Name)}"
                + (open ? $" · <a href=\"/Projects/{enc.Encode(tag.Number)}/Feedback\">Tell us how the support after go-live is going</a>" : "");
        }

        output.Content.SetHtmlContent(html);
    }
}
