using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Baton.Web.Features.Mail;

/// <summary>
/// The plain-text part of a mail Baton writes in HTML: paragraphs, line breaks, list items and table rows kept as
/// lines, a link's address after its text, everything else as its text. Not a renderer: what a text-only reader needs.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "section", "header", "footer", "blockquote", "pre",
    };

    public static string ToPlainText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var text = new StringBuilder();
        Write(document.Body ?? (INode)document, text);
        var lines = text.ToString().Split('\n').Select(l => string.Join(' ', l.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)));
        var result = new StringBuilder();
        var blank = true;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (!blank)
                {
                    result.Append('\n');
                }

                blank = true;
                continue;
            }

            result.Append(line).Append('\n');
            blank = false;
        }

        return result.ToString().TrimEnd('\n') + "\n";
    }

    private static void Write(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data.Replace('\n', ' '));
                    break;
                case IElement { LocalName: "script" or "style" or "head" or "title" }:
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement { LocalName: "td" or "th" } cell:
                    Write(cell, text);
                    text.Append("  ");
                    break;
                case IElement { LocalName: "a" } a:
                    Write(a, text);
                    if (a.GetAttribute("href") is { Length: > 0 } href && !href.StartsWith('#') && href != a.TextContent.Trim())
                    {
                        text.Append(" (").Append(href).Append(')');
                    }

                    break;
                case IElement e when Blocks.Contains(e.LocalName):
                    text.Append('\n');
                    if (e.LocalName == "li")
                    {
                        text.Append("- ");
                    }

                    Write(e, text);
                    if (e.LocalName != "li")
                    {
                        text.Append('\n'); // an item ends where the next begins: no blank line between items
                    }

                    if (e.LocalName is "p" or "table" or "ul" or "ol" or "h1" or "h2" or "h3")
                    {
                        text.Append('\n');
                    }

                    break;
                default:
                    Write(child, text);
                    break;
            }
        }
    }
}
