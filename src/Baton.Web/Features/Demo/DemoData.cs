using Baton.Domain;
using Baton.Domain.Clients;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Teams;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Demo;

/// <summary>
/// A working desk for the first look (--demo): three clients with sites, contacts and configuration items,
/// four teams, eight staff, and about sixty tickets spread over every status, with replies and notes.
/// Deterministic (fixed seed), so screenshots and demos look the same every time.
/// </summary>
public static class DemoData
{
    private static readonly (string Name, string Code, string Domain, string[] Sites)[] ClientSeeds =
    [
        ("Northwind Logistics", "NWL", "northwind.example", ["Rotterdam depot", "Head office"]),
        ("Contoso Health", "CTH", "contoso-health.example", ["Main clinic", "Lab annex"]),
        ("Fabrikam Legal", "FBL", "fabrikam-legal.example", ["City office", "Records archive"]),
    ];

    private static readonly string[][] ContactNames =
    [
        ["Mia Chen", "Lars de Vries", "Noor Bakker", "Tom Jansen"],
        ["Priya Nair", "Owen Hughes", "Sara Lindqvist", "Ahmed Farouk"],
        ["Julia Romano", "Ben Carter", "Eva Novak", "Hugo Martin"],
    ];

    private static readonly (string Name, string Description)[] TeamSeeds =
    [
        ("Service desk", "First line: takes every call and e-mail, resolves what it can."),
        ("Infrastructure", "Servers, network, backups, cloud tenancy."),
        ("Applications", "Line-of-business applications and integrations."),
        ("Projects", "Project engineers on implementations; hand over to support at close-out."),
    ];

    private static readonly (string Name, string Email, string Role, int Team)[] StaffSeeds =
    [
        ("Dana Ops", "dana.ops@demo.baton.local", Roles.Agent, 0),
        ("Ravi Patel", "ravi.patel@demo.baton.local", Roles.Agent, 0),
        ("Chloe Martin", "chloe.martin@demo.baton.local", Roles.Agent, 0),
        ("Sam Okafor", "sam.okafor@demo.baton.local", Roles.Agent, 1),
        ("Lena Weber", "lena.weber@demo.baton.local", Roles.Agent, 1),
        ("Marco Rossi", "marco.rossi@demo.baton.local", Roles.Agent, 2),
        ("Ingrid Holm", "ingrid.holm@demo.baton.local", Roles.Agent, 3),
        ("Grace Adeyemi", "grace.adeyemi@demo.baton.local", Roles.Manager, 0),
    ];

    private static readonly string[] TeamLeads = ["Grace Adeyemi", "Sam Okafor", "Marco Rossi", "Ingrid Holm"];

    private static readonly string[] Categories = ["Hardware", "Software", "Network", "E-mail", "Access", "Printing", "Other"];

