using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Closeout.CloseoutSetup;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.Closeout;

/// <summary>The one-page support handbook, and who may see the handbook, the hand-off and the close-out.</summary>
public sealed class SupportHandbookTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static readonly string[] ApiParts = ["handbook", "handoff", "closeout", "closeout/proposals"];
    private static readonly string[] PageParts = ["Handbook", "Handoff", "Closeout", "Closeout/Propose"];
    private static readonly string[] StaffPageParts = ["Closeout", "Handoff", "Closeout/Propose"];

    /// <summary>A project with escalation contacts, a hand-off, a signed close-out (one item not applicable) and deliverables.</summary>
    private async Task<(BatonAppFactory.ProjectSetup Project, BatonAppFactory.ClientSetup Client)> HandedOverProjectAsync()
    {
        var client = await app.CreateClientAsync("Acme Dental");
        var leadTech = await app.CreateAgentAsync("Dana Tech");
        var project = await app.CreateProjectAsync(client, leadTech, name: "Phone system migration", touchesSiteAndItem: true);
        await app.WithDbAsync(async db =>
        {
            var p = await db.Projects.SingleAsync(x => x.Id == project.Id);
            p.SetEscalationContacts([EscalationContact.Valid("Pat Vendor", "Carrier engineer", "+44 20 7946 0000", "", EscalationKind.EscalateTo, 0)], Someone.Staff, TimeProvider.System.GetUtcNow());
            await db.SaveChangesAsync();
        });
        await app.AddDeliverableAsync(project, "Desk phones deployed", accepted: true);
        await app.AddDeliverableAsync(project, "Fax to e-mail", inScope: false);
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync("Grace Lead"));
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{project.Number}/handoff")
        {
            Content = JsonContent.Create(new
            {
                heldOn = "2026-12-03",
                attendees = new[] { new { name = "Dana Tech", side = "Provider", role = "Lead tech" }, new { name = "Mia Chen", side = "Client", role = "Office manager" } },
                contactMatrix = new[] { new { situation = "Outage", clientCalls = "Service desk 0800 100 200", supportEscalatesTo = "Pat Vendor (carrier)" } },
                documentationLinks = new[] { new { title = "Call flows", url = "https://wiki.example.test/acme/callflows" } },
                openRisks = new[] { new { text = "Analogue lift line not ported yet", owner = "Dana Tech" } },
            }),
        };
        Assert.Equal(HttpStatusCode.OK, (await lead.SendAsync(request)).StatusCode);
        var begun = await BatonAppFactory.BeginCloseoutAsync(lead, project.Number);
        await BatonAppFactory.AnswerItemAsync(lead, project.Number, begun.Items().First(i => i.GetProperty("required").GetBoolean()), "NotApplicable", "No on-site network: cloud phones only");
        await BatonAppFactory.CompleteRequiredItemsAsync(lead, project.Number);
        await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off"), HttpStatusCode.OK);
        await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/release-lead"), HttpStatusCode.OK);
        return (project, client);
    }

    [Fact]
    public async Task TheHandbook_SaysWhatChanged_WhomToCall_WhereTheDocsAre_TheRisks_TheSignOffAndTheDeliverables()
    {
        var (project, client) = await HandedOverProjectAsync();
        using var agent = await app.ApiAsNewAgentAsync();

        var handbook = await agent.GetOkAsync($"/api/v1/projects/{project.Number}/handbook");

        Assert.Equal(("Phone system migration", "Acme Dental", "Dana Tech"), (handbook.GetProperty("name").GetString(), handbook.GetProperty("clientName").GetString(), handbook.GetProperty("leadTech").GetString()));
        Assert.Equal("Head office", handbook.GetProperty("sites")[0].GetProperty("name").GetString());
        Assert.Equal($"{client.Code}-SRV01", handbook.GetProperty("configurationItems")[0].GetProperty("name").GetString());
        Assert.Equal("Pat Vendor", handbook.GetProperty("escalationContacts")[0].GetProperty("name").GetString());
        var handoff = handbook.GetProperty("handoff");
        Assert.Equal("Service desk 0800 100 200", handoff.GetProperty("contactMatrix")[0].GetProperty("clientCalls").GetString());
        Assert.Equal("https://wiki.example.test/acme/callflows", handoff.GetProperty("documentationLinks")[0].GetProperty("url").GetString());
        Assert.Equal("Analogue lift line not ported yet", handoff.GetProperty("openRisks")[0].GetProperty("text").GetString());
        var closeout = handbook.GetProperty("closeout");
        Assert.Equal(("Grace Lead", "Grace Lead", 1), (closeout.GetProperty("signedOffBy").GetString(), closeout.GetProperty("leadReleasedBy").GetString(), closeout.GetProperty("itemsNotApplicable").GetInt32()));
        Assert.Equal("No on-site network: cloud phones only", closeout.GetProperty("notApplicable")[0].GetProperty("reason").GetString());
        Assert.Equal(["Desk phones deployed", "Fax to e-mail"], handbook.GetProperty("deliverables").EnumerateArray().Select(d => d.GetProperty("title").GetString()));
        Assert.Equal("Accepted", handbook.GetProperty("deliverables")[0].GetProperty("acceptance").GetString());
    }

    [Fact]
    public async Task TheHandbookPage_IsPrintable_AndTheProjectsOwnContactReadsIt()
    {
        var (project, client) = await HandedOverProjectAsync();
        var contact = await app.CreateContactUserAsync(client);
        using var page = await app.SignInAsync(contact.Email, BatonAppFactory.UserPassword);

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Projects/{project.Number}/Handbook"));
        var css = await (await page.GetAsync("/css/baton.css")).Content.ReadAsStringAsync();

        Assert.Contains($"Support handbook: {project.Number} Phone system migration", html, StringComparison.Ordinal);
        foreach (var expected in new[] { "Service desk 0800 100 200", "Pat Vendor (carrier)", "Call flows", "https://wiki.example.test/acme/callflows",
                     "Analogue lift line not ported yet", "No on-site network: cloud phones only", "Signed off by", "Grace Lead", "Desk phones deployed", "Out of scope", "Head office" })
        {
            Assert.Contains(expected, html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Edit the hand-off", html, StringComparison.Ordinal);
        Assert.Contains("@media print", css, StringComparison.Ordinal);
        Assert.Contains(".no-print", css[css.IndexOf("@media print", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContactOfAnotherClient_GetsNotFound_ForTheHandbookHandoffAndCloseout_OnPagesAndApi()
    {
        var (project, client) = await HandedOverProjectAsync();
        var stranger = await app.CreateContactUserAsync(await app.CreateClientAsync());
        using var strangerApi = await app.ApiAsAsync(stranger);
        using var strangerPage = await app.SignInAsync(stranger.Email, BatonAppFactory.UserPassword);
        using var ownApi = await app.ApiAsAsync(await app.CreateContactUserAsync(client));

        foreach (var url in ApiParts.Select(u => $"/api/v1/projects/{project.Number}/{u}"))
        {
            Assert.True((await strangerApi.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, $"stranger GET {url}");
        }

        foreach (var url in PageParts.Select(u => $"/Projects/{project.Number}/{u}"))
        {
            Assert.True((await strangerPage.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, $"stranger page {url}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await strangerApi.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerApi.PutAsJsonAsync($"/api/v1/projects/{project.Number}/handoff", new { heldOn = "2026-12-04" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ownApi.GetAsync($"/api/v1/projects/{project.Number}/handbook")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownApi.GetAsync($"/api/v1/projects/{project.Number}/closeout")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownApi.GetAsync($"/api/v1/projects/{project.Number}/handoff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownApi.PutAsJsonAsync($"/api/v1/projects/{project.Number}/handoff", new { heldOn = "2026-12-04" })).StatusCode);
        Assert.Equal(new DateOnly(2026, 12, 3), await app.WithDbAsync(db => db.HandoffMeetings.Where(h => h.ProjectId == project.Id).Select(h => h.HeldOn).SingleAsync()));
    }

    [Fact]
    public async Task TheProjectsOwnContact_IsTurnedAwayFromTheCloseoutAndHandoffPages()
    {
        var (project, client) = await HandedOverProjectAsync();
        var contact = await app.CreateContactUserAsync(client);
        using var page = await app.SignInAsync(contact.Email, BatonAppFactory.UserPassword);

        foreach (var url in StaffPageParts.Select(u => $"/Projects/{project.Number}/{u}"))
        {
            var response = await page.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/AccessDenied", StringComparison.Ordinal),
                $"own contact {url} → {(int)response.StatusCode} {response.Headers.Location}");
        }

        Assert.Equal(Roles.ClientContact, contact.Role);
    }
}
