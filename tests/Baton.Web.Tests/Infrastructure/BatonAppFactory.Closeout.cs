using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain;
using Baton.Domain.Projects;
using Baton.Domain.Teams;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Infrastructure;

public sealed partial class BatonAppFactory
{
    /// <summary>A support lead by role: a manager.</summary>
    public Task<TestUser> CreateSupportLeadAsync(string? displayName = null) => CreateUserAsync(Roles.Manager, null, displayName);

    /// <summary>An agent who counts as a support lead because they lead a team.</summary>
    public async Task<TestUser> CreateTeamLeadAsync(string? displayName = null)
    {
        var agent = await CreateAgentAsync(displayName);
        await WithDbAsync(async db =>
        {
            var team = new Team(Unique("Support team "), null);
            db.Teams.Add(team);
            await db.SaveChangesAsync();
            db.TeamMembers.Add(new TeamMember(team.Id, agent.Id));
            team.SetLead(agent.Id);
            await db.SaveChangesAsync();
        });
        return agent;
    }

    /// <summary>A deliverable on the project, in or out of scope, accepted by the client when asked.</summary>
    public Task<int> AddDeliverableAsync(ProjectSetup project, string title, bool inScope = true, bool accepted = false) => WithDbAsync(async db =>
    {
        var deliverable = new Deliverable(project.Id, title, null, inScope, Someone.Staff, Someone.Time);
        db.Deliverables.Add(deliverable);
        await db.SaveChangesAsync();
        if (accepted)
        {
            deliverable.Accept(new Actor("client", "Client contact"), TimeProvider.System.GetUtcNow());
            await db.SaveChangesAsync();
        }

        return deliverable.Id;
    });

    /// <summary>The client accepts a pending deliverable (what the portal does).</summary>
    public Task AcceptDeliverableAsync(int deliverableId, string by = "Client contact") => WithDbAsync(async db =>
    {
        var deliverable = await db.Deliverables.SingleAsync(d => d.Id == deliverableId);
        deliverable.Accept(new Actor("client", by), TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
    });

    /// <summary>The client rejects a pending deliverable: a clean-up item is opened on the project.</summary>
    public Task<int> RejectDeliverableAsync(int deliverableId, string reason, string by = "Client contact") => WithDbAsync(async db =>
    {
        var deliverable = await db.Deliverables.SingleAsync(d => d.Id == deliverableId);
        var cleanup = deliverable.Reject(reason, new Actor("client", by), TimeProvider.System.GetUtcNow());
        db.CleanupItems.Add(cleanup);
        await db.SaveChangesAsync();
        return cleanup.Id;
    });

    /// <summary>The current template as the API returns it.</summary>
    public static async Task<JsonElement> CurrentTemplateAsync(HttpClient api)
    {
        var response = await api.GetAsync("/api/v1/closeout-template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    /// <summary>Begins close-out of the project through the API and returns the checklist.</summary>
    public static async Task<JsonElement> BeginCloseoutAsync(HttpClient api, string projectNumber)
    {
        var response = await api.PostAsync($"/api/v1/projects/{projectNumber}/closeout", null);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    /// <summary>Answers one item through the API (If-Match: the item's version); asserts success.</summary>
    public static async Task<JsonElement> AnswerItemAsync(HttpClient api, string projectNumber, JsonElement item, string state = "Done", string? reason = null, string? note = null)
    {
        var response = await AnswerItemRawAsync(api, projectNumber, item.GetProperty("key").GetInt32(), item.GetProperty("version").GetInt32(), state, reason, note);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    public static Task<HttpResponseMessage> AnswerItemRawAsync(HttpClient api, string projectNumber, int key, int? version, string state, string? reason = null, string? note = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{projectNumber}/closeout/items/{key}")
        {
            Content = JsonContent.Create(new { state, reason, note }),
        };
        if (version is { } v)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        }

        return api.SendAsync(request);
    }

    /// <summary>
    /// Marks every open required item of the project's checklist done: by hand, or, for an item proven by the hand-off
    /// meeting, by recording the meeting (held today, when none is recorded yet) unless <paramref name="recordHandoff"/> is false.
    /// Items whose text is in <paramref name="leaveOpen"/> stay open.
    /// </summary>
    public static async Task CompleteRequiredItemsAsync(HttpClient api, string projectNumber, bool recordHandoff = true, IReadOnlyCollection<string>? leaveOpen = null)
    {
        var closeout = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectNumber}/closeout"))!;
        foreach (var item in closeout.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("required").GetBoolean() && i.GetProperty("state").GetString() == "Open" && leaveOpen?.Contains(i.GetProperty("text").GetString()!) != true))
        {
            switch (item.GetProperty("provenBy").GetString())
            {
                case "None":
                    await AnswerItemAsync(api, projectNumber, item);
                    break;
                case "HandoffMeeting" when recordHandoff:
                    await RecordHandoffAsync(api, projectNumber);
                    break;
            }
        }
    }

    /// <summary>
    /// Records a plain hand-off meeting held on <paramref name="heldOn"/> (default: today, UTC) when the project has none;
    /// replaces the record at <paramref name="version"/> when given.
    /// </summary>
    public static async Task RecordHandoffAsync(HttpClient api, string projectNumber, DateOnly? heldOn = null, int? version = null)
    {
        var day = (heldOn ?? DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{projectNumber}/handoff")
        {
            Content = JsonContent.Create(new
            {
                heldOn = day,
                attendees = new object[] { new { name = "Dana Tech", side = "Provider", role = "Lead tech" }, new { name = "Mia Chen", side = "Client", role = "Office manager" } },
                contactMatrix = new[] { new { situation = "Outage", clientCalls = "Service desk", supportEscalatesTo = "On-call engineer" } },
            }),
        };
        if (version is { } v)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        }

        var response = await api.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