    public static async Task FillAsync(
        BatonDb db, UserManager<BatonUser> users, string password, TimeProvider clock, Hypercare.HypercareIntake intake, SlaEscalation escalation, CancellationToken ct)
    {
        var now = clock.GetUtcNow();

        var categories = Categories.Select(c => new Category(c)).ToList();
        db.Categories.AddRange(categories);
        var teams = TeamSeeds.Select(t => new Team(t.Name, t.Description)).ToList();
        db.Teams.AddRange(teams);

        var clients = new List<(Client Client, List<Site> Sites, List<Contact> Contacts, List<ConfigurationItem> Items)>();
        foreach (var (seed, index) in ClientSeeds.Select((s, i) => (s, i)))
        {
            var client = new Client(seed.Name, seed.Code);
            db.Clients.Add(client);
            await db.SaveChangesAsync(ct);
            var sites = seed.Sites.Select(s => new Site(client.Id, s, $"{s}, {seed.Name}")).ToList();
            db.Sites.AddRange(sites);
            await db.SaveChangesAsync(ct);
            var contacts = ContactNames[index].Select((n, i) => new Contact(client.Id, n, $"{n.Split(' ')[0].ToLowerInvariant()}.{n.Split(' ')[^1].ToLowerInvariant()}@{seed.Domain}",
                $"+31 10 555 0{index}{i}{i}", i == 0 ? "IT manager" : "Staff", sites[i % sites.Count].Id)).ToList();
            var items = new List<ConfigurationItem>
            {
                new(client.Id, $"{seed.Code}-FILE01", "Server", sites[0].Id),
                new(client.Id, $"{seed.Code}-FW01", "Firewall", sites[0].Id),
                new(client.Id, "Microsoft 365 tenant", "Cloud service", null),
                new(client.Id, $"{seed.Code}-PRN-2F", "Printer", sites[1].Id),
            };
            db.Contacts.AddRange(contacts);
            db.ConfigurationItems.AddRange(items);
            await db.SaveChangesAsync(ct);
            clients.Add((client, sites, contacts, items));

            // The first contact of each client can sign in to the portal.
            var portal = new BatonUser
            {
                UserName = contacts[0].Email, Email = contacts[0].Email, EmailConfirmed = true, DisplayName = contacts[0].Name,
                ClientId = client.Id, ContactId = contacts[0].Id, TimeZoneId = "Europe/Amsterdam",
            };
            await Create(users, portal, password, Roles.ClientContact);
        }

        var staff = new List<(BatonUser User, int Team)>();
        foreach (var seed in StaffSeeds)
        {
            var user = new BatonUser { UserName = seed.Email, Email = seed.Email, EmailConfirmed = true, DisplayName = seed.Name, TimeZoneId = "Europe/London" };
            await Create(users, user, password, seed.Role);
            db.TeamMembers.Add(new TeamMember(teams[seed.Team].Id, user.Id));
            staff.Add((user, seed.Team));
        }

        // Every team has a lead, who hears of its SLA crossings with the assignee.
        foreach (var (team, lead) in teams.Zip(TeamLeads))
        {
            team.SetLead(staff.Single(s => s.User.DisplayName == lead).User.Id);
        }

        await db.SaveChangesAsync(ct);

        // Service levels: an office-hours calendar and policy, a contract for two of the three clients.
        var office = new ServiceCalendar("London office hours", "Europe/London", ServiceCalendar.ParseHours("Mon-Fri 08:00-12:00, Mon-Fri 13:00-17:30"),
            ServiceCalendar.ParseHolidays("every 01-01 New Year's Day\nevery 12-25 Christmas Day\nevery 12-26 Boxing Day"));
        db.ServiceCalendars.Add(office);
        await db.SaveChangesAsync(ct);
        var businessHours = new SlaPolicy("Business hours", office.Id, 75, [TicketStatus.AwaitingCustomer],
        [
            new SlaTarget(Priority.P1, TimeSpan.FromHours(1), TimeSpan.FromHours(8)),
            new SlaTarget(Priority.P2, TimeSpan.FromHours(2), TimeSpan.FromHours(16)),
            new SlaTarget(Priority.P3, TimeSpan.FromHours(4), TimeSpan.FromHours(24)),
            new SlaTarget(Priority.P4, TimeSpan.FromHours(8), TimeSpan.FromHours(40)),
        ]);
        db.SlaPolicies.Add(businessHours);
        await db.SaveChangesAsync(ct);
        var standard = await db.SlaPolicies.SingleAsync(p => p.IsDefault, ct);
        var year = DateOnly.FromDateTime(now.UtcDateTime).Year;
        db.Contracts.Add(new Contract(clients[0].Client.Id, new ContractTerms($"Managed service {year - 1}–{year + 1}", new DateOnly(year - 1, 1, 1), new DateOnly(year + 1, 12, 31), businessHours.Id, null, [], [],
            "Personal devices\nThird-party line-of-business applications\nHome broadband")));
        db.Contracts.Add(new Contract(clients[1].Client.Id, new ContractTerms("Gold 24×7", new DateOnly(year - 1, 7, 1), null, standard.Id, null, [], [.. clients[1].Items.Take(2).Select(i => i.Id)],
            "Printers not listed as covered items")));
        await db.SaveChangesAsync(ct);
        var serviceLevels = await ServiceLevelCatalogue.ForAsync(db, ct);

        var world = new DemoProjects.DemoWorld([.. clients.Select(c => new DemoProjects.DemoClient(c.Client, c.Sites, c.Contacts, c.Items))], staff, teams, categories);
        await DemoTickets.FillAsync(db, world, serviceLevels, now, ct);
        var projects = await DemoProjects.FillAsync(db, world, clock, ct);
        await DemoHandOffs.FillAsync(db, world, projects, intake, serviceLevels, clock, ct);

        // The handset roll-out at the depot (yesterday's engagement) pulled the old PBX line cards early: an incident it caused.
        var rollout = await db.Engagements.Where(e => e.ProjectId == projects.PhoneMigration.Id && e.Kind == Domain.Projects.EngagementKind.OnSite)
            .Select(e => e.EndsAt).ToListAsync(ct);
        var raised = rollout.Single().AddMinutes(40);
        var title = await DemoTickets.FillCausedIncidentAsync(db, world, serviceLevels, raised, now, ct);
        var dana = staff[0].User;
        await DemoProjects.AttributeAsync(db, projects.PhoneMigration, title, Domain.Insight.AttributionVerdict.CausedBy,
            "The depot handsets were swapped at the roll-out; the old PBX line cards were pulled early.", dana, raised.AddHours(2), ct);
        await DemoTickets.EscalateAsync(db, world, escalation, now, ct);
    }

    private static async Task Create(UserManager<BatonUser> users, BatonUser user, string password, string role)
    {
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {user.Email}: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, role);
    }
}
