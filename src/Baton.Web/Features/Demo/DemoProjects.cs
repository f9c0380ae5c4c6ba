using Baton.Domain;
using Baton.Domain.Clients;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Teams;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Demo;

/// <summary>
/// The project side of the demo desk, so a first look tells the story: a phone migration cutting over tonight at
/// Northwind (an incident already attributed to it), a planned Wi-Fi refresh, a Microsoft 365 migration in hypercare at
/// Contoso with a month of tickets, a lab network project in close-out, Fabrikam's network refresh closed last week
/// and an older one closed months ago, and a cancelled onboarding.
/// </summary>
public static class DemoProjects
{
    public sealed record DemoClient(Client Client, List<Site> Sites, List<Contact> Contacts, List<ConfigurationItem> Items);

    public sealed record DemoWorld(IReadOnlyList<DemoClient> Clients, IReadOnlyList<(BatonUser User, int Team)> Staff, IReadOnlyList<Team> Teams, IReadOnlyList<Category> Categories);

    public sealed record Created(Project PhoneMigration, Project WifiRefresh, Project Tenant, Project LabNetwork, Project NetworkRefresh, Project OldFirewall, Project Onboarding);

    public static async Task<Created> FillAsync(BatonDb db, DemoWorld world, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var types = await db.ProjectTypes.ToDictionaryAsync(t => t.Name, t => t.Id, ct);
        var (northwind, contoso, fabrikam) = (world.Clients[0], world.Clients[1], world.Clients[2]);
        northwind.Client.SetTimeZone("Europe/Amsterdam");
        contoso.Client.SetTimeZone("Europe/London");
        fabrikam.Client.SetTimeZone("Europe/Paris");
        User("Ingrid Holm", out var ingrid);
        User("Sam Okafor", out var sam);
        User("Lena Weber", out var lena);
        User("Grace Adeyemi", out var grace);
        var support = new Actor(grace.Id, grace.DisplayName);

        // Go-live: planned, and for the projects that went live (handed over), when they did.
        async Task<Project> PlanAsync(DemoClient c, string name, string type, BatonUser lead, DateTimeOffset since, (int Planned, int? Actual) goLive, string description, Site[] sites, ConfigurationItem[] items)
        {
            var project = Project.Plan(c.Client.Id, new ProjectDetails(name, types[type], lead.Id, grace.Id, DateOnly.FromDateTime(since.UtcDateTime),
                today.AddDays(goLive.Planned), goLive.Actual is { } actual ? today.AddDays(actual) : null, null, description, [.. sites.Select(s => s.Id)], [.. items.Select(i => i.Id)]),
                await ProjectNumbers.NextAsync(db, ct), support, since);
            project.SetEscalationContacts(
            [
                EscalationContact.Valid(lead.DisplayName, "Lead tech", "+44 20 7946 0101", lead.Email, EscalationKind.ConferWith, 0),
                EscalationContact.Valid(c.Contacts[0].Name, c.Contacts[0].JobTitle, c.Contacts[0].Phone, c.Contacts[0].Email, EscalationKind.EscalateTo, 1),
            ], support, since);
            db.Projects.Add(project);
            await db.SaveChangesAsync(ct);
            return project;
        }

        void Engage(Project p, DemoClient c, DateOnly day, int startHour, int endHour, EngagementKind kind, BatonUser tech, string touches) =>
            db.Engagements.Add(new Engagement(p.Id, new EngagementSlot(day, new TimeOnly(startHour, 0), new TimeOnly(endHour, 0), kind, [tech.Id], touches, null),
                TimeZoneInfo.FindSystemTimeZoneById(c.Client.TimeZoneId), support, now));

        // Northwind: the phone migration, cutting over tonight; support needs to know before the calls come in.
        var phones = await PlanAsync(northwind, "Teams Phone migration", "UCaaS migration", ingrid, now.AddDays(-40), (0, null),
            "Moves 140 users from the on-premises PBX to Teams Phone; numbers port on the cut-over night. Desk phones at the depot are replaced by Teams handsets.",
            [northwind.Sites[0]], [northwind.Items[1]]);
        phones.Start(support, now.AddDays(-40));
        Engage(phones, northwind, today.AddDays(-1), 9, 12, EngagementKind.OnSite, ingrid, "Handset roll-out at the Rotterdam depot");
        Engage(phones, northwind, today, 18, 22, EngagementKind.CutOver, ingrid, "Number porting, call queues, SIP trunk; the old PBX is switched off");
        Engage(phones, northwind, today.AddDays(7), 8, 10, EngagementKind.Remote, sam, "Call-queue tuning after a week of use");
        db.Deliverables.AddRange(
            new Deliverable(phones.Id, "Numbers ported to Teams Phone", "All DDI and main numbers.", inScope: true, support, now),
            new Deliverable(phones.Id, "Call queues and auto attendant", "Reception, dispatch, after-hours.", inScope: true, support, now),
            new Deliverable(phones.Id, "Handsets at the depot", "24 Teams handsets.", inScope: true, support, now),
            new Deliverable(phones.Id, "Fax line", "The fax line stays on the old carrier.", inScope: false, support, now));
        db.ScopeChangeRequests.Add(new ScopeChangeRequest(phones.Id, "Add the Antwerp branch office (6 users)", "+2 days on site", "€1,800 fixed",
            new Actor("demo", northwind.Contacts[0].Name), now.AddDays(-3)));

        // Northwind: a Wi-Fi refresh, planned.
        var wifi = await PlanAsync(northwind, "Warehouse Wi-Fi refresh", "Network refresh", sam, now.AddDays(-5), (14, null),
            "Replaces the 2014 access points in the warehouse with Wi-Fi 6E; new SSIDs for scanners.", [northwind.Sites[0]], []);
        Engage(wifi, northwind, today.AddDays(14), 7, 15, EngagementKind.OnSite, sam, "Warehouse access points, scanner SSID");

        // Contoso: Microsoft 365 migration in hypercare for a month.
        var tenant = await PlanAsync(contoso, "Microsoft 365 migration", "Microsoft 365 migration", lena, now.AddDays(-75), (-28, null),
            "Mailboxes, file shares and the patient-portal single sign-on moved to Microsoft 365.", [contoso.Sites[0]], [contoso.Items[2]]);
        tenant.Start(support, now.AddDays(-75));
        db.Deliverables.Add(new Deliverable(tenant.Id, "Mailboxes migrated", null, inScope: true, support, now));
        await db.SaveChangesAsync(ct);
        var mailboxes = await db.Deliverables.SingleAsync(d => d.ProjectId == tenant.Id, ct);
        mailboxes.Accept(new Actor("demo", contoso.Contacts[0].Name), now.AddDays(-30));

        // Contoso: lab network segmentation, active, engagement today, close-out under way.
        var lab = await PlanAsync(contoso, "Lab network segmentation", "Network refresh", sam, now.AddDays(-30), (0, null),
            "Separates the lab analysers onto their own VLAN behind the firewall.", [contoso.Sites[1]], [contoso.Items[1]]);
        lab.Start(support, now.AddDays(-30));
        Engage(lab, contoso, today, 10, 12, EngagementKind.MaintenanceWindow, sam, "Firewall rules for the lab VLAN; analysers offline for 20 minutes");
        db.Deliverables.AddRange(
            new Deliverable(lab.Id, "Lab VLAN live", null, inScope: true, support, now),
            new Deliverable(lab.Id, "Network diagram updated", null, inScope: true, support, now));

        // Fabrikam: network refresh closed last week, and a firewall replacement closed in the spring.
        var network = await PlanAsync(fabrikam, "Network refresh", "Network refresh", ingrid, now.AddDays(-90), (-25, -21),
            "New core switches and firewall at the city office; the records archive joins over SD-WAN.", [.. fabrikam.Sites], [fabrikam.Items[1]]);
        network.Start(support, now.AddDays(-90));
        db.Deliverables.AddRange(
            new Deliverable(network.Id, "Core switches replaced", null, inScope: true, support, now),
            new Deliverable(network.Id, "SD-WAN link to the archive", null, inScope: true, support, now));
        var firewall = await PlanAsync(fabrikam, "Firewall replacement", "Network refresh", sam, now.AddDays(-240), (-215, -212),
            "Replaced the end-of-life firewall.", [fabrikam.Sites[0]], [fabrikam.Items[1]]);
        firewall.Start(support, now.AddDays(-240));
        firewall.RecordCloseoutSignOff(support, now.AddDays(-200));
        firewall.ReleaseLead(support, now.AddDays(-200));
        firewall.Close(support, now.AddDays(-200));
        var onboarding = await PlanAsync(fabrikam, "Document management onboarding", "New client onboarding", lena, now.AddDays(-20), (25, null),
            "Onboarding of the document management system.", [], []);
        onboarding.Cancel("The client chose to stay with their current supplier for document management.", support, now.AddDays(-12));
        await db.SaveChangesAsync(ct);
        return new Created(phones, wifi, tenant, lab, network, firewall, onboarding);

        void User(string name, out BatonUser user) => user = world.Staff.Single(s => s.User.DisplayName == name).User;
    }

    /// <summary>Attributes a demo incident to a project the way a technician does from the insight panel (timeline included).</summary>
    public static async Task AttributeAsync(BatonDb db, Project project, string ticketTitle, AttributionVerdict verdict, string note, BatonUser technician, DateTimeOffset at, CancellationToken ct)
    {
        var number = await db.Tickets.Where(t => t.ClientId == project.ClientId && t.Title == ticketTitle).OrderByDescending(t => t.Id).Select(t => t.Number).FirstOrDefaultAsync(ct);
        if (number is not null)
        {
            var user = new Infrastructure.Auth.CurrentUser(technician.Id, technician.DisplayName, IsStaff: true, IsAdministrator: false, IsManager: false, null, null, technician.TimeZoneId);
            await Insight.AttributeTicket.ExecuteAsync(db, user, number, new Insight.AttributeTicketRequest(project.Number, verdict, note), new FixedClock(at), ct);
        }
    }

    /// <summary>The demo's history happened in the past: each step runs on a clock stopped at its own moment.</summary>
    internal sealed class FixedClock(DateTimeOffset instant) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => instant;
    }
}
