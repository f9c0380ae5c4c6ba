using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Features.Outbox;
using Baton.Web.Tests.Closeout;
using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Baton.Web.Tests.Projects.ProjectKit;

namespace Baton.Web.Tests.Informing;

/// <summary>Project milestones become notifications for the people the project names and the matrix's R, A and I (issue 13).</summary>
public sealed class ProjectNoticeTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    /// <summary>The caller's notices about the project, as the API lists them.</summary>
    internal static async Task<List<JsonElement>> NoticesAsync(HttpClient api, string projectNumber) =>
        [.. (await api.GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=100")).EnumerateArray()
            .Where(n => n.GetProperty("projectNumber").GetString() == projectNumber)];

    private static async Task<List<string?>> KindsAsync(HttpClient api, string projectNumber) =>
        [.. (await NoticesAsync(api, projectNumber)).Select(n => n.GetProperty("kind").GetString())];

    private sealed record World(
        BatonAppFactory.ClientSetup Client, BatonAppFactory.ProjectSetup Project, BatonAppFactory.TestUser LeadUser, HttpClient Lead, HttpClient Manager, HttpClient Contact, HttpClient Tech, string Url);

    /// <summary>A client, its active project led by Lee, a service manager, a contact of the client and a technician.</summary>
    private async Task<World> ArrangeAsync()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync("Lee Lead");
        var project = await app.CreateProjectAsync(client, lead);
        var manager = await app.CreateUserAsync(Roles.Manager, null, "Grace Manager");
        var contact = await app.CreateUserAsync(Roles.ClientContact, client, "Mia Client");
        return new World(client, project, lead, await app.ApiAsAsync(lead), await app.ApiAsAsync(manager), await app.ApiAsAsync(contact), await app.ApiAsNewAgentAsync(),
            $"/api/v1/projects/{project.Number}");
    }

    private static async Task<int> AddDeliverableAsync(World w, string title) =>
        (await JsonAsync(await w.Tech.PostAsJsonAsync(w.Url + "/deliverables", new { title, inScope = true, description = "As agreed" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();

    private Task GiveItManagerRoleAsync(int contactId) => app.WithDbAsync(async db =>
    {
        db.ContactRoleMemberships.Add(new ContactRoleMembership(contactId, (await db.ContactRoles.SingleAsync(r => r.Key == ContactRoleKeys.ItManager)).Id));
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task TheClientAcceptingADeliverable_TellsTheLeadAndTheServiceManager_LinkedToTheProject_NotTheContactWhoAccepted()
    {
        var w = await ArrangeAsync();
        var id = await AddDeliverableAsync(w, "Wi-Fi in the warehouse");

        await JsonAsync(await w.Contact.PostAsync($"{w.Url}/deliverables/{id}/accept", null), HttpStatusCode.OK);

        var told = Assert.Single(await NoticesAsync(w.Lead, w.Project.Number));
        Assert.Equal("DeliverableDecided", told.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, told.GetProperty("ticketNumber").ValueKind);
        Assert.StartsWith($"{w.Project.Number} · ‘Wi-Fi in the warehouse’ accepted by Mia Client", told.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["DeliverableDecided"], await KindsAsync(w.Manager, w.Project.Number)); // the service manager answers for the row (A)
        Assert.Empty(await NoticesAsync(w.Contact, w.Project.Number));
        Assert.Empty(await NoticesAsync(w.Tech, w.Project.Number)); // staff with no part in the project hear nothing

        using var browser = await app.SignInAsync(w.LeadUser.Email, BatonAppFactory.UserPassword);
        Assert.Contains($"href=\"/Projects/{w.Project.Number}\"", await browser.GetHtmlAsync("/Notifications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARejection_ReachesTheClientsOwnItManager_WithTheReason_NeverAnotherClientsItManager()
    {
        var w = await ArrangeAsync();
        var itManagerContact = await app.WithDbAsync(async db =>
        {
            var contact = new Baton.Domain.Clients.Contact(w.Client.ClientId, "Omar IT", $"omar.{w.Client.Code.ToLowerInvariant()}@example.test", null, null, null);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });
        await GiveItManagerRoleAsync(itManagerContact);
        var omar = await app.ApiAsAsync(await app.CreateUserAsync(Roles.ClientContact, w.Client with { ContactId = itManagerContact }));
        var other = await app.CreateClientAsync();
        await GiveItManagerRoleAsync(other.ContactId);
        var eve = await app.ApiAsAsync(await app.CreateUserAsync(Roles.ClientContact, other));
        var id = await AddDeliverableAsync(w, "Door access");

        await JsonAsync(await w.Contact.PostAsJsonAsync($"{w.Url}/deliverables/{id}/reject", new { reason = "The fire door does not open" }), HttpStatusCode.OK);

        var lead = Assert.Single(await NoticesAsync(w.Lead, w.Project.Number));
        Assert.Contains("rejected by Mia Client: The fire door does not open", lead.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["DeliverableDecided"], await KindsAsync(omar, w.Project.Number)); // the client's IT manager is I on project engagement
        Assert.DoesNotContain((await eve.GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=100")).EnumerateArray(),
            n => n.GetProperty("text").GetString()!.Contains(w.Project.Number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AskingForAScopeChange_TellsTheServiceManagerAndTheLead_ButNotTheLeadWhenTheLeadAsked()
    {
        var w = await ArrangeAsync();

        await JsonAsync(await w.Contact.PostAsJsonAsync(w.Url + "/scope-changes", new { description = "Also cable the mezzanine" }), HttpStatusCode.Created);
        await JsonAsync(await w.Lead.PostAsJsonAsync(w.Url + "/scope-changes", new { description = "Add a second access point", timeImpact = "+1 day" }), HttpStatusCode.Created);

        var lead = Assert.Single(await NoticesAsync(w.Lead, w.Project.Number));
        Assert.Equal("ScopeChangeRequested", lead.GetProperty("kind").GetString());
        Assert.Contains("scope change asked for by Mia Client: Also cable the mezzanine", lead.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["ScopeChangeRequested", "ScopeChangeRequested"], await KindsAsync(w.Manager, w.Project.Number));
    }

    [Fact]
    public async Task TheCloseout_IsToldReadyForSignOff_OnceWhenTheLastRequiredItemIsAnswered_NotOnEveryAnswer()
    {
        var w = await ArrangeAsync();
        await BatonAppFactory.BeginCloseoutAsync(w.Tech, w.Project.Number);
        await BatonAppFactory.RecordHandoffAsync(w.Tech, w.Project.Number);

        await BatonAppFactory.CompleteRequiredItemsAsync(w.Tech, w.Project.Number);
        var closeout = await w.Tech.GetFromJsonAsync<JsonElement>($"{w.Url}/closeout");
        Assert.True(closeout.GetProperty("canSignOff").GetBoolean(), closeout.GetProperty("summary").GetString());
        var optional = closeout.GetProperty("items").EnumerateArray().First(i => !i.GetProperty("required").GetBoolean() && i.GetProperty("state").GetString() == "Open");
        await BatonAppFactory.AnswerItemAsync(w.Tech, w.Project.Number, optional); // already ready: no second notice

        var ready = Assert.Single(await NoticesAsync(w.Manager, w.Project.Number));
        Assert.Equal("CloseoutReady", ready.GetProperty("kind").GetString());
        Assert.Contains("close-out ready for sign-off", ready.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["CloseoutReady"], await KindsAsync(w.Lead, w.Project.Number));
        Assert.Empty(await NoticesAsync(w.Tech, w.Project.Number)); // who answered the last item knows
    }

    [Fact]
    public async Task TheClientAcceptingTheLastDeliverable_MakesTheCloseoutReady_AndSaysSo()
    {
        var w = await ArrangeAsync();
        var id = await AddDeliverableAsync(w, "Desk phones deployed");
        await BatonAppFactory.BeginCloseoutAsync(w.Tech, w.Project.Number);
        await BatonAppFactory.CompleteRequiredItemsAsync(w.Tech, w.Project.Number);
        Assert.Empty(await NoticesAsync(w.Manager, w.Project.Number)); // the deliverable still waits for the client

        await JsonAsync(await w.Contact.PostAsync($"{w.Url}/deliverables/{id}/accept", null), HttpStatusCode.OK);

        Assert.Equal(["CloseoutReady", "DeliverableDecided"], (await KindsAsync(w.Manager, w.Project.Number)).Order());
    }

    [Fact]
    public async Task HoldingTheHandoffMeeting_WhenItIsTheLastGap_TellsTheCloseoutReady_Once()
    {
        var w = await ArrangeAsync();
        await BatonAppFactory.BeginCloseoutAsync(w.Tech, w.Project.Number);
        await BatonAppFactory.CompleteRequiredItemsAsync(w.Tech, w.Project.Number, recordHandoff: false);
        Assert.Empty(await NoticesAsync(w.Manager, w.Project.Number)); // the meeting's item waits for the record

        await BatonAppFactory.RecordHandoffAsync(w.Tech, w.Project.Number);
        await BatonAppFactory.RecordHandoffAsync(w.Tech, w.Project.Number, version: 1); // editing the held meeting closes no gap

        var ready = Assert.Single(await NoticesAsync(w.Manager, w.Project.Number));
        Assert.Equal("CloseoutReady", ready.GetProperty("kind").GetString());
        Assert.Equal(["CloseoutReady"], await KindsAsync(w.Lead, w.Project.Number));
        Assert.Empty(await NoticesAsync(w.Tech, w.Project.Number)); // who recorded the meeting knows
    }

    [Fact]
    public async Task AHandoffMeeting_ThatLeavesAGap_OrIsDatedAhead_TellsNobodyTheCloseoutIsReady()
    {
        var itemsOpen = await ArrangeAsync();
        await BatonAppFactory.BeginCloseoutAsync(itemsOpen.Tech, itemsOpen.Project.Number);
        var datedAhead = await ArrangeAsync();
        await BatonAppFactory.BeginCloseoutAsync(datedAhead.Tech, datedAhead.Project.Number);
        await BatonAppFactory.CompleteRequiredItemsAsync(datedAhead.Tech, datedAhead.Project.Number, recordHandoff: false);

        await BatonAppFactory.RecordHandoffAsync(itemsOpen.Tech, itemsOpen.Project.Number);
        await BatonAppFactory.RecordHandoffAsync(datedAhead.Tech, datedAhead.Project.Number, DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(1));

        Assert.Empty(await NoticesAsync(itemsOpen.Manager, itemsOpen.Project.Number));
        Assert.Empty(await NoticesAsync(datedAhead.Manager, datedAhead.Project.Number)); // a meeting not held yet answers nothing
    }

    [Fact]
    public async Task ACloseoutUpgrade_ThatDropsTheLastOpenRequiredItem_TellsTheCloseoutReady()
    {
        var w = await ArrangeAsync();
        var dropped = $"Badge printer returned {Guid.NewGuid():N}";
        await CloseoutSetup.PublishAsync(w.Manager, sections => CloseoutSetup.ItemsOf(sections[^1]).Add(CloseoutSetup.NewItem(dropped)));
        await BatonAppFactory.BeginCloseoutAsync(w.Tech, w.Project.Number);
        await BatonAppFactory.CompleteRequiredItemsAsync(w.Tech, w.Project.Number, leaveOpen: [dropped]);
        await CloseoutSetup.PublishAsync(w.Manager, sections => CloseoutSetup.ItemsOf(sections[^1]).RemoveAll(i => (string?)i["text"] == dropped));
        Assert.Empty(await NoticesAsync(w.Manager, w.Project.Number));

        await JsonAsync(await w.Tech.PostAsync($"{w.Url}/closeout/upgrade", null), HttpStatusCode.OK);

        Assert.Equal(["CloseoutReady"], await KindsAsync(w.Manager, w.Project.Number));
        Assert.Equal(["CloseoutReady"], await KindsAsync(w.Lead, w.Project.Number));
    }

    [Fact]
    public async Task ACloseoutUpgrade_ThatLeavesARequiredItemOpen_TellsNobody()
    {
        var w = await ArrangeAsync();
        var dropped = $"Old rack key returned {Guid.NewGuid():N}";
        var kept = $"Spare toner handed over {Guid.NewGuid():N}";
        await CloseoutSetup.PublishAsync(w.Manager, sections => CloseoutSetup.ItemsOf(sections[^1]).AddRange([CloseoutSetup.NewItem(dropped), CloseoutSetup.NewItem(kept)]));
        await BatonAppFactory.BeginCloseoutAsync(w.Tech, w.Project.Number);
        await BatonAppFactory.CompleteRequiredItemsAsync(w.Tech, w.Project.Number, leaveOpen: [dropped, kept]);
        await CloseoutSetup.PublishAsync(w.Manager, sections => CloseoutSetup.ItemsOf(sections[^1]).RemoveAll(i => (string?)i["text"] == dropped));

        var upgraded = await JsonAsync(await w.Tech.PostAsync($"{w.Url}/closeout/upgrade", null), HttpStatusCode.OK);

        Assert.False(upgraded.GetProperty("canSignOff").GetBoolean());
        Assert.Empty(await NoticesAsync(w.Manager, w.Project.Number));
        Assert.Empty(await NoticesAsync(w.Lead, w.Project.Number));
    }
}

/// <summary>A desk whose mail goes to a real SMTP server on loopback.</summary>
public sealed class MailingProjectDesk : IAsyncLifetime
{
    public MailingProjectDesk() => MailingDesk.SendThrough(App, Sink);

    public BatonAppFactory App { get; } = new();

    public SmtpSink Sink { get; } = new();

    public Task InitializeAsync() => App.WithDbAsync(db => db.Clients.AnyAsync());

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

public sealed class ProjectNoticeMailTests(MailingProjectDesk mailing) : IClassFixture<MailingProjectDesk>
{
    [Fact]
    public async Task ADeliverableDecision_IsMailedToTheProjectLead_AtTheSmtpServer_WithALinkToTheProject()
    {
        var app = mailing.App;
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync("Lee Lead");
        var project = await app.CreateProjectAsync(client, lead);
        using var tech = await app.ApiAsNewAgentAsync();
        using var contact = await app.ApiAsAsync(await app.CreateUserAsync(Roles.ClientContact, client, "Mia Client"));
        var url = $"/api/v1/projects/{project.Number}";
        var id = (await JsonAsync(await tech.PostAsJsonAsync(url + "/deliverables", new { title = "Core switch", inScope = true }), HttpStatusCode.Created)).GetProperty("id").GetInt32();

        await JsonAsync(await contact.PostAsync($"{url}/deliverables/{id}/accept", null), HttpStatusCode.OK);
        await app.WithDbAsync(async db =>
        {
            while (await OutboxQueue.DispatchAsync(db, app.Services.GetRequiredService<IOutboxSender>(), TimeProvider.System.GetUtcNow(), default) > 0)
            {
            }
        });

        var subject = $"{project.Number} · ‘Core switch’ accepted by Mia Client · ";
        bool ToLead(SmtpSink.Received m) => (m.Message.Subject ?? "").StartsWith(subject, StringComparison.Ordinal) && m.Recipients.Contains(lead.Email, StringComparer.OrdinalIgnoreCase);
        await mailing.Sink.WaitUntilAsync(m => m.Any(ToLead));
        var mailed = Assert.Single(mailing.Sink.Messages, ToLead);
        Assert.Contains($"https://desk.msp.example/Projects/{project.Number}", mailed.Message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(mailing.Sink.Messages, m => (m.Message.Subject ?? "").StartsWith(subject, StringComparison.Ordinal) && m.Recipients.Any(r => r.StartsWith("clientcontact", StringComparison.OrdinalIgnoreCase)));
    }
}
