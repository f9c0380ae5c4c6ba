using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Baton.Web.Tests.BadInput;

/// <summary>The demo desk: projects in every state, a hypercare month, close-outs, engagements; every route has something to resolve to.</summary>
public sealed class FuzzDesk : IAsyncLifetime
{
    public FuzzDesk() => App.Settings["Baton:Demo"] = "true";

    public BatonAppFactory App { get; } = new();

    public Task InitializeAsync()
    {
        _ = App.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Issue 9's class of defects, for every operation the OpenAPI document lists: bad input is answered with a 4xx
/// problem (a 400 names the field), never a 500, whatever the operation. Cases come from the document itself
/// (<see cref="OpenApiCases"/>), so a new endpoint is covered the day it is added.
/// </summary>
public sealed class EveryOperationBadInputTests(FuzzDesk desk, ITestOutputHelper output) : IClassFixture<FuzzDesk>
{
    private BatonAppFactory App => desk.App;

    private sealed record World(
        string Ticket, long TicketId, long AttachmentId, int ClientId, int ContactId, int? SiteId, int? ItemId, string AgentId, int TeamId,
        int CalendarId, int PolicyId, int ContractId, int ProjectTypeId, int? CategoryId,
        string ActiveProject, string HypercareProject, string TaggedTicket, string CloseoutProject, int CloseoutItemKey, string HandoffProject,
        (string Project, int Id) Engagement, (string Project, int Id) Deliverable, (string Project, int Id) ScopeChange, (string Project, int Id) CleanupItem,
        int ProposalId, int TemplateVersion, long LinkId, long ConsultId, long MeetingId);

    [Fact]
    public async Task EveryOperation_AnswersBadInputWithAProblemNamingTheField_NeverA500()
    {
        var admin = await App.CreateUserAsync(Roles.Administrator);
        using var api = await App.ApiAsAsync(admin);
        var world = await ArrangeAsync(api, admin.Id);
        var hypercareClient = await App.WithDbAsync(db => db.Projects.Where(p => p.Number == world.HypercareProject).Select(p => p.ClientId).SingleAsync());
        var hypercareContact = await App.WithDbAsync(db => db.Contacts.Where(c => c.ClientId == hypercareClient).Select(c => c.Id).FirstAsync());
        using var contact = await App.ApiAsAsync(await App.CreateUserAsync(Roles.ClientContact, new BatonAppFactory.ClientSetup(hypercareClient, "", hypercareContact, 0, 0)));

        var document = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var cases = new OpenApiCases(document, name => SampleFor(world, name));
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        var withoutCases = new List<string>();
        var unresolved = new List<string>();
        var stoppedAtTheDoor = new List<string>();
        var total = 0;
        var statuses = new SortedDictionary<int, int>();

        // Deletions last, so what they remove is still there for everything else.
        foreach (var operation in cases.Operations().Where(o => o.HasInput).OrderBy(o => o.Method == "DELETE"))
        {
            var path = FillPath(operation.Template, world);
            if (path.Contains('{', StringComparison.Ordinal))
            {
                unresolved.Add(path); // a new route parameter: give it a real value in FillPath
                continue;
            }

            var list = cases.For(operation, path).ToList();
            if (list.Count == 0)
            {
                withoutCases.Add(operation.Name);
                continue;
            }

            var answers = await SendAllAsync(api, operation, list);
            if (answers.All(a => a.Status is 403))
            {
                answers = await SendAllAsync(contact, operation, list); // an operation for the client's contact (feedback, acceptance)
            }

            // A bad path parameter is rightly a 404; body and query cases must get past the door to their validation.
            if ((operation.BodyMediaTypes.Count > 0 || operation.Parameters("query").Any()) && answers.All(a => a.Status is 403 or 404))
            {
                stoppedAtTheDoor.Add($"{operation.Name} ({path})");
            }

            total += list.Count;
            foreach (var a in answers)
            {
                statuses[a.Status] = statuses.GetValueOrDefault(a.Status) + 1;
            }

            foreach (var (badCase, status, mediaType, body) in answers)
            {
                var problem = status >= 500 ? "a server error"
                    : status >= 400 && mediaType != "application/problem+json" ? $"not problem details ({mediaType})"
                    : status == 400 && !NamesAField(body) ? "a 400 that names no field"
                    : null;
                if (problem is not null)
                {
                    failures.Add($"{operation.Name} — {badCase.Description}: {status}, {problem}: {(body.Length > 400 ? body[..400] : body)}");
                }
            }
        }

        output.WriteLine($"{total} cases over {cases.Operations().Count(o => o.HasInput)} operations in {clock.Elapsed.TotalSeconds:N1} s ({(TestDatabase.IsPostgres ? "PostgreSQL" : "SQLite")}).");
        output.WriteLine("Answers: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        output.WriteLine($"Stopped at 403/404 for every case: {string.Join("; ", stoppedAtTheDoor)}");
        Assert.True(unresolved.Count == 0, "Path parameters with no value in FillPath: " + string.Join(", ", unresolved));
        Assert.True(withoutCases.Count == 0, "Operations with no case: " + string.Join(", ", withoutCases));
        Assert.True(failures.Count == 0, $"{failures.Count} of {total} cases went wrong:\n" + string.Join("\n", failures));
        Assert.True(stoppedAtTheDoor.Count == 0, "Operations whose every case stopped at 403/404 (fix the world, so the cases reach validation): " + string.Join("; ", stoppedAtTheDoor));
    }

    private static bool NamesAField(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any(e => e.Name.Length > 0);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<List<(BadCase Case, int Status, string? MediaType, string Body)>> SendAllAsync(HttpClient api, ApiOperation operation, List<BadCase> cases)
    {
        var answers = new List<(BadCase, int, string?, string)>();
        foreach (var badCase in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), badCase.PathAndQuery);
            if (badCase.Body is not null)
            {
                request.Content = new ByteArrayContent(badCase.Body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", badCase.MediaType);
            }

            if (operation.Method is "PATCH" or "PUT" && await CurrentETagAsync(api, badCase.PathAndQuery.Split('?')[0]) is { } etag)
            {
                request.Headers.TryAddWithoutValidation("If-Match", etag);
            }

            using var response = await api.SendAsync(request);
            answers.Add((badCase, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()));
        }

        return answers;
    }

    private static async Task<string?> CurrentETagAsync(HttpClient api, string path)
    {
        if (path.Split("/closeout/items/") is [var closeout, var key])
        {
            // A close-out item has no GET of its own: its version is listed on the close-out.
            using var read = await api.GetAsync(closeout + "/closeout");
            if (!read.IsSuccessStatusCode)
            {
                return null;
            }

            var items = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray();
            return items.Where(i => i.GetProperty("key").ToString() == key).Select(i => $"\"{i.GetProperty("version")}\"").FirstOrDefault();
        }

        using var response = await api.GetAsync(path);
        return response.IsSuccessStatusCode ? response.Headers.ETag?.Tag : null;
    }

    /// <summary>Real values for every path parameter, chosen by what the route is about.</summary>
    private static string FillPath(string template, World w)
    {
        var project = template switch
        {
            _ when template.Contains("{engagementId}", StringComparison.Ordinal) => w.Engagement.Project,
            _ when template.Contains("{deliverableId}", StringComparison.Ordinal) => w.Deliverable.Project,
            _ when template.Contains("{changeId}", StringComparison.Ordinal) => w.ScopeChange.Project,
            _ when template.Contains("{itemId}", StringComparison.Ordinal) => w.CleanupItem.Project,
            _ when template.Contains("/closeout", StringComparison.Ordinal) => w.CloseoutProject,
            _ when template.Contains("/hypercare", StringComparison.Ordinal) || template.Contains("/feedback", StringComparison.Ordinal) => w.HypercareProject,
            _ when template.Contains("/handoff", StringComparison.Ordinal) || template.Contains("/handbook", StringComparison.Ordinal) => w.HandoffProject,
            _ => w.ActiveProject,
        };
        var values = new Dictionary<string, string>
        {
            ["{engagementId}"] = $"{w.Engagement.Id}", ["{deliverableId}"] = $"{w.Deliverable.Id}", ["{changeId}"] = $"{w.ScopeChange.Id}",
            ["{itemId}"] = $"{w.CleanupItem.Id}", ["{key}"] = $"{w.CloseoutItemKey}", ["{ticketNumber}"] = w.TaggedTicket,
            ["{attachmentId}"] = $"{w.AttachmentId}", ["{participantId}"] = "1", ["{clientId}"] = $"{w.ClientId}", ["{calendarId}"] = $"{w.CalendarId}",
            ["{policyId}"] = $"{w.PolicyId}", ["{contactId}"] = $"{w.ContactId}", ["{contractId}"] = $"{w.ContractId}", ["{typeId}"] = $"{w.ProjectTypeId}", ["{proposalId}"] = $"{w.ProposalId}",
            ["{teamId}"] = $"{w.TeamId}", ["{categoryId}"] = $"{w.CategoryId ?? 1}", ["{linkId}"] = $"{w.LinkId}",
            ["{contactRoleId}"] = "1", // the seeded IT manager role
            ["{ruleId}"] = "1", // a shipped automation rule
            ["{templateKey}"] = "contact-notice", // a shipped mail template
            ["{consultId}"] = $"{w.ConsultId}", // put to the caller, so an answer's cases reach its validation
            ["{meetingId}"] = $"{w.MeetingId}", // on the world's ticket, held an hour ago, so minutes reach their validation
        };
        var path = template.StartsWith("/api/v1/tickets/", StringComparison.Ordinal) ? template.Replace("{number}", w.Ticket, StringComparison.Ordinal)
            : template.StartsWith("/api/v1/closeout-template/", StringComparison.Ordinal) ? template.Replace("{number}", $"{w.TemplateVersion}", StringComparison.Ordinal)
            : template.Replace("{number}", project, StringComparison.Ordinal);
        foreach (var (name, value) in values)
        {
            path = path.Replace(name, value, StringComparison.Ordinal);
        }

        return path;
    }

    /// <summary>Plausible values for fields named like the world's records, so the other fields of a body pass and each case meets its own field's validation.</summary>
    private static JsonNode? SampleFor(World w, string name) => name switch
    {
        "clientId" => w.ClientId,
        "requesterId" or "contactId" => w.ContactId,
        "siteId" => w.SiteId,
        "configurationItemId" => w.ItemId,
        "siteIds" => new JsonArray(w.SiteId is { } s ? [JsonValue.Create(s)] : []),
        "configurationItemIds" or "coveredItemIds" => new JsonArray(w.ItemId is { } i ? [JsonValue.Create(i)] : []),
        "teamId" => w.TeamId,
        "assigneeId" or "leadTechId" or "projectManagerId" or "agentId" or "consulteeId" => w.AgentId,
        "calendarId" or "coverageCalendarId" => w.CalendarId,
        "slaPolicyId" => w.PolicyId,
        "projectTypeId" => w.ProjectTypeId,
        "categoryId" => w.CategoryId,
        "timeZoneId" => "UTC",
        "start" => "09:00",
        "end" => "17:00",
        "ticketNumber" => w.TaggedTicket,
        "projectNumber" => w.HypercareProject,
        _ => null,
    };

    private async Task<World> ArrangeAsync(HttpClient api, string callerId)
    {
        var hypercare = await App.WithDbAsync(db => db.Projects.AsNoTracking().FirstAsync(p => p.Status == ProjectStatus.Hypercare));
        var tagged = await App.WithDbAsync(db => (
            from t in db.HypercareTags
            join k in db.Tickets on t.TicketId equals k.Id
            where t.ProjectId == hypercare.Id && k.Status != TicketStatus.Closed && k.Status != TicketStatus.Resolved
            select k.Number).FirstAsync());
        var ticket = await App.WithDbAsync(db => db.Tickets.AsNoTracking()
            .Where(t => t.ClientId == hypercare.ClientId && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved && t.Number != tagged)
            .OrderBy(t => t.Id).FirstAsync());

        var file = new ByteArrayContent("hello"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var form = new MultipartFormDataContent { { file, "file", "hello.txt" } };
        var uploaded = await api.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachmentId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // A consult on the ticket, asked by a demo agent of the caller (the administrator), so answering it is theirs to do.
        var consultId = await App.WithDbAsync(async db =>
        {
            var askerId = await db.Users.Where(u => u.ClientId == null && u.Email!.EndsWith("@demo.baton.local") && u.Id != callerId).OrderBy(u => u.Email).Select(u => u.Id).FirstAsync();
            var consult = Baton.Domain.Informing.ConsultRequest.Ask(ticket.Id, askerId, callerId, "Is this the same fault as last week?", TimeProvider.System.GetUtcNow());
            db.ConsultRequests.Add(consult);
            await db.SaveChangesAsync();
            return consult.Id;
        });

        var anHourAgo = TimeProvider.System.GetUtcNow().AddHours(-1);
        var called = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/meetings", new { title = "Walk-through", start = anHourAgo, end = anHourAgo.AddMinutes(30), location = "Room 1" });
        Assert.Equal(HttpStatusCode.Created, called.StatusCode);
        var meetingId = (await called.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        return await App.WithDbAsync(async db =>
        {
            var active = await db.Projects.Where(p => p.Status == ProjectStatus.Active).OrderBy(p => p.Id).Select(p => p.Number).FirstAsync();
            var checklist = await db.CloseoutChecklists.OrderBy(c => c.Id).FirstAsync();
            var closeoutProject = await db.Projects.Where(p => p.Id == checklist.ProjectId).Select(p => p.Number).SingleAsync();
            var itemKey = await db.CloseoutChecklistItems.Where(i => i.ChecklistId == checklist.Id).OrderBy(i => i.Key).Select(i => i.Key).FirstAsync();
            var handoff = await db.HandoffMeetings.Join(db.Projects, h => h.ProjectId, p => p.Id, (h, p) => p.Number).FirstAsync();
            var engagement = await db.Engagements.OrderBy(e => e.Id).Join(db.Projects, e => e.ProjectId, p => p.Id, (e, p) => new { p.Number, e.Id }).FirstAsync();
            var deliverable = await db.Deliverables.OrderBy(e => e.Id).Join(db.Projects, e => e.ProjectId, p => p.Id, (e, p) => new { p.Number, e.Id }).FirstAsync();
            var scopeChange = await db.ScopeChangeRequests.OrderBy(e => e.Id).Join(db.Projects, e => e.ProjectId, p => p.Id, (e, p) => new { p.Number, e.Id }).FirstOrDefaultAsync();
            var cleanup = await db.CleanupItems.OrderBy(e => e.Id).Join(db.Projects, e => e.ProjectId, p => p.Id, (e, p) => new { p.Number, e.Id }).FirstOrDefaultAsync();
            return new World(
                ticket.Number, ticket.Id, attachmentId, ticket.ClientId, ticket.RequesterId, ticket.SiteId, ticket.ConfigurationItemId,
                await db.Users.Where(u => u.ClientId == null && u.Email!.EndsWith("@demo.baton.local")).OrderBy(u => u.Email).Select(u => u.Id).FirstAsync(),
                await db.Teams.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync(),
                await db.ServiceCalendars.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
                await db.SlaPolicies.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
                await db.Contracts.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
                await db.ProjectTypes.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
                await db.Categories.OrderBy(c => c.Id).Select(c => (int?)c.Id).FirstOrDefaultAsync(),
                active, hypercare.Number, tagged, closeoutProject, itemKey, handoff, (engagement.Number, engagement.Id), (deliverable.Number, deliverable.Id),
                scopeChange is null ? (active, 1) : (scopeChange.Number, scopeChange.Id), cleanup is null ? (active, 1) : (cleanup.Number, cleanup.Id),
                await db.CloseoutProposals.OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync(),
                await db.CloseoutTemplateVersions.OrderBy(c => c.Id).Select(c => c.Number).FirstAsync(),
                await db.RecordLinks.OrderBy(l => l.Id).Select(l => l.Id).FirstOrDefaultAsync(), // the demo's caused-by verdict is a link
                consultId, meetingId);
        });
    }
}
