using System.Globalization;
using Baton.Domain;
using Baton.Web.Infrastructure;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Baton.Web.Features.Shared;

/// <summary>
/// <c>&lt;local-time value="@utc" /&gt;</c> renders a UTC instant for the signed-in user: within a day of now as
/// "12 min ago" / "in 3 h", further away as "2026-11-30 20:45" in the user's zone, which the layout names once per
/// page. The exact time with its zone is always on hover (and in <c>datetime</c> for machines).
/// </summary>
[HtmlTargetElement("local-time", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LocalTimeTagHelper(TimeProvider clock) : TagHelper
{
    public DateTimeOffset? Value { get; set; }

    /// <summary>Always the date and time, never "ago": for a time the reader compares with others (an audit row, a due date).</summary>
    public bool Exact { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        if (Value is not { } value)
        {
            output.Content.SetContent("—");
            return;
        }

        var zone = ViewContext.HttpContext.User.FindFirst(BatonClaims.TimeZone)?.Value;
        output.Attributes.SetAttribute("datetime", value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("title", UserTime.Format(value, zone));
        var relative = Exact ? null : HumanTime.Relative(value, clock.GetUtcNow());
        output.Content.SetContent(relative ?? UserTime.FormatWithoutZone(value, zone));
    }
}
