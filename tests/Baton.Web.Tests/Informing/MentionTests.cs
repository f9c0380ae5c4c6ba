using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Informing;

/// <summary>"@dana.ops can you look?" in an internal note tells Dana (issue 13); only the desk is mentioned or listed.</summary>
public sealed class MentionTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static Task<List<JsonElement>> NoticesAsync(HttpClient api, string number) => TicketNoticesRead.NoticesAsync(api, number);

    private static Task AllHandledAsync(BatonAppFactory app, long ticketId) => TicketNoticesRead.AllHandledAsync(app, ticketId);

    private static Task<HttpResponseMessage> NoteAsync(HttpClient api, string number, string body) =>
        api.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body, @internal = true });

    [Fact]
    public async Task AnInternalNoteMentioningAColleague_TellsThem_ButNotTheAuthor()
    {
        var client = await app.CreateClientAsync();
        var author = await app.CreateAgentAsync("Ari Author");
        var dana = await app.CreateAgentAsync("Dana Ops");
        var authorApi = await app.ApiAsAsync(author);
        var ticket = await BatonAppFactory.OpenIncidentAsync(authorApi, client);

        var posted = await NoteAsync(authorApi, ticket.Number, $"@{Mentions.HandleOf(dana.Email).ToUpperInvariant()} can you check the switch logs? cc @{Mentions.HandleOf(author.Email)}");
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var danaApi = await app.ApiAsAsync(dana);
        await Eventually.HoldsAsync(async () => (await NoticesAsync(danaApi, ticket.Number)).Any(n => n.GetProperty("kind").GetString() == "Mentioned"), "Dana is told");
        var notice = (await NoticesAsync(danaApi, ticket.Number)).Single(n => n.GetProperty("kind").GetString() == "Mentioned");
        Assert.Contains("Ari Author mentioned you: @", notice.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("can you check the switch logs?", notice.GetProperty("text").GetString(), StringComparison.Ordinal);
        await AllHandledAsync(app, ticket.Id);
        Assert.Empty(await NoticesAsync(authorApi, ticket.Number));
    }

    [Fact]
    public async Task PostingANote_AnswersWithTheMentionedPeopleItTells_NotItsAuthorNorAnUnknownHandle_AndAPublicReplyMentionsNobody()
    {
        var client = await app.CreateClientAsync();
        var author = await app.CreateAgentAsync("Ari Author");
        var dana = await app.CreateAgentAsync("Dana Ops");
        var sam = await app.CreateAgentAsync("Sam Lee");
        var authorApi = await app.ApiAsAsync(author);
        var ticket = await BatonAppFactory.OpenIncidentAsync(authorApi, client);

        var note = await NoteAsync(authorApi, ticket.Number,
            $"@{Mentions.HandleOf(dana.Email)} @{Mentions.HandleOf(sam.Email)} the core switch again; cc @{Mentions.HandleOf(author.Email)} @nobody-{Guid.NewGuid():N}");
        var reply = await authorApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = $"@{Mentions.HandleOf(dana.Email)} will call you" });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (note.StatusCode, reply.StatusCode));
        var mentioned = (await note.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mentioned").EnumerateArray()
            .Select(p => (p.GetProperty("id").GetString(), p.GetProperty("displayName").GetString())).ToList();
        Assert.Equal([(dana.Id, "Dana Ops"), (sam.Id, "Sam Lee")], mentioned);
        Assert.Empty((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mentioned").EnumerateArray());
        await AllHandledAsync(app, ticket.Id);
        foreach (var told in new[] { dana, sam })
        {
            Assert.Single(await NoticesAsync(await app.ApiAsAsync(told), ticket.Number), n => n.GetProperty("kind").GetString() == "Mentioned"); // what is shown is what is told
        }

        Assert.Empty(await NoticesAsync(authorApi, ticket.Number));
    }

    [Fact]
    public async Task AMentionInAPublicReply_AnUnknownHandle_OrAClientContact_TellsNobody_AndTheNoteIsSaved()
    {
        var client = await app.CreateClientAsync();
        var dana = await app.CreateAgentAsync();
        var contact = await app.CreateContactUserAsync(client);
        var authorApi = await app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(authorApi, client);

        Assert.Equal(HttpStatusCode.Created, (await authorApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = $"@{Mentions.HandleOf(dana.Email)} public" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await NoteAsync(authorApi, ticket.Number, $"@nobody-{Guid.NewGuid():N} and @{Mentions.HandleOf(contact.Email)}")).StatusCode);
        await AllHandledAsync(app, ticket.Id);

        Assert.DoesNotContain(await NoticesAsync(await app.ApiAsAsync(dana), ticket.Number), n => n.GetProperty("kind").GetString() == "Mentioned");
        Assert.DoesNotContain(await NoticesAsync(await app.ApiAsAsync(contact), ticket.Number), n => n.GetProperty("kind").GetString() == "Mentioned");
    }

    [Fact]
    public async Task Mentionable_ListsActiveStaffByHandleOrName_NeverAContact_AndRefusesAContact()
    {
        var client = await app.CreateClientAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var zed = await app.CreateAgentAsync($"Zed{tag} Ops");
        var contact = await app.CreateUserAsync(Roles.ClientContact, client, $"Zed{tag} Customer");
        var api = await app.ApiAsNewAgentAsync();

        var byName = await api.GetFromJsonAsync<JsonElement>($"/api/v1/people/mentionable?q=zed{tag}");
        var one = Assert.Single(byName.EnumerateArray());
        Assert.Equal(Mentions.HandleOf(zed.Email), one.GetProperty("handle").GetString());
        Assert.Equal(zed.DisplayName, one.GetProperty("displayName").GetString());
        var byHandle = await api.GetFromJsonAsync<JsonElement>($"/api/v1/people/mentionable?q=@{Mentions.HandleOf(zed.Email)[..10]}");
        Assert.Contains(byHandle.EnumerateArray(), p => p.GetProperty("handle").GetString() == Mentions.HandleOf(zed.Email));
        Assert.True((await api.GetFromJsonAsync<JsonElement>("/api/v1/people/mentionable?q=clientcontact")).GetArrayLength() == 0);
        Assert.True((await api.GetFromJsonAsync<JsonElement>("/api/v1/people/mentionable")).GetArrayLength() <= 10);

        var asContact = await (await app.ApiAsAsync(contact)).GetAsync($"/api/v1/people/mentionable?q=zed{tag}");
        Assert.Equal(HttpStatusCode.Forbidden, asContact.StatusCode);
        Assert.DoesNotContain(zed.DisplayName, await asContact.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTicketPage_SaysWhoANoteTells_AndItsAutocompleteIsTheDesksOnly()
    {
        var client = await app.CreateClientAsync();
        var dana = await app.CreateAgentAsync("Dana Pagewise");
        var agent = await app.CreateAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(await app.ApiAsAsync(agent), client);
        using var page = await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword);

        var posted = await page.PostFormAsync($"/Tickets/{ticket.Number}?handler=Reply",
            new() { ["Reply.Body"] = $"@{Mentions.HandleOf(dana.Email)} please confirm", ["Reply.Internal"] = "true" }, $"/Tickets/{ticket.Number}");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await page.GetHtmlAsync(posted.Headers.Location!.OriginalString));
        Assert.Contains("Internal note added; Dana Pagewise is told.", html, StringComparison.Ordinal);

        var suggestions = await page.Http.GetFromJsonAsync<JsonElement>($"/Tickets/{ticket.Number}?handler=Mentionable&q=dana");
        Assert.Contains(suggestions.EnumerateArray(), p => p.GetProperty("displayName").GetString() == "Dana Pagewise");

        var contact = await app.CreateUserAsync(Roles.ClientContact, client);
        using var contactPage = await app.SignInAsync(contact.Email, BatonAppFactory.UserPassword);
        var refused = await contactPage.GetAsync($"/Tickets/{ticket.Number}?handler=Mentionable&q=dana");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}
