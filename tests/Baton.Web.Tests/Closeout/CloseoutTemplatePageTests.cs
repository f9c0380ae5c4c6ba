using System.Globalization;
using System.Net;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Closeout.CloseoutSetup;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.Closeout;

/// <summary>/Admin/CloseoutTemplate through its forms: each edit publishes a version; old versions stay readable.</summary>
public sealed class CloseoutTemplatePageTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static string S(int n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task ASupportLead_AddsEditsAndRemovesAnItem_EachPublishingAVersion_AndThePickerShowsTheOldOnes()
    {
        var lead = await app.CreateSupportLeadAsync("Grace Lead");
        using var page = await app.SignInAsync(lead.Email, BatonAppFactory.UserPassword);
        using var api = await app.ApiAsAsync(lead);
        var before = await BatonAppFactory.CurrentTemplateAsync(api);
        var section = before.GetProperty("sections")[1];
        var text = Unique("UPS runtime tested");

        var added = await page.PostFormAsync("/Admin/CloseoutTemplate?handler=Item", new()
        {
            ["Item.SectionKey"] = S(section.GetProperty("key").GetInt32()), ["Item.Text"] = text, ["Item.Required"] = "true",
            ["Item.Guidance"] = "Pull the plug for a minute.", ["Item.BasedOn"] = S(before.Number()),
        });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var v2 = await BatonAppFactory.CurrentTemplateAsync(api);
        Assert.Equal(before.Number() + 1, v2.Number());
        var key = v2.Item(text).GetProperty("key").GetInt32();
        var edited = await page.PostFormAsync("/Admin/CloseoutTemplate?handler=Item", new()
        {
            ["Item.Key"] = S(key), ["Item.SectionKey"] = S(section.GetProperty("key").GetInt32()), ["Item.Text"] = text + " on site",
            ["Item.Required"] = "false", ["Item.Guidance"] = "", ["Item.BasedOn"] = S(v2.Number()),
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var v3 = await BatonAppFactory.CurrentTemplateAsync(api);
        Assert.False(v3.Item(text + " on site").GetProperty("required").GetBoolean());
        Assert.Equal(key, v3.Item(text + " on site").GetProperty("key").GetInt32());

        var removed = await page.PostFormAsync($"/Admin/CloseoutTemplate?handler=RemoveItem&key={key}&basedOn={v3.Number()}", new(), "/Admin/CloseoutTemplate");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.DoesNotContain(text + " on site", (await BatonAppFactory.CurrentTemplateAsync(api)).Texts());

        var current = WebUtility.HtmlDecode(await page.GetHtmlAsync("/Admin/CloseoutTemplate"));
        Assert.Contains($"Version {v3.Number() + 1} (current)", current, StringComparison.Ordinal);
        Assert.Contains($"Removed ‘{text} on site’", current, StringComparison.Ordinal);
        var old = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Admin/CloseoutTemplate?version={v2.Number()}"));
        Assert.Contains(text, old, StringComparison.Ordinal);
        Assert.Contains("Superseded", old, StringComparison.Ordinal);
        Assert.Contains("Pull the plug for a minute.", old, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=RemoveItem", old, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASupportLead_AddsASectionWithItsFirstItem_AndMovesItUp()
    {
        var lead = await app.CreateSupportLeadAsync();
        using var page = await app.SignInAsync(lead.Email, BatonAppFactory.UserPassword);
        using var api = await app.ApiAsAsync(lead);
        var before = await BatonAppFactory.CurrentTemplateAsync(api);
        var title = Unique("Telephony");

        var added = await page.PostFormAsync("/Admin/CloseoutTemplate?handler=Section", new()
        {
            ["Section.Title"] = title, ["Section.FirstItemText"] = Unique("Emergency calls routed"), ["Section.FirstItemRequired"] = "true",
            ["Section.BasedOn"] = S(before.Number()),
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var withSection = await BatonAppFactory.CurrentTemplateAsync(api);
        var sections = withSection.GetProperty("sections");
        Assert.Equal(title, sections[sections.GetArrayLength() - 1].GetProperty("title").GetString());
        var sectionKey = sections[sections.GetArrayLength() - 1].GetProperty("key").GetInt32();

        var moved = await page.PostFormAsync($"/Admin/CloseoutTemplate?handler=MoveSection&key={sectionKey}&direction=-1&basedOn={withSection.Number()}", new(), "/Admin/CloseoutTemplate");

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var after = (await BatonAppFactory.CurrentTemplateAsync(api)).GetProperty("sections");
        Assert.Equal(title, after[after.GetArrayLength() - 2].GetProperty("title").GetString());
    }

    [Fact]
    public async Task ABadEdit_IsShownOnTheField_AndAStaleFormIsRefused_PublishingNothing()
    {
        var lead = await app.CreateSupportLeadAsync();
        using var page = await app.SignInAsync(lead.Email, BatonAppFactory.UserPassword);
        using var api = await app.ApiAsAsync(lead);
        var current = await BatonAppFactory.CurrentTemplateAsync(api);
        var sectionKey = S(current.GetProperty("sections")[0].GetProperty("key").GetInt32());
        var existing = current.GetProperty("sections")[2].GetProperty("items")[0].GetProperty("text").GetString()!;

        var empty = await page.PostFormAsync("/Admin/CloseoutTemplate?handler=Item", new()
        {
            ["Item.SectionKey"] = sectionKey, ["Item.Text"] = " ", ["Item.Required"] = "true", ["Item.BasedOn"] = S(current.Number()),
        });
        var duplicate = await page.PostFormAsync("/Admin/CloseoutTemplate?handler=Item", new()
        {
            ["Item.SectionKey"] = sectionKey, ["Item.Text"] = existing.ToUpperInvariant(), ["Item.Required"] = "true", ["Item.BasedOn"] = S(current.Number()),
        });
        var stale = await page.PostFormAsync("/Admin/CloseoutTemplate?handler=Item", new()
        {
            ["Item.SectionKey"] = sectionKey, ["Item.Text"] = Unique("Late"), ["Item.Required"] = "true", ["Item.BasedOn"] = S(current.Number() - 1),
        });

        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("needs a text", FieldError(await empty.Content.ReadAsStringAsync(), "Item.Text"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("already on the checklist", FieldError(await duplicate.Content.ReadAsStringAsync(), "Item.Text"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("was changed by someone else since you opened it", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(current.Number(), (await BatonAppFactory.CurrentTemplateAsync(api)).Number());
    }

    [Fact]
    public async Task AnAgent_ReadsTheTemplate_WithoutEditForms_AndCannotPublishByPosting()
    {
        var agent = await app.CreateAgentAsync();
        using var page = await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        var number = await app.WithDbAsync(db => db.CloseoutTemplateVersions.MaxAsync(v => v.Number));
        var sectionKey = await app.WithDbAsync(async db => (await db.CloseoutTemplateVersions.AsNoTracking().SingleAsync(v => v.Number == number)).Sections[0].Key);

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync("/Admin/CloseoutTemplate"));
        var posted = await page.PostFormAsync("/Admin/CloseoutTemplate?handler=Item", new()
        {
            ["Item.SectionKey"] = S(sectionKey), ["Item.Text"] = Unique("Sneaky"), ["Item.Required"] = "true", ["Item.BasedOn"] = S(number),
        }, "/Account/Profile"); // the agent's template page has no form to take the token from

        Assert.Contains("Only a support lead can change the checklist", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Item", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Only a support lead", WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(number, await app.WithDbAsync(db => db.CloseoutTemplateVersions.MaxAsync(v => v.Number)));
    }

    [Fact]
    public async Task AClientContact_IsTurnedAwayFromTheTemplatePage()
    {
        var client = await app.CreateClientAsync();
        var contact = await app.CreateContactUserAsync(client);
        using var page = await app.SignInAsync(contact.Email, BatonAppFactory.UserPassword);

        var response = await page.GetAsync("/Admin/CloseoutTemplate");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }
}
