using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Baton.Web.Features.Notifications;

/// <summary>
/// <c>&lt;notification-bell /&gt;</c>: a link to /Notifications with the signed-in staff member's unread count, in
/// words for screen readers. Renders nothing for anyone else.
/// </summary>
[HtmlTargetElement("notification-bell", TagStructure = TagStructure.WithoutEndTag)]
public sealed class NotificationBellTagHelper(BatonDb db) : TagHelper
{
    private const string BellIcon =
        "<svg class=\"icon\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 24 24\" width=\"16\" height=\"16\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\">" +
        "<path d=\"M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9\"/><path d=\"M10.3 21a1.94 1.94 0 0 0 3.4 0\"/></svg>";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var principal = ViewContext.HttpContext.User;
        if (principal.Identity?.IsAuthenticated != true || !CurrentUser.From(principal).IsStaff)
        {
            output.SuppressOutput();
            return;
        }

        var unread = await NotificationInbox.CountUnreadAsync(db, CurrentUser.From(principal).Id, ViewContext.HttpContext.RequestAborted);
        output.TagName = "a";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("href", "/Notifications");
        output.Attributes.SetAttribute("class", unread > 0 ? "bell unread" : "bell");
        if (ViewContext.HttpContext.Request.Path.StartsWithSegments("/Notifications"))
        {
            output.Attributes.SetAttribute("aria-current", "page");
        }

        // The accessible name is the visible count in words ("Notifications: 3 unread"), so what a voice-control user
        // sees ("3") is part of what they can say.
        // An inline SVG, not the emoji: without an emoji font the emoji is an empty box.
        output.Content.SetHtmlContent(BellIcon + " <span class=\"visually-hidden\">Notifications: </span>");
        output.Content.Append(unread > 99 ? "99+" : unread.ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.Content.AppendHtml("<span class=\"visually-hidden\"> unread</span>");
    }
}
