using System.Globalization;
using Baton.Web.Infrastructure;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Baton.Web.Features.Shared;

/// <summary><c>&lt;local-time value="@utc" /&gt;</c> renders a UTC instant in the signed-in user's time zone.</summary>
[HtmlTargetElement("local-time", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LocalTimeTagHelper : TagHelper
{
    public DateTimeOffset? Value { get; set; }

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
        output.Content.SetContent(UserTime.Format(value, zone));
    }
}
