using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Projects.ProjectKit;

namespace Baton.Web.Tests.Projects;

/// <summary>A client contact sees their own organisation's projects and nothing of anyone else's: every other project is a 404.</summary>
public sealed class ProjectTenantIsolationTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private sealed record ProjectOfA(BatonAppFactory.ClientSetup Client, BatonAppFactory.ProjectSetup Project, int Engagement, int Deliverable, int Cleanup, int ScopeChange);

    private async Task<ProjectOfA> ArrangeAsync()
    {
        var client = await app.CreateClientAsync("Alpha " + Guid.NewGuid().ToString("N")[..4]);
        var lead = await app.CreateAgentAsync();
        var project = await app.CreateProjectAsync(client, lead, touchesSiteAndItem: true);
        using var staff = await app.ApiAsAsync(lead);
        var url = $"/api/v1/projects/{project.Number}";
        await JsonAsync(await staff.PutAsJsonAsync(url + "/escalation-contacts", new[] { new { name = "Secret Escalation", role = "CTO", phone = "+44 1", email = "", kind = "EscalateTo" } }), HttpStatusCode.OK);
        var engagement = (await JsonAsync(await staff.PostAsJsonAsync(url + "/engagements", new { date = "2027-01-12", start = "09:00", end = "10:00", kind = "OnSite" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var deliverable = (await JsonAsync(await staff.PostAsJsonAsync(url + "/deliverables", new { title = "Alpha deliverable", inScope = true }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var cleanup = (await JsonAsync(await staff.PostAsJsonAsync(url + "/cleanup-items", new { description = "Alpha clean-up" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var scope = (await JsonAsync(await staff.PostAsJsonAsync(url + "/scope-changes", new { description = "Alpha change" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        return new ProjectOfA(client, project, engagement, deliverable, cleanup, scope);
    }

    private static IEnumerable<(HttpMethod Method, string Url, object? Body)> EveryEndpoint(ProjectOfA a)
    {
        var p = $"/api/v1/projects/{a.Project.Number}";
        var slot = new { date = "2027-01-13", start = "09:00", end = "10:00", kind = "OnSite" };
        return
        [
            (HttpMethod.Get, p, null),
            (HttpMethod.Patch, p, new { name = "Hijacked" }),
            (HttpMethod.Post, p + "/transitions", new { transition = "Cancel", reason = "Hijacked" }),
            (HttpMethod.Get, p + "/escalation-contacts", null),
            (HttpMethod.Put, p + "/escalation-contacts", Array.Empty<object>()),
            (HttpMethod.Get, p + "/caused-incidents", null),
            (HttpMethod.Get, p + "/engagements", null),
            (HttpMethod.Post, p + "/engagements", slot),
            (HttpMethod.Get, $"{p}/engagements/{a.Engagement}", null),
            (HttpMethod.Put, $"{p}/engagements/{a.Engagement}", slot),
            (HttpMethod.Delete, $"{p}/engagements/{a.Engagement}", null),
            (HttpMethod.Get, p + "/deliverables", null),
            (HttpMethod.Post, p + "/deliverables", new { title = "Hijacked", inScope = true }),
            (HttpMethod.Get, $"{p}/deliverables/{a.Deliverable}", null),
            (HttpMethod.Put, $"{p}/deliverables/{a.Deliverable}", new { title = "Hijacked", inScope = false }),
            (HttpMethod.Delete, $"{p}/deliverables/{a.Deliverable}", null),
            (HttpMethod.Post, $"{p}/deliverables/{a.Deliverable}/accept", null),
            (HttpMethod.Post, $"{p}/deliverables/{a.Deliverable}/reject", new { reason = "Hijacked" }),
            (HttpMethod.Get, p + "/cleanup-items", null),
            (HttpMethod.Post, p + "/cleanup-items", new { description = "Hijacked" }),
            (HttpMethod.Post, $"{p}/cleanup-items/{a.Cleanup}/complete", null),
            (HttpMethod.Get, p + "/scope-changes", null),
            (HttpMethod.Post, p + "/scope-changes", new { description = "Hijacked" }),
            (HttpMethod.Get, $"{p}/scope-changes/{a.ScopeChange}", null),
            (HttpMethod.Post, $"{p}/scope-changes/{a.ScopeChange}/approve", new { deliverableTitle = "Hijacked" }),
            (HttpMethod.Post, $"{p}/scope-changes/{a.ScopeChange}/decline", new { note = "Hijacked" }),
        ];
    }

    [Fact]
    public async Task AContactOfAnotherClient_Gets404FromEveryEndpointOfTheProject_AndChangesNothing()
    {
        var a = await ArrangeAsync();
        var clientB = await app.CreateClientAsync("Bravo");
        var userB = await app.CreateContactUserAsync(clientB);
        using var contactB = await app.ApiAsAsync(userB);
        // The feed takes a feed token only; even one issued for this project's feed opens nothing of another client's.
        using var feedB = await app.FeedReaderAsync(userB, a.Project.Number);
        Assert.Equal(HttpStatusCode.NotFound, (await feedB.GetAsync($"/api/v1/projects/{a.Project.Number}/calendar.ics")).StatusCode);

        foreach (var (method, url, body) in EveryEndpoint(a))
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            if (method == HttpMethod.Patch)
            {
                request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
            }

            var response = await contactB.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url} → {(int)response.StatusCode}");
            Assert.DoesNotContain("Alpha", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var stored = await app.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == a.Project.Id));
        Assert.Equal(ProjectStatus.Active, stored.Status);
        Assert.NotEqual("Hijacked", stored.Name);
        Assert.Single(stored.EscalationContacts);
        Assert.Equal(1, await app.WithDbAsync(db => db.Engagements.CountAsync(e => e.ProjectId == a.Project.Id && !e.IsCancelled)));
        Assert.Equal(AcceptanceState.Pending, await app.WithDbAsync(db => db.Deliverables.Where(d => d.Id == a.Deliverable).Select(d => d.Acceptance).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.ScopeChangeRequests.CountAsync(s => s.ProjectId == a.Project.Id)));
        Assert.Equal(ScopeDecision.Pending, await app.WithDbAsync(db => db.ScopeChangeRequests.Where(s => s.Id == a.ScopeChange).Select(s => s.Decision).SingleAsync()));
    }

    [Fact]
    public async Task AContactOfAnotherClient_Gets404FromEveryProjectPage_AndItsForms()
    {
        var a = await ArrangeAsync();
        var clientB = await app.CreateClientAsync("Bravo");
        var contactB = await app.CreateContactUserAsync(clientB);
        using var page = await app.SignInAsync(contactB.Email, BatonAppFactory.UserPassword);
        var p = $"/Projects/{a.Project.Number}";

        foreach (var url in new[] { p, p + "/Edit", p + "/Escalation", p + "/Engagements", p + "/Deliverables", p + "/Deliverables?edit=" + a.Deliverable })
        {
            Assert.True((await page.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        }

        var posts = new (string Url, Dictionary<string, string> Fields)[]
        {
            ($"{p}?handler=Move", new() { ["Move.Transition"] = "Cancel", ["Move.Reason"] = "Hijacked" }),
            ($"{p}/Deliverables?handler=Accept&deliverableId={a.Deliverable}", []),
            ($"{p}/Deliverables?handler=Reject", new() { ["Reject.DeliverableId"] = Id(a.Deliverable), ["Reject.Reason"] = "Hijacked" }),
            ($"{p}/Deliverables?handler=Scope", new() { ["Scope.Description"] = "Hijacked" }),
            ($"{p}/Engagements?handler=Cancel&engagementId={a.Engagement}", []),
            ($"{p}?handler=CalendarToken", []),
        };
        foreach (var (url, fields) in posts)
        {
            var response = await page.PostFormAsync(url, fields, "/Projects");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {url} → {(int)response.StatusCode}");
        }

        Assert.Equal(AcceptanceState.Pending, await app.WithDbAsync(db => db.Deliverables.Where(d => d.Id == a.Deliverable).Select(d => d.Acceptance).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.ScopeChangeRequests.CountAsync(s => s.ProjectId == a.Project.Id)));
        Assert.Equal(ProjectStatus.Active, await app.WithDbAsync(db => db.Projects.Where(x => x.Id == a.Project.Id).Select(x => x.Status).SingleAsync()));
        Assert.DoesNotContain(a.Project.Number, await page.GetHtmlAsync("/Projects?Filter.Status=all"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContact_ListsOnlyTheirOwnProjects_WhateverTheFilterSays()
    {
        var a = await ArrangeAsync();
        var clientB = await app.CreateClientAsync("Bravo");
        var lead = await app.CreateAgentAsync();
        var ownProject = await app.CreateProjectAsync(clientB, lead);
        using var contactB = await app.ApiAsAsync(await app.CreateContactUserAsync(clientB));

        var listed = await JsonAsync(await contactB.GetAsync($"/api/v1/projects?clientId={a.Client.ClientId}"), HttpStatusCode.OK);
        Assert.Empty(listed.GetProperty("items").EnumerateArray());
        var own = await JsonAsync(await contactB.GetAsync("/api/v1/projects?limit=500"), HttpStatusCode.OK);
        Assert.Equal([ownProject.Number], own.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("number").GetString()));
        Assert.Empty((await JsonAsync(await contactB.GetAsync("/api/v1/projects?q=" + a.Project.Number), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AContact_SeesTheirOwnProject_WithoutTheDesksEscalationContactsOrAttributions()
    {
        var a = await ArrangeAsync();
        var contactA = await app.CreateContactUserAsync(a.Client);
        using var api = await app.ApiAsAsync(contactA);
        using var page = await app.SignInAsync(contactA.Email, BatonAppFactory.UserPassword);

        var project = await JsonAsync(await api.GetAsync($"/api/v1/projects/{a.Project.Number}"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, project.GetProperty("escalationContacts").ValueKind);
        Assert.Empty(project.GetProperty("availableTransitions").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/projects/{a.Project.Number}/escalation-contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/projects/{a.Project.Number}/caused-incidents")).StatusCode);

        var html = Text(await page.GetHtmlAsync($"/Projects/{a.Project.Number}"));
        Assert.Contains("Alpha deliverable", html, StringComparison.Ordinal);
        Assert.Contains("Head office", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret Escalation", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Caused incidents", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel project", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/Edit", html, StringComparison.Ordinal);
        Assert.Contains("/Account/AccessDenied", (await page.GetAsync($"/Projects/{a.Project.Number}/Edit")).Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains("/Account/AccessDenied", (await page.GetAsync($"/Projects/{a.Project.Number}/Escalation")).Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains("/Account/AccessDenied", (await page.GetAsync("/Projects/New")).Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }
}
