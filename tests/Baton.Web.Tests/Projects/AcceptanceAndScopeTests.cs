using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Projects.ProjectKit;

namespace Baton.Web.Tests.Projects;

/// <summary>The customer defines completion: contacts accept or reject deliverables; asking for more is a scope change.</summary>
public sealed class AcceptanceAndScopeTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private sealed record World(BatonAppFactory.ClientSetup Client, BatonAppFactory.ProjectSetup Project, HttpClient Staff, HttpClient Contact, BatonAppFactory.TestUser ContactUser, string Url) : IDisposable
    {
        public void Dispose()
        {
            Staff.Dispose();
            Contact.Dispose();
        }
    }

    private async Task<World> ArrangeAsync()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var project = await app.CreateProjectAsync(client, lead);
        var contactUser = await app.CreateUserAsync(Baton.Web.Data.Roles.ClientContact, client, "Mia Client");
        return new World(client, project, await app.ApiAsAsync(lead), await app.ApiAsAsync(contactUser), contactUser, $"/api/v1/projects/{project.Number}");
    }

    private static async Task<int> AddDeliverableAsync(World w, string title, bool inScope = true) =>
        (await JsonAsync(await w.Staff.PostAsJsonAsync(w.Url + "/deliverables", new { title, inScope, description = "As agreed" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();

    [Fact]
    public async Task AContact_AcceptsAnInScopeDeliverable_RecordingWhoAndWhen()
    {
        using var w = await ArrangeAsync();
        var id = await AddDeliverableAsync(w, "Wi-Fi in the warehouse");

        var accepted = await JsonAsync(await w.Contact.PostAsync($"{w.Url}/deliverables/{id}/accept", null), HttpStatusCode.OK);

        Assert.Equal("Accepted", accepted.GetProperty("acceptance").GetString());
        Assert.Equal("Mia Client", accepted.GetProperty("decidedBy").GetString());
        Assert.NotEqual(JsonValueKind.Null, accepted.GetProperty("decidedAt").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await w.Contact.PostAsync($"{w.Url}/deliverables/{id}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await w.Contact.PostAsJsonAsync($"{w.Url}/deliverables/{id}/reject", new { reason = "Changed my mind" })).StatusCode);
    }

    [Fact]
    public async Task Rejecting_NeedsAReason_AndOpensACleanupItem_WhichWhenDoneResubmitsTheDeliverable()
    {
        using var w = await ArrangeAsync();
        var id = await AddDeliverableAsync(w, "Door access");

        Assert.NotEmpty(await FieldProblemAsync(await w.Contact.PostAsJsonAsync($"{w.Url}/deliverables/{id}/reject", new { reason = " " }), "reason"));
        Assert.False(await app.WithDbAsync(db => db.CleanupItems.AnyAsync(c => c.DeliverableId == id)));

        var rejected = await JsonAsync(await w.Contact.PostAsJsonAsync($"{w.Url}/deliverables/{id}/reject", new { reason = "The fire door does not open" }), HttpStatusCode.OK);
        Assert.Equal("Rejected", rejected.GetProperty("acceptance").GetString());
        var items = await JsonAsync(await w.Contact.GetAsync(w.Url + "/cleanup-items"), HttpStatusCode.OK);
        var item = Assert.Single(items.EnumerateArray());
        Assert.Equal("Door access: The fire door does not open", item.GetProperty("description").GetString());
        Assert.Equal("Open", item.GetProperty("status").GetString());
        Assert.Equal("Door access", item.GetProperty("deliverableTitle").GetString());

        var itemId = item.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Contact.PostAsync($"{w.Url}/cleanup-items/{itemId}/complete", null)).StatusCode);
        var done = await JsonAsync(await w.Staff.PostAsync($"{w.Url}/cleanup-items/{itemId}/complete", null), HttpStatusCode.OK);
        Assert.Equal("Done", done.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("doneBy").ValueKind);
        var again = await JsonAsync(await w.Contact.GetAsync($"{w.Url}/deliverables/{id}"), HttpStatusCode.OK);
        Assert.Equal("Pending", again.GetProperty("acceptance").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await w.Staff.PostAsync($"{w.Url}/cleanup-items/{itemId}/complete", null)).StatusCode);
        Assert.Equal("Accepted", (await JsonAsync(await w.Contact.PostAsync($"{w.Url}/deliverables/{id}/accept", null), HttpStatusCode.OK)).GetProperty("acceptance").GetString());
    }

    [Fact]
    public async Task StaffCannotAcceptForTheClient_AndOutOfScopeDeliverablesAreNotForAcceptance()
    {
        using var w = await ArrangeAsync();
        var inScope = await AddDeliverableAsync(w, "New phones");
        var outOfScope = await AddDeliverableAsync(w, "Home-worker headsets", inScope: false);

        Assert.Equal(HttpStatusCode.Forbidden, (await w.Staff.PostAsync($"{w.Url}/deliverables/{inScope}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Contact.PostAsJsonAsync(w.Url + "/deliverables", new { title = "Sneaky", inScope = true })).StatusCode);
        var refused = await w.Contact.PostAsync($"{w.Url}/deliverables/{outOfScope}/accept", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("scope change", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var list = await JsonAsync(await w.Contact.GetAsync(w.Url + "/deliverables"), HttpStatusCode.OK);
        Assert.Equal([true, false], list.EnumerateArray().Select(d => d.GetProperty("inScope").GetBoolean()));
        Assert.All(list.EnumerateArray(), d => Assert.Equal("Pending", d.GetProperty("acceptance").GetString()));
    }

    [Fact]
    public async Task Staff_EditAndRemoveDeliverables_ButReviewedOnesStayOnRecord()
    {
        using var w = await ArrangeAsync();
        var draft = await AddDeliverableAsync(w, "Draft");
        var reviewed = await AddDeliverableAsync(w, "Reviewed");
        await JsonAsync(await w.Contact.PostAsync($"{w.Url}/deliverables/{reviewed}/accept", null), HttpStatusCode.OK);

        var edited = await JsonAsync(await w.Staff.PutAsJsonAsync($"{w.Url}/deliverables/{draft}", new { title = "Draft, out of scope", inScope = false }), HttpStatusCode.OK);
        Assert.False(edited.GetProperty("inScope").GetBoolean());
        Assert.NotEmpty(await FieldProblemAsync(await w.Staff.PutAsJsonAsync($"{w.Url}/deliverables/{reviewed}", new { title = "Reviewed", inScope = false }), "inScope"));
        Assert.Equal(HttpStatusCode.Conflict, (await w.Staff.DeleteAsync($"{w.Url}/deliverables/{reviewed}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await w.Staff.DeleteAsync($"{w.Url}/deliverables/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Staff.GetAsync($"{w.Url}/deliverables/{draft}")).StatusCode);
    }

    [Fact]
    public async Task AScopeChange_IsAskedForByTheClient_EstimatedByTheProvider_AndApprovalAddsAnInScopeDeliverable()
    {
        using var w = await ArrangeAsync();

        Assert.Contains("provider estimates", await FieldProblemAsync(await w.Contact.PostAsJsonAsync(w.Url + "/scope-changes",
            new { description = "Also cover the car park with Wi-Fi", costImpact = "£1,200 fixed" }), "costImpact"), StringComparison.Ordinal);
        var raised = await JsonAsync(await w.Contact.PostAsJsonAsync(w.Url + "/scope-changes",
            new { description = "Also cover the car park with Wi-Fi" }), HttpStatusCode.Created);
        var id = raised.GetProperty("id").GetInt32();
        Assert.Equal("Pending", raised.GetProperty("decision").GetString());
        Assert.Equal("Mia Client", raised.GetProperty("requestedBy").GetString());
        var estimated = await JsonAsync(await w.Staff.PostAsJsonAsync(w.Url + "/scope-changes",
            new { description = "Cover the loading bay too", timeImpact = "+2 days on site", costImpact = "£1,200 fixed" }), HttpStatusCode.Created);
        Assert.Equal("+2 days on site", estimated.GetProperty("timeImpact").GetString());
        Assert.False(await app.WithDbAsync(db => db.Deliverables.AnyAsync(d => d.ProjectId == w.Project.Id)));

        Assert.Equal(HttpStatusCode.Forbidden, (await w.Contact.PostAsJsonAsync($"{w.Url}/scope-changes/{id}/approve", new { deliverableTitle = "Car park Wi-Fi" })).StatusCode);
        Assert.NotEmpty(await FieldProblemAsync(await w.Staff.PostAsJsonAsync($"{w.Url}/scope-changes/{id}/approve", new { deliverableTitle = "" }), "deliverableTitle"));
        var approved = await JsonAsync(await w.Staff.PostAsJsonAsync($"{w.Url}/scope-changes/{id}/approve", new { deliverableTitle = "Car park Wi-Fi", note = "PO 4471" }), HttpStatusCode.OK);

        Assert.Equal("Approved", approved.GetProperty("decision").GetString());
        Assert.NotEqual(JsonValueKind.Null, approved.GetProperty("decidedBy").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, approved.GetProperty("decidedAt").ValueKind);
        Assert.Equal("PO 4471", approved.GetProperty("decisionNote").GetString());
        var added = await app.WithDbAsync(db => db.Deliverables.AsNoTracking().SingleAsync(d => d.ProjectId == w.Project.Id));
        Assert.Equal(added.Id, approved.GetProperty("deliverableId").GetInt32());
        Assert.True(added.InScope);
        Assert.Equal("Car park Wi-Fi", added.Title);
        Assert.Equal(id, added.ScopeChangeRequestId);
        Assert.Equal(HttpStatusCode.Conflict, (await w.Staff.PostAsJsonAsync($"{w.Url}/scope-changes/{id}/decline", new { note = "Too late" })).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Deliverables.CountAsync(d => d.ProjectId == w.Project.Id)));
    }

    [Fact]
    public async Task ADeclinedScopeChange_AddsNothing()
    {
        using var w = await ArrangeAsync();
        var id = (await JsonAsync(await w.Staff.PostAsJsonAsync(w.Url + "/scope-changes", new { description = "Move the comms room" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var declined = await JsonAsync(await w.Staff.PostAsJsonAsync($"{w.Url}/scope-changes/{id}/decline", new { note = "A project of its own" }), HttpStatusCode.OK);

        Assert.Equal("Declined", declined.GetProperty("decision").GetString());
        Assert.Equal("A project of its own", declined.GetProperty("decisionNote").GetString());
        Assert.False(await app.WithDbAsync(db => db.Deliverables.AnyAsync(d => d.ProjectId == w.Project.Id)));
        var one = await JsonAsync(await w.Contact.GetAsync($"{w.Url}/scope-changes/{id}"), HttpStatusCode.OK);
        Assert.Equal("Declined", one.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task TwoDecidersAtOnce_MakeOneDecision_AndAddOneDeliverable()
    {
        using var w = await ArrangeAsync();
        var id = (await JsonAsync(await w.Contact.PostAsJsonAsync(w.Url + "/scope-changes", new { description = "Extra switch" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        using var second = await app.ApiAsNewAgentAsync();

        var responses = await Task.WhenAll(
            w.Staff.PostAsJsonAsync($"{w.Url}/scope-changes/{id}/approve", new { deliverableTitle = "Extra switch" }),
            second.PostAsJsonAsync($"{w.Url}/scope-changes/{id}/approve", new { deliverableTitle = "Extra switch" }),
            second.PostAsJsonAsync($"{w.Url}/scope-changes/{id}/decline", new { note = "No" }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var decision = await app.WithDbAsync(db => db.ScopeChangeRequests.Where(s => s.Id == id).Select(s => s.Decision).SingleAsync());
        Assert.Equal(decision == ScopeDecision.Approved ? 1 : 0, await app.WithDbAsync(db => db.Deliverables.CountAsync(d => d.ProjectId == w.Project.Id)));
    }

    [Fact]
    public async Task ThePortalPage_LetsAContactAcceptRejectAndAskForAChange()
    {
        using var w = await ArrangeAsync();
        var phones = await AddDeliverableAsync(w, "Desk phones");
        var voicemail = await AddDeliverableAsync(w, "Voicemail to e-mail");
        await AddDeliverableAsync(w, "Mobile app", inScope: false);
        using var page = await app.SignInAsync(w.ContactUser.Email, BatonAppFactory.UserPassword);
        var url = $"/Projects/{w.Project.Number}/Deliverables";

        var html = Text(await page.GetHtmlAsync(url));
        Assert.Contains("Explicitly out of scope", html, StringComparison.Ordinal);
        Assert.Contains("Mobile app", html, StringComparison.Ordinal);
        Assert.Contains("What is missing from Desk phones?", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync($"{url}?handler=Accept&deliverableId={phones}", [])).StatusCode);
        var noReason = await page.PostFormAsync(url + "?handler=Reject", new() { ["Reject.DeliverableId"] = Id(voicemail), ["Reject.Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("so the project can put it right", Text(await noReason.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync(url + "?handler=Reject", new() { ["Reject.DeliverableId"] = Id(voicemail), ["Reject.Reason"] = "Arrives as a blank mail" })).StatusCode);
        Assert.DoesNotContain("Impact on cost", html, StringComparison.Ordinal);
        var priced = await page.PostFormAsync(url + "?handler=Scope", new() { ["Scope.Description"] = "Add the reception phone", ["Scope.CostImpact"] = "£90" });
        Assert.Equal(HttpStatusCode.OK, priced.StatusCode);
        Assert.Contains("provider estimates the impact", Text(await priced.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync(url + "?handler=Scope", new() { ["Scope.Description"] = "Add the reception phone" })).StatusCode);

        var states = await app.WithDbAsync(db => db.Deliverables.Where(d => d.ProjectId == w.Project.Id).OrderBy(d => d.Id).Select(d => d.Acceptance).ToListAsync());
        Assert.Equal([AcceptanceState.Accepted, AcceptanceState.Rejected, AcceptanceState.Pending], states);
        Assert.Equal("Voicemail to e-mail: Arrives as a blank mail", await app.WithDbAsync(db => db.CleanupItems.Where(c => c.ProjectId == w.Project.Id).Select(c => c.Description).SingleAsync()));
        Assert.Equal("Add the reception phone", await app.WithDbAsync(db => db.ScopeChangeRequests.Where(s => s.ProjectId == w.Project.Id).Select(s => s.Description).SingleAsync()));
        var after = Text(await page.GetHtmlAsync(url));
        Assert.Contains("Arrives as a blank mail", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Mark done", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePage_LetsStaffKeepTheListFinishCleanupAndDecide()
    {
        using var w = await ArrangeAsync();
        var staffUser = await app.CreateAgentAsync("Sam Staff");
        using var page = await app.SignInAsync(staffUser.Email, BatonAppFactory.UserPassword);
        var url = $"/Projects/{w.Project.Number}/Deliverables";

        var noTitle = await page.PostFormAsync(url + "?handler=Deliverable", new() { ["Deliverable.Title"] = "", ["Deliverable.InScope"] = "true" });
        Assert.False(string.IsNullOrEmpty(FieldError(await noTitle.Content.ReadAsStringAsync(), "Deliverable.Title")));
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync(url + "?handler=Deliverable", new() { ["Deliverable.Title"] = "Printers", ["Deliverable.InScope"] = "true" })).StatusCode);
        var id = await app.WithDbAsync(db => db.Deliverables.Where(d => d.ProjectId == w.Project.Id).Select(d => d.Id).SingleAsync());
        await JsonAsync(await w.Contact.PostAsJsonAsync($"{w.Url}/deliverables/{id}/reject", new { reason = "Tray 2 jams" }), HttpStatusCode.OK);
        var itemId = await app.WithDbAsync(db => db.CleanupItems.Where(c => c.DeliverableId == id).Select(c => c.Id).SingleAsync());

        Assert.Contains("Mark done", await page.GetHtmlAsync(url), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync($"{url}?handler=CleanupDone&itemId={itemId}", [])).StatusCode);
        Assert.Equal(AcceptanceState.Pending, await app.WithDbAsync(db => db.Deliverables.Where(d => d.Id == id).Select(d => d.Acceptance).SingleAsync()));
        Assert.Equal("Sam Staff", await app.WithDbAsync(db => db.CleanupItems.Where(c => c.Id == itemId).Select(c => c.DoneBy).SingleAsync()));

        var changeId = (await JsonAsync(await w.Contact.PostAsJsonAsync(w.Url + "/scope-changes", new { description = "Colour printing" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var noName = await page.PostFormAsync(url + "?handler=Approve", new() { ["Decision.ChangeId"] = Id(changeId), ["Decision.DeliverableTitle"] = "" });
        Assert.Contains("Name the deliverable", Text(await noName.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync(url + "?handler=Approve", new() { ["Decision.ChangeId"] = Id(changeId), ["Decision.DeliverableTitle"] = "Colour printing" })).StatusCode);
        var html = Text(await page.GetHtmlAsync(url));
        Assert.Contains("Approved", html, StringComparison.Ordinal);
        Assert.Contains("Added by a scope change", html, StringComparison.Ordinal);
        Assert.Contains("Sam Staff", html, StringComparison.Ordinal);

        var declineId = (await JsonAsync(await w.Contact.PostAsJsonAsync(w.Url + "/scope-changes", new { description = "A3 plotter" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync(url + "?handler=Decline", new() { ["Decision.ChangeId"] = Id(declineId), ["Decision.Note"] = "Not this year" })).StatusCode);
        var changes = await JsonAsync(await w.Contact.GetAsync(w.Url + "/scope-changes"), HttpStatusCode.OK);
        Assert.Equal(["Declined", "Approved"], changes.EnumerateArray().Select(c => c.GetProperty("decision").GetString()));

        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync(url + "?handler=Deliverable", new() { ["Deliverable.Title"] = "Scanner", ["Deliverable.InScope"] = "true" })).StatusCode);
        var scanner = await app.WithDbAsync(db => db.Deliverables.Where(d => d.ProjectId == w.Project.Id && d.Title == "Scanner").Select(d => d.Id).SingleAsync());
        Assert.Contains("value=\"Scanner\"", await page.GetHtmlAsync($"{url}?edit={scanner}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync(url + "?handler=Deliverable", new() { ["Deliverable.Id"] = Id(scanner), ["Deliverable.Title"] = "Scanner (later)", ["Deliverable.InScope"] = "false" })).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Deliverables.Where(d => d.Id == scanner).Select(d => d.InScope).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync($"{url}?handler=Remove&deliverableId={scanner}", [])).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Deliverables.AnyAsync(d => d.Id == scanner)));
        var kept = await page.PostFormAsync($"{url}?handler=Remove&deliverableId={id}", []);
        Assert.Contains("stays on the record", Alert(await kept.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync(url + "?handler=Cleanup", new() { ["Cleanup.Description"] = "Label the printers", ["Cleanup.DeliverableId"] = Id(id) })).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.CleanupItems.AnyAsync(c => c.DeliverableId == id && c.Description == "Label the printers" && c.Status == CleanupStatus.Open)));
    }
}
