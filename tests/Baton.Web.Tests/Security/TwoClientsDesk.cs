using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Security;

/// <summary>
/// Two clients for the every-route isolation test. Client A is the demo desk (three clients with tickets, projects in every
/// state, engagements, deliverables, a hypercare month, close-outs, hand-offs, contracts, contacts) plus an attachment;
/// client B is a client of its own with a contact, a ticket and a project, whose contact makes every call. Every value in
/// <see cref="RouteValues"/> is a record of A's: none of it is B's to see or change.
/// </summary>
public sealed partial class TwoClientsDesk : IAsyncLifetime
{
    public TwoClientsDesk() => App.Settings["Baton:Demo"] = "true";

    public BatonAppFactory App { get; } = new();

    /// <summary>Client A's records, one of each kind a route takes.</summary>
    public sealed record Others(
        string Ticket, long AttachmentId, int ClientId, int ContactId, int ContractId, int CalendarId, int PolicyId, int ProjectTypeId,
        string ActiveProject, string HypercareProject, string TaggedTicket, string CloseoutProject, int CloseoutItemKey, string HandoffProject,
        (string Project, int Id) Engagement, (string Project, int Id) Deliverable, (string Project, int Id) ScopeChange, (string Project, int Id) CleanupItem,
        int ProposalId, int TemplateVersion, long NotificationId, int TeamId, int CategoryId, long LinkId, long ParticipantId, long MailId, long ConsultId, long MeetingId);

