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

    private static readonly string[] Categories = ["Hardware", "Software", "Network", "E-mail", "Access", "Printing", "Other"];

    private static readonly (TicketKind Kind, string Title, string Description, int Category)[] TicketSeeds =
    [
        (TicketKind.Incident, "Outlook keeps asking for a password", "Since this morning Outlook prompts for my password every few minutes.", 3),
        (TicketKind.Incident, "Warehouse scanner cannot reach the WMS", "Handheld scanners in bay 4 show 'server unreachable'.", 2),
        (TicketKind.Incident, "Printer on 2nd floor jams on every job", "The HP on the second floor jams on the first page.", 5),
        (TicketKind.Incident, "VPN drops every 10 minutes", "Working from home, the VPN disconnects roughly every ten minutes.", 2),
        (TicketKind.Incident, "Shared drive S: is read-only", "Cannot save anything to S:, it says access denied.", 4),
        (TicketKind.Incident, "Laptop will not boot after update", "Stuck on the spinning dots after last night's update.", 0),
        (TicketKind.Incident, "Teams calls have no audio", "Others cannot hear me in Teams; the headset works elsewhere.", 1),
        (TicketKind.Incident, "Backup job failed on FILE01", "Nightly backup reported failure with error 0x80070005.", 2),
        (TicketKind.Incident, "Patient portal very slow", "The portal takes 30 seconds to load each page since Monday.", 1),
        (TicketKind.Incident, "Wi-Fi in meeting room B unusable", "Devices connect but get no IP address.", 2),
        (TicketKind.ServiceRequest, "New starter: laptop and accounts for J. Smith", "Starts on the 1st; needs a laptop, e-mail and CRM access.", 4),
        (TicketKind.ServiceRequest, "Install Adobe Acrobat Pro", "Need to edit PDFs for contracts.", 1),
        (TicketKind.ServiceRequest, "Add me to the Finance mailbox", "Please give me access to finance@ shared mailbox.", 4),
        (TicketKind.ServiceRequest, "Second monitor for reception", "Reception needs a second screen for the booking system.", 0),
        (TicketKind.ServiceRequest, "How do I set up an out-of-office?", "Going on leave next week.", 3),
        (TicketKind.ServiceRequest, "Leaver: disable account of P. Jones", "Last day Friday; please disable access and forward mail to manager.", 4),
        (TicketKind.ServiceRequest, "Quote for 5 new desktops", "Planning next quarter's replacements.", 0),
        (TicketKind.Incident, "CRM shows error 500 on save", "Saving an opportunity returns an error page.", 1),
        (TicketKind.Incident, "Phone system: no dial tone at depot", "All desk phones at the depot lost their dial tone.", 2),
        (TicketKind.ServiceRequest, "Reset MFA for my new phone", "I replaced my phone and can no longer approve sign-ins.", 4),
    ];

    private static readonly TicketStatus[] StatusMix =
    [
        TicketStatus.New, TicketStatus.New, TicketStatus.Acknowledged, TicketStatus.InProgress, TicketStatus.InProgress,
        TicketStatus.AwaitingCustomer, TicketStatus.Resolved, TicketStatus.Closed, TicketStatus.Closed, TicketStatus.InProgress,
    ];

    public static async Task FillAsync(BatonDb db, UserManager<BatonUser> users, string password, TimeProvider clock, Hypercare.HypercareIntake intake, CancellationToken ct)
    {
        var random = new Random(2026);
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
        db.Contracts.Add(new Contract(clients[0].Client.Id, new ContractTerms($"Managed service {year}", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), businessHours.Id, null, [], [],
            "Personal devices\nThird-party line-of-business applications\nHome broadband")));
        db.Contracts.Add(new Contract(clients[1].Client.Id, new ContractTerms("Gold 24×7", new DateOnly(year - 1, 7, 1), null, standard.Id, null, [], [.. clients[1].Items.Take(2).Select(i => i.Id)],
            "Printers not listed as covered items")));
        await db.SaveChangesAsync(ct);
        var serviceLevels = await ServiceLevelCatalogue.ForAsync(db, ct);

        var matrix = PriorityMatrix.Default;
        var sequences = await db.NumberSequences.ToDictionaryAsync(s => s.Name, ct);
        for (var i = 0; i < 60; i++)
        {
            var seed = TicketSeeds[i % TicketSeeds.Length];
            var (client, sites, contacts, items) = clients[i % clients.Count];
            var requester = contacts[random.Next(contacts.Count)];
            var opened = now.AddHours(-random.Next(2, 24 * 30)).AddMinutes(-random.Next(60));
            var sequence = sequences[TicketNumber.Prefix(seed.Kind)];
            sequence.Last++;
            var requesterActor = new Actor("demo", requester.Name);
            var ticket = Ticket.Open(
                new NewTicket(seed.Kind, seed.Title, seed.Description, client.Id, new RequesterRef(requester.Id, requester.Name),
                    sites[random.Next(sites.Count)].Id, random.Next(3) == 0 ? items[random.Next(items.Count)].Id : null,
                    categories[seed.Category].Id, seed.Category == 4 ? RequestType.NonTechnical : RequestType.Technical,
                    (Impact)random.Next(1, 4), (Urgency)random.Next(1, 4)),
                TicketNumber.Format(seed.Kind, sequence.Last), matrix, requesterActor, opened);
            if (serviceLevels.TermsFor(client.Id, DateOnly.FromDateTime(opened.UtcDateTime), ticket.CategoryId, null, ticket.ConfigurationItemId, null) is { } terms)
            {
                ticket.StartSla(terms.Terms, terms.Calendar);
            }

            var status = StatusMix[i % StatusMix.Length];
            var (agent, team) = staff[random.Next(staff.Count - 1)];
            var actor = new Actor(agent.Id, agent.DisplayName);
            var at = opened;
            DateTimeOffset Later() => at = at.AddMinutes(random.Next(5, 240)) is var t && t < now ? t : now;
            if (status != TicketStatus.New || i % 4 == 0)
            {
                ticket.Assign(new TeamRef(teams[team].Id, teams[team].Name), new AgentRef(agent.Id, agent.DisplayName), actor, Later());
                serviceLevels.Track(ticket, actor, at);
            }

            if (status >= TicketStatus.Acknowledged)
            {
                ticket.Acknowledge(actor, Later());
                serviceLevels.Track(ticket, actor, at);
                ticket.AddMessage($"Hi {requester.Name.Split(' ')[0]}, thanks for reporting this — I'm looking into it now.", MessageVisibility.Public, false, actor, Later());
            }

            if (status is TicketStatus.InProgress or TicketStatus.AwaitingCustomer or TicketStatus.Resolved or TicketStatus.Closed)
            {
                ticket.StartWork(actor, Later());
                serviceLevels.Track(ticket, actor, at);
                ticket.AddMessage("Checked the event logs; nothing obvious yet. Trying the usual suspects first.", MessageVisibility.Internal, false, actor, Later());
            }

            if (status == TicketStatus.AwaitingCustomer)
            {
                ticket.AddMessage("Could you tell me when this last worked, and send a screenshot of the error?", MessageVisibility.Public, false, actor, Later());
                serviceLevels.Track(ticket, actor, at);
                ticket.AwaitCustomer(actor, Later());
                serviceLevels.Track(ticket, actor, at);
            }

            if (status is TicketStatus.Resolved or TicketStatus.Closed)
            {
                ticket.Resolve("Found the cause and fixed it; confirmed working with the requester.", actor, Later());
                serviceLevels.Track(ticket, actor, at);
            }

            if (status == TicketStatus.Closed)
            {
                ticket.Close(actor, Later());
                serviceLevels.Track(ticket, actor, at);
            }

            db.Tickets.Add(ticket);
        }

        await db.SaveChangesAsync(ct);

        var world = new DemoProjects.DemoWorld([.. clients.Select(c => new DemoProjects.DemoClient(c.Client, c.Sites, c.Contacts, c.Items))], staff, teams, categories);
        var projects = await DemoProjects.FillAsync(db, world, clock, ct);
        await DemoHandOffs.FillAsync(db, world, projects, intake, clock, ct);
        var dana = staff[0].User;
        await DemoProjects.AttributeAsync(db, projects.PhoneMigration, "Phone system: no dial tone at depot", Domain.Insight.AttributionVerdict.CausedBy,
            "The depot handsets were swapped yesterday; the old PBX line cards were pulled early.", dana, now.AddHours(-1), ct);
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
