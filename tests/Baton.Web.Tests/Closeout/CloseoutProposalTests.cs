using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Closeout.CloseoutSetup;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.Closeout;

/// <summary>The living document: a ticket after hand-off → a proposed item → accepted into a new version, or declined.</summary>
public sealed class CloseoutProposalTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private async Task<(BatonAppFactory.ProjectSetup Project, BatonAppFactory.TicketDto Ticket, BatonAppFactory.TestUser Tech, BatonAppFactory.ClientSetup Client)> ClosedProjectWithATicketAsync()
    {
        var client = await app.CreateClientAsync();
        var tech = await app.CreateAgentAsync("Sam Tech");
        var project = await app.CreateProjectAsync(client, await app.CreateAgentAsync(), ProjectStatus.Closed);
        using var api = await app.ApiAsAsync(tech);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client, "Nobody can print since the migration");
        return (project, ticket, tech, client);
    }

    [Fact]
    public async Task ATechnician_ProposesFromTheTicketPage_TheLeadAcceptsIt_AndANewVersionHasTheItem()
    {
        var (project, ticket, tech, _) = await ClosedProjectWithATicketAsync();
        using var techPage = await app.SignInAsync(tech.Email, BatonAppFactory.UserPassword);
        using var leadApi = await app.ApiAsAsync(await app.CreateSupportLeadAsync("Grace Lead"));
        var before = await BatonAppFactory.CurrentTemplateAsync(leadApi);
        var sectionKey = before.GetProperty("sections")[0].GetProperty("key").GetInt32();
        var text = Unique("Print servers and queues documented");

        var form = WebUtility.HtmlDecode(await techPage.GetHtmlAsync($"/Projects/{project.Number}/Closeout/Propose?ticket={ticket.Number}"));
        Assert.Contains($"value=\"{ticket.Number}\"", form, StringComparison.Ordinal);
        Assert.Contains("Nobody can print since the migration", form, StringComparison.Ordinal);
        var posted = await techPage.PostFormAsync($"/Projects/{project.Number}/Closeout/Propose", new()
        {
            ["Input.TicketNumber"] = ticket.Number, ["Input.Text"] = text, ["Input.SectionKey"] = sectionKey.ToString(CultureInfo.InvariantCulture),
            ["Input.Required"] = "true", ["Input.Reason"] = "We were hung out to dry: nobody knew which server the queues moved to.",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var queue = await leadApi.GetOkAsync("/api/v1/closeout-template/proposals?status=Pending");
        var proposal = queue.EnumerateArray().Single(p => p.GetProperty("text").GetString() == text);
        Assert.Equal((ticket.Number, project.Number, "Sam Tech"), (proposal.GetProperty("ticketNumber").GetString(), proposal.GetProperty("projectNumber").GetString(), proposal.GetProperty("proposedBy").GetString()));
        var accepted = await JsonAsync(await leadApi.PostJsonAsync($"/api/v1/closeout-template/proposals/{proposal.GetProperty("id").GetInt32()}/accept", new { guidance = "Queue, server, driver." }), HttpStatusCode.OK);

        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        Assert.Equal(before.Number() + 1, accepted.GetProperty("acceptedInVersion").GetInt32());
        var after = await BatonAppFactory.CurrentTemplateAsync(leadApi);
        Assert.Equal(before.Number() + 1, after.Number());
        Assert.Equal(("Queue, server, driver.", true), (after.Item(text).GetProperty("guidance").GetString(), after.Item(text).GetProperty("required").GetBoolean()));
        Assert.Equal(accepted.GetProperty("itemKey").GetInt32(), after.Item(text).GetProperty("key").GetInt32());
        Assert.Contains(ticket.Number, after.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(proposal.GetProperty("id").GetInt32(), after.GetProperty("proposalId").GetInt32());

        // The proposer sees the outcome: on the project's proposal page and as a notification linking the ticket.
        var outcome = WebUtility.HtmlDecode(await techPage.GetHtmlAsync($"/Projects/{project.Number}/Closeout/Propose"));
        Assert.Contains("Accepted</span> by Grace Lead into", outcome, StringComparison.Ordinal);
        Assert.Contains($"version {after.Number()}", outcome, StringComparison.Ordinal);
        var notices = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == tech.Id).ToListAsync());
        Assert.Contains(notices, n => n.TicketId == ticket.Id && n.Text.Contains("was accepted by Grace Lead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLeadDeclinesOnTheTemplatePage_WithAReason_AndTheProposerIsTold()
    {
        var (project, ticket, tech, _) = await ClosedProjectWithATicketAsync();
        using var techApi = await app.ApiAsAsync(tech);
        var lead = await app.CreateSupportLeadAsync("Grace Lead");
        using var leadPage = await app.SignInAsync(lead.Email, BatonAppFactory.UserPassword);
        var current = await BatonAppFactory.CurrentTemplateAsync(techApi);
        var text = Unique("Wallboard colours agreed");
        var created = await JsonAsync(await techApi.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/proposals", new
        {
            ticketNumber = ticket.Number, text, sectionKey = current.GetProperty("sections")[1].GetProperty("key").GetInt32(), required = false, reason = "The client asked us",
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture);
        Assert.Contains(text, WebUtility.HtmlDecode(await leadPage.GetHtmlAsync("/Admin/CloseoutTemplate")), StringComparison.Ordinal);

        var noReason = await leadPage.PostFormAsync("/Admin/CloseoutTemplate?handler=Decline", new() { ["Decline.ProposalId"] = id, ["Decline.Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("tell the proposer why", FieldError(await noReason.Content.ReadAsStringAsync(), "Decline.Reason"), StringComparison.OrdinalIgnoreCase);
        var declined = await leadPage.PostFormAsync("/Admin/CloseoutTemplate?handler=Decline", new() { ["Decline.ProposalId"] = id, ["Decline.Reason"] = "A client preference, not a hand-off gap." });

        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        var mine = await techApi.GetOkAsync("/api/v1/closeout-template/proposals?mine=true");
        var outcome = mine.EnumerateArray().Single(p => p.GetProperty("id").GetInt32() == created.GetProperty("id").GetInt32());
        Assert.Equal(("Declined", "A client preference, not a hand-off gap.", "Grace Lead"),
            (outcome.GetProperty("status").GetString(), outcome.GetProperty("declineReason").GetString(), outcome.GetProperty("decidedBy").GetString()));
        Assert.Equal(current.Number(), (await BatonAppFactory.CurrentTemplateAsync(techApi)).Number());
        var notices = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == tech.Id).Select(n => n.Text).ToListAsync());
        Assert.Contains(notices, n => n.Contains("was declined by Grace Lead: A client preference", StringComparison.Ordinal));
        var again = await leadPage.PostFormAsync("/Admin/CloseoutTemplate?handler=Decline", new() { ["Decline.ProposalId"] = id, ["Decline.Reason"] = "Twice" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already declined", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadProposals => new()
    {
        { "an active project", "status" },
        { "another client's ticket", "ticketNumber" },
        { "no such ticket", "ticketNumber" },
        { "not a ticket number", "ticketNumber" },
        { "an item already on the checklist", "text" },
        { "no reason", "reason" },
        { "a section that does not exist", "sectionKey" },
    };

    [Theory]
    [MemberData(nameof(BadProposals))]
    public async Task ABadProposal_IsAProblemNamingTheField_AndQueuesNothing(string name, string field)
    {
        var (closed, ticket, tech, client) = await ClosedProjectWithATicketAsync();
        using var api = await app.ApiAsAsync(tech);
        var current = await BatonAppFactory.CurrentTemplateAsync(api);
        var project = name == "an active project" ? await app.CreateProjectAsync(client, tech) : closed;
        var otherTicket = await BatonAppFactory.OpenIncidentAsync(api, await app.CreateClientAsync());
        var body = new Dictionary<string, object?>
        {
            ["ticketNumber"] = name switch { "another client's ticket" => otherTicket.Number, "no such ticket" => "INC-999999", "not a ticket number" => "printer", _ => ticket.Number },
            ["text"] = name == "an item already on the checklist" ? current.Items().First().GetProperty("text").GetString() : Unique("New item"),
            ["sectionKey"] = name == "a section that does not exist" ? 987654 : current.GetProperty("sections")[0].GetProperty("key").GetInt32(),
            ["required"] = true,
            ["reason"] = name == "no reason" ? " " : "Because",
        };
        var before = await app.WithDbAsync(db => db.CloseoutProposals.CountAsync());

        var errors = await ProblemErrorsAsync(await api.PostAsJsonAsync($"/api/v1/projects/{project.Number}/closeout/proposals", body), name);

        Assert.True(errors.TryGetProperty(field, out _), $"{name}: expected errors.{field} in {errors}");
        Assert.Equal(before, await app.WithDbAsync(db => db.CloseoutProposals.CountAsync()));
    }

    [Fact]
    public async Task OnlySupportLeads_Decide_AndAClientContactCannotPropose()
    {
        var (project, ticket, tech, client) = await ClosedProjectWithATicketAsync();
        using var techApi = await app.ApiAsAsync(tech);
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));
        var current = await BatonAppFactory.CurrentTemplateAsync(techApi);
        var body = new { ticketNumber = ticket.Number, text = Unique("Item"), sectionKey = current.GetProperty("sections")[0].GetProperty("key").GetInt32(), required = true, reason = "Because" };
        var created = await JsonAsync(await techApi.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/proposals", body), HttpStatusCode.Created);

        var accept = await techApi.PostJsonAsync($"/api/v1/closeout-template/proposals/{created.GetProperty("id").GetInt32()}/accept", new { });
        var contactProposes = await contact.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/proposals", body);

        Assert.Equal(HttpStatusCode.Forbidden, accept.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, contactProposes.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contact.PostJsonAsync("/api/v1/projects/PRJ-999999/closeout/proposals", body)).StatusCode);
        Assert.Equal("Pending", (await techApi.GetOkAsync($"/api/v1/closeout-template/proposals/{created.GetProperty("id").GetInt32()}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ThePageProposal_WithBadInput_ShowsTheMessageOnTheField()
    {
        var (project, ticket, tech, _) = await ClosedProjectWithATicketAsync();
        using var page = await app.SignInAsync(tech.Email, BatonAppFactory.UserPassword);
        using var api = await app.ApiAsAsync(tech);
        var sectionKey = (await BatonAppFactory.CurrentTemplateAsync(api)).GetProperty("sections")[0].GetProperty("key").GetInt32();

        var response = await page.PostFormAsync($"/Projects/{project.Number}/Closeout/Propose", new()
        {
            ["Input.TicketNumber"] = ticket.Number, ["Input.Text"] = Unique("Item"), ["Input.SectionKey"] = sectionKey.ToString(CultureInfo.InvariantCulture),
            ["Input.Required"] = "true", ["Input.Reason"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("what went wrong", FieldError(await response.Content.ReadAsStringAsync(), "Input.Reason"), StringComparison.OrdinalIgnoreCase);
        var proposals = await api.GetOkAsync($"/api/v1/projects/{project.Number}/closeout/proposals");
        Assert.Equal(0, proposals.GetArrayLength());
    }
}