    /// <summary>
    /// Where a route parameter's value comes from: the first row whose <c>Where</c> occurs in the route template (case
    /// aside) and whose parameter matches. A route with a parameter no row fills fails the test naming it: add a row for
    /// the new record kind here (and the record to <see cref="Others"/>).
    /// </summary>
    public static readonly (string Where, string Parameter, Func<Others, string> Value)[] RouteValues =
    [
        ("/engagements/", "number", o => o.Engagement.Project),
        ("/deliverables/", "number", o => o.Deliverable.Project),
        ("/scope-changes/", "number", o => o.ScopeChange.Project),
        ("/cleanup-items/", "number", o => o.CleanupItem.Project),
        ("/closeout", "number", o => o.CloseoutProject),
        ("/hypercare", "number", o => o.HypercareProject),
        ("/feedback", "number", o => o.HypercareProject),
        ("/handoff", "number", o => o.HandoffProject),
        ("/handbook", "number", o => o.HandoffProject),
        ("closeout-template/versions/", "number", o => Id(o.TemplateVersion)),
        ("tickets/", "number", o => o.Ticket),
        ("projects/", "number", o => o.ActiveProject),
        ("", "ticketNumber", o => o.TaggedTicket),
        ("", "engagementId", o => Id(o.Engagement.Id)),
        ("", "deliverableId", o => Id(o.Deliverable.Id)),
        ("", "changeId", o => Id(o.ScopeChange.Id)),
        ("", "itemId", o => Id(o.CleanupItem.Id)),
        ("", "key", o => Id(o.CloseoutItemKey)),
        ("", "proposalId", o => Id(o.ProposalId)),
        ("", "attachmentId", o => o.AttachmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("", "clientId", o => Id(o.ClientId)),
        ("Admin/Clients", "id", o => Id(o.ClientId)),
        ("", "contactId", o => Id(o.ContactId)),
        ("", "contractId", o => Id(o.ContractId)),
        ("", "calendarId", o => Id(o.CalendarId)),
        ("", "policyId", o => Id(o.PolicyId)),
        ("", "typeId", o => Id(o.ProjectTypeId)),
        ("", "teamId", o => Id(o.TeamId)),
        ("", "categoryId", o => Id(o.CategoryId)),
        ("/automation-rules/", "ruleId", _ => "1"), // a shipped rule: the desk's, administrators only, no client's
        ("/mail-templates/", "templateKey", _ => "contact-notice"), // a shipped mail template: the desk's, administrators only
        ("/contact-roles/", "contactRoleId", _ => "1"), // the seeded IT manager role: the desk's list, for staff only, no client's
        ("", "linkId", o => o.LinkId.ToString(System.Globalization.CultureInfo.InvariantCulture)), // the demo's caused-by verdict at A
        ("/participants/", "participantId", o => o.ParticipantId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("/Mail/", "id", o => o.MailId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("/consults/", "consultId", o => o.ConsultId.ToString(System.Globalization.CultureInfo.InvariantCulture)), // a consult on A's ticket
        ("/meetings/", "meetingId", o => o.MeetingId.ToString(System.Globalization.CultureInfo.InvariantCulture)), // a meeting on A's ticket
        ("/openapi/", "documentName", _ => "v1"), // not a record: the API's description (OnPurpose in the test)
    ];

    public Others Other { get; private set; } = null!;

    public BatonAppFactory.ClientSetup ClientB { get; private set; } = null!;

    public BatonAppFactory.TestUser ContactB { get; private set; } = null!;

    public BatonAppFactory.TestUser Admin { get; private set; } = null!;

    /// <summary>Strings only A's records contain (client names, ticket and project numbers): B must never be shown one.</summary>
    public IReadOnlyList<string> Markers { get; private set; } = [];

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        Admin = await App.CreateUserAsync(Roles.Administrator);
        using var api = await App.ApiAsAsync(Admin);
        ClientB = await App.CreateClientAsync("Bravo Isolated " + Guid.NewGuid().ToString("N")[..4]);
        ContactB = await App.CreateContactUserAsync(ClientB);
        await BatonAppFactory.OpenIncidentAsync(api, ClientB, "Bravo's own incident");
        await App.CreateProjectAsync(ClientB, await App.CreateAgentAsync(), name: "Bravo's own project");

        var hypercare = await App.WithDbAsync(db => db.Projects.AsNoTracking().FirstAsync(p => p.Status == ProjectStatus.Hypercare));
        var tagged = await App.WithDbAsync(db => (
            from t in db.HypercareTags
            join k in db.Tickets on t.TicketId equals k.Id
            where t.ProjectId == hypercare.Id
            select k.Number).FirstAsync());
        var ticket = await App.WithDbAsync(db => db.Tickets.AsNoTracking()
            .Where(t => t.ClientId != ClientB.ClientId && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Resolved).OrderBy(t => t.Id).FirstAsync());
        var file = new ByteArrayContent("hello"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var form = new MultipartFormDataContent { { file, "file", "hello.txt" } };
        var uploaded = await api.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachmentId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // The demo has no clean-up items: one on A's first active project.
        var activeOfA = await App.WithDbAsync(db => db.Projects.Where(p => p.ClientId != ClientB.ClientId && p.Status == ProjectStatus.Active).OrderBy(p => p.Id).Select(p => p.Number).FirstAsync());
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/projects/{activeOfA}/cleanup-items", new { description = "Alpha clean-up" })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/participants", new { email = "alpha.boss@alpha.example" })).StatusCode);
        var consulted = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/consults", new { consulteeId = (await App.CreateAgentAsync()).Id, question = "Alpha's question?" });
        Assert.Equal(HttpStatusCode.Created, consulted.StatusCode);
        var consultId = (await consulted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var tomorrow = TimeProvider.System.GetUtcNow().AddDays(1);
        var called = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/meetings", new { title = "Alpha's meeting", start = tomorrow, end = tomorrow.AddHours(1), location = "Alpha HQ" });
        Assert.Equal(HttpStatusCode.Created, called.StatusCode);
        var meetingId = (await called.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var mailId = await App.WithDbAsync(async db =>
        {
            // A mail filed on A's ticket, stored as the intake stores one (staff open it in the page tests).
            using var raw = new MemoryStream("From: alpha@alpha.example\r\nTo: desk@msp.example\r\nSubject: Alpha's mail\r\nMessage-ID: <alpha-1@alpha.example>\r\n\r\nAlpha's words.\r\n"u8.ToArray());
            var key = await App.Services.GetRequiredService<Baton.Web.Infrastructure.Files.IAttachmentStore>().SaveAsync(raw, DateTimeOffset.UnixEpoch, default);
            var mail = new InboundMail
            {
                DedupKey = $"test:{Guid.NewGuid():N}", Source = "test", StorageKey = key, FromAddress = "alpha@alpha.example",
                Subject = "Alpha's mail", State = InboundMailState.Filed, Outcome = InboundMailOutcome.Reply, TicketId = ticket.Id, ReceivedAt = DateTimeOffset.UnixEpoch,
            };
            db.InboundMails.Add(mail);
            await db.SaveChangesAsync();
            return mail.Id;
        });

        Other = await App.WithDbAsync(async db =>
        {
            var notA = db.Projects.Where(p => p.ClientId != ClientB.ClientId);
            var active = await notA.Where(p => p.Status == ProjectStatus.Active).OrderBy(p => p.Id).Select(p => p.Number).FirstAsync();
            var checklist = await db.CloseoutChecklists.OrderBy(c => c.Id).FirstAsync();
            var closeoutProject = await db.Projects.Where(p => p.Id == checklist.ProjectId).Select(p => p.Number).SingleAsync();
            var itemKey = await db.CloseoutChecklistItems.Where(i => i.ChecklistId == checklist.Id).OrderBy(i => i.Key).Select(i => i.Key).FirstAsync();
            var handoff = await db.HandoffMeetings.Join(db.Projects, h => h.ProjectId, p => p.Id, (h, p) => p.Number).FirstAsync();
            var engagement = await db.Engagements.OrderBy(e => e.Id).Join(notA, e => e.ProjectId, p => p.Id, (e, p) => new { p.Number, e.Id }).FirstAsync();
            var deliverable = await db.Deliverables.OrderBy(e => e.Id).Join(notA, e => e.ProjectId, p => p.Id, (e, p) => new { p.Number, e.Id }).FirstAsync();
            var scopeChange = await db.ScopeChangeRequests.OrderBy(e => e.Id).Join(notA, e => e.ProjectId, p => p.Id, (e, p) => new { p.Number, e.Id }).FirstAsync();
            var cleanup = await db.CleanupItems.OrderBy(e => e.Id).Join(notA, e => e.ProjectId, p => p.Id, (e, p) => new { p.Number, e.Id }).FirstAsync();
            var contact = await db.Contacts.Where(c => c.ClientId == ticket.ClientId).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            Markers = [
                .. await db.Clients.Where(c => c.Id != ClientB.ClientId).Select(c => c.Name).ToListAsync(),
                .. await db.Tickets.Where(t => t.ClientId != ClientB.ClientId).Select(t => t.Number).ToListAsync(),
                .. await notA.Select(p => p.Number).ToListAsync(),
            ];
            return new Others(
                ticket.Number, attachmentId, ticket.ClientId, contact,
                await db.Contracts.Where(c => c.ClientId != ClientB.ClientId).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
                await db.ServiceCalendars.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
                await db.SlaPolicies.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
                await db.ProjectTypes.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
                active, hypercare.Number, tagged, closeoutProject, itemKey, handoff, (engagement.Number, engagement.Id), (deliverable.Number, deliverable.Id),
                (scopeChange.Number, scopeChange.Id), (cleanup.Number, cleanup.Id),
                await db.CloseoutProposals.OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync(),
                await db.CloseoutTemplateVersions.OrderBy(c => c.Id).Select(c => c.Number).FirstAsync(),
                await db.Notifications.OrderBy(n => n.Id).Select(n => n.Id).FirstOrDefaultAsync(),
                await db.Teams.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync(),
                await db.Categories.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
                await db.RecordLinks.OrderBy(l => l.Id).Select(l => l.Id).FirstAsync(),
                await db.TicketParticipants.Where(p => p.TicketId == ticket.Id).Select(p => p.Id).FirstAsync(),
                mailId, consultId, meetingId);
        });
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>A route Baton serves, its template without constraints, the path with A's values, and the parameters no row fills.</summary>
    public sealed record FilledRoute(RouteEndpoint Endpoint, string Template, string Path, IReadOnlyList<string> Unfilled);

    /// <summary>Every route Baton serves, its parameters filled from <see cref="RouteValues"/> with A's records.</summary>
    public IEnumerable<FilledRoute> Routes()
    {
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var plain = Constraint().Replace("/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'), "{$1}");
            var path = plain;
            var unfilled = new List<string>();
            foreach (var name in endpoint.RoutePattern.Parameters.Select(p => p.Name))
            {
                var row = RouteValues.FirstOrDefault(r => r.Parameter == name && plain.Contains(r.Where, StringComparison.OrdinalIgnoreCase));
                if (row.Value is null)
                {
                    unfilled.Add($"{{{name}}} in {plain}: e.g. (\"{Before(plain, name)}\", \"{name}\", o => <a record of client A's>)");
                    continue;
                }

                path = path.Replace("{" + name + "}", Uri.EscapeDataString(row.Value(Other)), StringComparison.Ordinal);
            }

            yield return new FilledRoute(endpoint, plain, path, unfilled);
        }
    }

    private static string Before(string template, string name)
    {
        var at = template.IndexOf("{" + name + "}", StringComparison.Ordinal);
        var start = template.LastIndexOf('/', Math.Max(0, at - 2));
        return at > 0 && start >= 0 ? template[start..at] : "";
    }

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z]+)(:[^}]*)?\??\}")]
    private static partial Regex Constraint();
}
