using System.Text.Encodings.Web;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Shared.Setup;

/// <summary>
/// <c>&lt;desk-setup /&gt;</c>: for an administrator, the setup checklist while any step is open (each step a link, done
/// ones ticked); for other staff on an empty desk, one line saying who sets it up. Nothing once the desk is set up.
/// </summary>
[HtmlTargetElement("desk-setup", TagStructure = TagStructure.WithoutEndTag)]
public sealed class DeskSetupTagHelper(BatonDb db) : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var principal = ViewContext.HttpContext.User;
        var me = principal.Identity?.IsAuthenticated == true ? CurrentUser.From(principal) : null;
        output.TagName = null;
        if (me is null || !me.IsStaff)
        {
            output.SuppressOutput();
            return;
        }

        var ct = ViewContext.HttpContext.RequestAborted;
        if (!me.IsAdministrator)
        {
            // The queue is an agent's hot path: one indexed probe (a contact implies its client), not the whole checklist.
            if (await db.Contacts.AnyAsync(ct))
            {
                output.SuppressOutput();
                return;
            }

            output.Content.SetHtmlContent("<p class=\"card setup-hint\">This desk is not set up yet: an administrator adds the clients and their contacts that tickets are raised for.</p>");
            return;
        }

        var steps = DeskSetup.Steps(await DeskSetup.ReadAsync(db, ct));
        if (steps.All(s => s.Done))
        {
            output.SuppressOutput();
            return;
        }

        var html = HtmlEncoder.Default;

        var done = steps.Count(s => s.Done);
        var items = string.Concat(steps.Select(s =>
            $"<li class=\"{(s.Done ? "done" : "open")}\"><a href=\"{html.Encode(s.Href)}\">{html.Encode(s.Title)}</a>"
            + (s.Done ? " <span class=\"badge state-Done\">done</span>" : "")
            + $"<br /><span class=\"muted\">{html.Encode(s.Why)}</span></li>"));
        output.Content.SetHtmlContent(
            "<section class=\"card setup\" aria-labelledby=\"setup-heading\">"
            + $"<h2 id=\"setup-heading\">Set up your desk ({done} of {steps.Count} done)</h2>"
            + "<p class=\"muted\">Shown to administrators until every step is done.</p>"
            + $"<ol class=\"setup-steps\">{items}</ol></section>");
    }
}
