using Baton.Domain;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Demo;

/// <summary>
/// The everyday tickets of the demo desk: nine weeks of calls from the three clients, each one a plausible request for
/// that client (a how-to is a P4 service request, a printer jam is on the printer, the depot is at Northwind). Every
/// ticket is planned in its own SLA calendar (<see cref="TicketPlan"/>), so whatever day the demo starts on, the desk
/// is healthy: old tickets were answered and resolved within target and are closed, a few missed by a little (a real
/// desk's 90-odd percent), and only the steps whose moment has come have happened — the newest tickets are still open,
/// with time left. The two exceptions the demo shows on purpose are <see cref="OpenExceptionsAsync"/>.
/// </summary>
public static class DemoTickets
{
    /// <summary>What a ticket is about, so its configuration item fits its title.</summary>
    private enum Item
    {
        None,
        Server,
        Firewall,
        Tenant,
        Printer,
    }

    /// <summary>A ticket the desk sees again and again; <c>{code}</c> becomes the client's code. Client null: any client.</summary>
    private sealed record Seed(TicketKind Kind, string Title, string Description, int Category, Impact Impact, Urgency Urgency, Item Item, int Team, int? Client = null, int? Site = null);

    // Categories: 0 Hardware, 1 Software, 2 Network, 3 E-mail, 4 Access, 5 Printing, 6 Other. Teams: 0 Service desk, 1 Infrastructure, 2 Applications.
    private static readonly Seed[] Seeds =
    [
        new(TicketKind.Incident, "Outlook keeps asking for a password", "Since this morning Outlook prompts for my password every few minutes.", 3, Impact.Low, Urgency.High, Item.Tenant, 0),
        new(TicketKind.Incident, "Printer on 2nd floor jams on every job", "The printer on the second floor jams on the first page.", 5, Impact.Low, Urgency.Medium, Item.Printer, 0),
        new(TicketKind.Incident, "VPN drops every 10 minutes", "Working from home, the VPN disconnects roughly every ten minutes.", 2, Impact.Medium, Urgency.Medium, Item.Firewall, 1),
        new(TicketKind.Incident, "Shared drive S: is read-only", "Cannot save anything to S:, it says access denied.", 4, Impact.Medium, Urgency.High, Item.Server, 1),
        new(TicketKind.ServiceRequest, "New starter: laptop and accounts for J. Smith", "Starts on the 1st; needs a laptop, e-mail and CRM access.", 4, Impact.Medium, Urgency.Low, Item.None, 0),
        new(TicketKind.Incident, "Laptop will not boot after update", "Stuck on the spinning dots after last night's update.", 0, Impact.Low, Urgency.High, Item.None, 0),
        new(TicketKind.ServiceRequest, "Install Adobe Acrobat Pro", "Need to edit PDFs for contracts.", 1, Impact.Low, Urgency.Low, Item.None, 0),
        new(TicketKind.Incident, "Teams calls have no audio", "Others cannot hear me in Teams; the headset works elsewhere.", 1, Impact.Low, Urgency.Medium, Item.Tenant, 0),
        new(TicketKind.ServiceRequest, "Add me to the Finance mailbox", "Please give me access to the finance@ shared mailbox.", 4, Impact.Low, Urgency.Medium, Item.Tenant, 0),
        new(TicketKind.Incident, "Backup job failed on {code}-FILE01", "Nightly backup reported failure with error 0x80070005.", 2, Impact.Medium, Urgency.Medium, Item.Server, 1),
        new(TicketKind.ServiceRequest, "How do I set up an out-of-office?", "Going on leave next week.", 3, Impact.Low, Urgency.Low, Item.Tenant, 0),
        new(TicketKind.ServiceRequest, "Second monitor for reception", "Reception needs a second screen for the booking system.", 0, Impact.Low, Urgency.Low, Item.None, 0),
        new(TicketKind.ServiceRequest, "Leaver: disable account of P. Jones", "Last day Friday; please disable access and forward mail to the manager.", 4, Impact.Medium, Urgency.Medium, Item.Tenant, 0),
        new(TicketKind.Incident, "Firewall blocks the new supplier portal", "The supplier's ordering portal times out from the office, works from home.", 2, Impact.Medium, Urgency.Medium, Item.Firewall, 1),
        new(TicketKind.ServiceRequest, "Quote for 5 new desktops", "Planning next quarter's replacements.", 0, Impact.Low, Urgency.Low, Item.None, 0),
        new(TicketKind.ServiceRequest, "Reset MFA for my new phone", "I replaced my phone and can no longer approve sign-ins.", 4, Impact.Medium, Urgency.Medium, Item.Tenant, 0),
        new(TicketKind.Incident, "Printer toner warning will not clear", "The printer says the toner is low although the cartridge is new.", 5, Impact.Low, Urgency.Low, Item.Printer, 0),
        new(TicketKind.Incident, "Warehouse scanners cannot reach the WMS", "Handheld scanners in bay 4 show 'server unreachable'.", 2, Impact.High, Urgency.Medium, Item.None, 1, Client: 0, Site: 0),
        new(TicketKind.Incident, "CRM shows error 500 on save", "Saving an opportunity returns an error page.", 1, Impact.Medium, Urgency.Medium, Item.None, 2, Client: 0, Site: 1),
        new(TicketKind.Incident, "Wi-Fi drops in the warehouse aisles", "Scanners lose the network between aisles 12 and 20.", 2, Impact.Medium, Urgency.Medium, Item.None, 1, Client: 0, Site: 0),
        new(TicketKind.Incident, "Patient portal very slow", "The portal takes 30 seconds to load each page since Monday.", 1, Impact.High, Urgency.Medium, Item.Tenant, 2, Client: 1),
        new(TicketKind.Incident, "Lab analyser export fails overnight", "The nightly export of analyser results to the lab system stopped.", 1, Impact.Medium, Urgency.Medium, Item.None, 2, Client: 1, Site: 1),
        new(TicketKind.ServiceRequest, "Rota spreadsheet access for the clinic manager", "The new clinic manager needs edit rights on the rota.", 4, Impact.Low, Urgency.Medium, Item.None, 0, Client: 1, Site: 0),
        new(TicketKind.Incident, "Case files on {code}-FILE01 open slowly", "Opening a case folder takes a minute since last week.", 1, Impact.Medium, Urgency.Medium, Item.Server, 1, Client: 2),
        new(TicketKind.ServiceRequest, "Case files share access for a new paralegal", "A new paralegal starts Monday and needs the case files share.", 4, Impact.Low, Urgency.Medium, Item.Server, 0, Client: 2),
        new(TicketKind.Incident, "Document scanner at the records archive offline", "The scanner at the archive no longer appears on the network.", 0, Impact.Low, Urgency.Medium, Item.None, 0, Client: 2, Site: 1),
    ];

    /// <summary>How far back the everyday tickets go: enough that last month is always a full month of them.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(64);

    private const int Count = 170;

    public static async Task FillAsync(BatonDb db, DemoProjects.DemoWorld world, ServiceLevelCatalogue serviceLevels, DateTimeOffset now, CancellationToken ct)
    {
        await db.NumberSequences.LoadAsync(ct);
        var random = new Random(2026);
        var matrix = PriorityMatrix.Default;
        var decks = world.Clients.Select((_, c) => Seeds.Where(s => s.Client is null || s.Client == c).ToList()).ToList();
        var spacing = History / Count;
        var missed = new List<(Ticket Ticket, TicketPlan Plan, BusinessCalendar Calendar, bool Response, bool Resolution)>();
        for (var i = 0; i < Count; i++)
        {
            var c = i % world.Clients.Count;
            var client = world.Clients[c];
            var seed = decks[c][(i / world.Clients.Count) % decks[c].Count];
            var opened = now - History + (spacing * i) + TimeSpan.FromMinutes(random.Next((int)spacing.TotalMinutes / 2));
            var requester = client.Contacts[random.Next(client.Contacts.Count)];
            var item = ItemFor(client, seed.Item);
            var siteId = item?.SiteId ?? (seed.Site is { } s ? client.Sites[s].Id : requester.SiteId);
            var ticket = Open(db, world, client, new Opening(seed.Kind, seed.Title.Replace("{code}", client.Client.Code, StringComparison.Ordinal), seed.Description,
                requester, siteId, item?.Id, seed.Category, seed.Impact, seed.Urgency), matrix, serviceLevels, opened, out var calendar);

            // A desk that works: answered within 15–60 % of the target, resolved within 20–60 % of it; now and then one
            // misses by a little (once the whole story of that ticket is over, so no open ticket is ever breached).
            var (responseShare, resolutionShare) = (0.15 + (random.Next(46) / 100.0), 0.2 + (random.Next(41) / 100.0));
            var customerTakes = i % 6 == 3 ? TimeSpan.FromHours(2 + (i % 5 * 4)) : (TimeSpan?)null;
            var plan = Plan(ticket, calendar, responseShare, resolutionShare, customerTakes);
            var (missResponse, missResolution) = (i % 13 == 4, i % 11 == 7);
            if (missResponse || missResolution)
            {
                var late = Plan(ticket, calendar, missResponse ? 1.15 + (random.Next(40) / 100.0) : responseShare,
                    missResolution ? 1.1 + (random.Next(30) / 100.0) : resolutionShare, customerTakes);
                if (late.Resolved <= now)
                {
                    plan = late;
                    missed.Add((ticket, plan, calendar, missResponse, missResolution));
                }
            }

            var (agent, team) = AgentFor(world, seed.Team, random);
            Play(ticket, plan, requester, new TeamRef(team.Id, team.Name), agent, serviceLevels, now);
        }

        await db.SaveChangesAsync(ct);
        await OpenExceptionsAsync(db, world, serviceLevels, now, ct);

        // What the escalation job noticed at the time on the tickets that missed: at risk, then breached (no notices: read long ago).
        foreach (var (ticket, plan, calendar, response, resolution) in missed)
        {
            var sla = ticket.Sla!;
            if (response)
            {
                AddCrossings(db, ticket.Id, SlaClockKind.FirstResponse, calendar, sla.StartedAt, sla.ResponseTarget, sla.WarningPercent, []);
            }

            if (resolution)
            {
                AddCrossings(db, ticket.Id, SlaClockKind.Resolution, calendar, sla.StartedAt, sla.ResolutionTarget, sla.WarningPercent,
                    plan.Waiting is { } waiting ? [waiting] : []);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private const string ArchiveDown = "Records archive offline: SD-WAN box has no power";
    private const string KioskFrozen = "Check-in kiosk at the main clinic freezes on start-up";

    /// <summary>
    /// The exceptions the demo shows on purpose, at instants relative to now on 24×7 clocks (so they hold on any date):
    /// Fabrikam's archive lost its SD-WAN link (the single power supply named as a risk at the hand-off failed), breached
    /// two hours ago and escalated to the Infrastructure lead; and a Contoso kiosk at risk, with under five hours left.
    /// Opened with the everyday tickets; <see cref="EscalateAsync"/> plays their escalation once the desk is complete.
    /// </summary>
    private static async Task OpenExceptionsAsync(BatonDb db, DemoProjects.DemoWorld world, ServiceLevelCatalogue serviceLevels, DateTimeOffset now, CancellationToken ct)
    {
        var matrix = PriorityMatrix.Default;
        var (contoso, fabrikam) = (world.Clients[1], world.Clients[2]);
        var infrastructure = world.Teams[1];
        var lena = Staff(world, "Lena Weber");
        var archive = Open(db, world, fabrikam, new Opening(TicketKind.Incident, ArchiveDown,
            "Nobody at the records archive can reach the case files; the SD-WAN box shows no lights.", fabrikam.Contacts[1], fabrikam.Sites[1].Id, null, 2, Impact.Medium, Urgency.High),
            matrix, serviceLevels, now.AddHours(-10), out var archiveCalendar);
        var archivePlan = Plan(archive, archiveCalendar, 0.35, 5, null); // resolution far beyond the target: it is still open
        Play(archive, archivePlan, fabrikam.Contacts[1], new TeamRef(infrastructure.Id, infrastructure.Name), lena, serviceLevels, now);
        archive.AddMessage("The box has no power: the single power supply named as a risk at the network refresh hand-off has failed. Replacement ordered from the vendor.",
            MessageVisibility.Internal, false, Actor(lena), archivePlan.Started.AddMinutes(40));

        var kiosk = Open(db, world, contoso, new Opening(TicketKind.Incident, KioskFrozen,
            "The patient check-in kiosk by the entrance hangs on the start-up screen.", contoso.Contacts[2], contoso.Sites[0].Id, null, 0, Impact.Medium, Urgency.Medium),
            matrix, serviceLevels, now.AddHours(-19).AddMinutes(-10), out var kioskCalendar);
        Play(kiosk, Plan(kiosk, kioskCalendar, 0.2, 5, null), contoso.Contacts[2], new TeamRef(world.Teams[0].Id, world.Teams[0].Name), Staff(world, "Dana Ops"), serviceLevels, now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The escalation job, run at the moments it would have run: the archive at risk, then breached (the assignee and the
    /// Infrastructure lead are told), then the kiosk at risk; and the lead taking the breach on. The desk being healthy,
    /// the job finds nothing else.
    /// </summary>
    public static async Task EscalateAsync(BatonDb db, DemoProjects.DemoWorld world, SlaEscalation escalation, DateTimeOffset now, CancellationToken ct)
    {
        var clocks = await db.Tickets.AsNoTracking().Where(t => t.Title == ArchiveDown || t.Title == KioskFrozen)
            .Select(t => new { t.Title, t.Sla!.ResolutionWarnAt, t.Sla.ResolutionDueAt }).ToDictionaryAsync(t => t.Title, ct);
        var archive = clocks[ArchiveDown];
        await escalation.RunOnceAsync(db, archive.ResolutionWarnAt!.Value.AddMinutes(1), ct);
        await escalation.RunOnceAsync(db, archive.ResolutionDueAt!.Value.AddMinutes(1), ct);
        await escalation.RunOnceAsync(db, clocks[KioskFrozen].ResolutionWarnAt!.Value.AddMinutes(1), ct);

        var sam = Staff(world, "Sam Okafor");
        var escalated = await db.Tickets.SingleAsync(t => t.Title == ArchiveDown, ct);
        escalated.AddMessage("Escalated to me as Infrastructure lead. The courier brings the replacement power supply this afternoon; until then the archive works over the 4G backup link.",
            MessageVisibility.Internal, false, Actor(sam), archive.ResolutionDueAt.Value.AddMinutes(30));
        escalated.AddMessage("Hi Ben, the archive's network box lost its power supply; a replacement arrives this afternoon. Until then the archive is on the 4G backup link, a little slower.",
            MessageVisibility.Public, false, Actor(sam), now.AddMinutes(-40));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The incident the Teams Phone handset roll-out caused: raised at the depot after that engagement, resolved the same afternoon.</summary>
    public static async Task<string> FillCausedIncidentAsync(BatonDb db, DemoProjects.DemoWorld world, ServiceLevelCatalogue serviceLevels, DateTimeOffset after, DateTimeOffset now, CancellationToken ct)
    {
        await db.NumberSequences.LoadAsync(ct);
        var northwind = world.Clients[0];
        var ticket = Open(db, world, northwind, new Opening(TicketKind.Incident, "Phone system: no dial tone at depot", "All desk phones at the depot lost their dial tone.",
            northwind.Contacts[1], northwind.Sites[0].Id, null, 2, Impact.High, Urgency.High), PriorityMatrix.Default, serviceLevels, after, out var calendar);
        var plan = Plan(ticket, calendar, 0.3, 0.35, null);
        Play(ticket, plan, northwind.Contacts[1], new TeamRef(world.Teams[1].Id, world.Teams[1].Name), Staff(world, "Sam Okafor"), serviceLevels, now);
        await db.SaveChangesAsync(ct);
        return ticket.Title;
    }

    /// <summary>
    /// When each step of a demo ticket happens, planned in business time of the ticket's own calendar, so its SLA
    /// outcome is the one intended on any date: answered after a share of the response target,
    /// resolved after a share of the resolution target (the time waiting on the customer not
    /// counting), closed three days later.
    /// </summary>
    internal sealed record TicketPlan(DateTimeOffset Assigned, DateTimeOffset Responded, DateTimeOffset Started, Pause? Waiting, DateTimeOffset Resolved, DateTimeOffset Closed)
    {
        public static TicketPlan For(BusinessCalendar calendar, DateTimeOffset created, TimeSpan responseTarget, TimeSpan resolutionTarget,
            double responseShare, double resolutionShare, TimeSpan? customerTakes)
        {
            var respondAfter = responseTarget * responseShare;
            var work = resolutionTarget * resolutionShare;
            work = work > respondAfter + TimeSpan.FromMinutes(40) ? work : respondAfter + TimeSpan.FromMinutes(40);
            Pause? waiting = null;
            if (customerTakes is { } takes)
            {
                var asked = calendar.Due(created, respondAfter + TimeSpan.FromMinutes(25));
                waiting = new Pause(asked, asked + takes);
            }

            var resolved = calendar.Due(created, work, waiting is { } pause ? [pause] : []);
            return new TicketPlan(calendar.Due(created, respondAfter / 2), calendar.Due(created, respondAfter), calendar.Due(created, respondAfter + TimeSpan.FromMinutes(10)),
                waiting, resolved, resolved.AddDays(3));
        }
    }

    private sealed record Opening(TicketKind Kind, string Title, string Description, Domain.Clients.Contact Requester, int? SiteId, int? ItemId, int Category, Impact Impact, Urgency Urgency);

    private static Ticket Open(BatonDb db, DemoProjects.DemoWorld world, DemoProjects.DemoClient client, Opening o, PriorityMatrix matrix, ServiceLevelCatalogue serviceLevels,
        DateTimeOffset opened, out BusinessCalendar calendar)
    {
        var sequence = db.NumberSequences.Local.Single(s => s.Name == TicketNumber.Prefix(o.Kind));
        sequence.Last++;
        var category = world.Categories[o.Category];
        var ticket = Ticket.Open(
            new NewTicket(o.Kind, o.Title, o.Description, client.Client.Id, new RequesterRef(o.Requester.Id, o.Requester.Name), o.SiteId, o.ItemId, category.Id,
                o.Category == 4 || o.Title.StartsWith("How do I", StringComparison.Ordinal) ? RequestType.NonTechnical : RequestType.Technical, o.Impact, o.Urgency),
            TicketNumber.Format(o.Kind, sequence.Last), matrix, new Actor("demo", o.Requester.Name), opened);
        var terms = serviceLevels.TermsFor(client.Client.Id, DateOnly.FromDateTime(opened.UtcDateTime), category.Id, null, o.ItemId, null)
            ?? throw new InvalidOperationException("The demo desk has a default SLA policy.");
        ticket.StartSla(terms.Terms, terms.Calendar);
        calendar = terms.Calendar;
        db.Tickets.Add(ticket);
        return ticket;
    }

    private static TicketPlan Plan(Ticket ticket, BusinessCalendar calendar, double responseShare, double resolutionShare, TimeSpan? customerTakes) =>
        TicketPlan.For(calendar, ticket.CreatedAt, ticket.Sla!.ResponseTarget, ticket.Sla.ResolutionTarget, responseShare, resolutionShare, customerTakes);

    /// <summary>Plays the plan's steps whose moment has come, in order, through the ticket's own methods.</summary>
    private static void Play(Ticket ticket, TicketPlan plan, Domain.Clients.Contact requester, TeamRef team, BatonUser agent, ServiceLevelCatalogue serviceLevels, DateTimeOffset now)
    {
        var actor = Actor(agent);
        bool Due(DateTimeOffset at) => at <= now;
        if (!Due(plan.Assigned))
        {
            return;
        }

        ticket.Assign(team, new AgentRef(agent.Id, agent.DisplayName), actor, plan.Assigned);
        serviceLevels.Track(ticket, actor, plan.Assigned);
        if (!Due(plan.Responded))
        {
            return;
        }

        ticket.Acknowledge(actor, plan.Responded);
        ticket.AddMessage($"Hi {requester.Name.Split(' ')[0]}, thanks for reporting this — I'm looking into it now.", MessageVisibility.Public, false, actor, plan.Responded);
        serviceLevels.Track(ticket, actor, plan.Responded);
        if (!Due(plan.Started))
        {
            return;
        }

        ticket.StartWork(actor, plan.Started);
        ticket.AddMessage("Checked the logs; trying the usual suspects first.", MessageVisibility.Internal, false, actor, plan.Started);
        serviceLevels.Track(ticket, actor, plan.Started);
        if (plan.Waiting is { End: { } replied } waiting)
        {
            if (!Due(waiting.Start))
            {
                return;
            }

            ticket.AddMessage("Could you tell me when this last worked, and send a screenshot of the error?", MessageVisibility.Public, false, actor, waiting.Start);
            ticket.AwaitCustomer(actor, waiting.Start);
            serviceLevels.Track(ticket, actor, waiting.Start);
            if (!Due(replied))
            {
                return;
            }

            ticket.AddMessage("It last worked on Friday; screenshot attached to my e-mail.", MessageVisibility.Public, true, new Actor("demo", requester.Name), replied);
            serviceLevels.Track(ticket, actor, replied);
        }

        if (!Due(plan.Resolved))
        {
            return;
        }

        ticket.Resolve("Found the cause and fixed it; confirmed working with the requester.", actor, plan.Resolved);
        serviceLevels.Track(ticket, actor, plan.Resolved);
        if (Due(plan.Closed))
        {
            ticket.Close(actor, plan.Closed);
            serviceLevels.Track(ticket, actor, plan.Closed);
        }
    }

    private static void AddCrossings(BatonDb db, long ticketId, SlaClockKind clock, BusinessCalendar calendar, DateTimeOffset started, TimeSpan target, int warningPercent, IReadOnlyList<Pause> pauses)
    {
        var due = calendar.Due(started, target, pauses);
        // Crossed at the warning and due instants; the job (every 30 s) noticed each within a minute.
        var warnAt = calendar.Due(started, target * warningPercent / 100, pauses);
        db.SlaEvents.Add(new SlaEvent(ticketId, clock, SlaEventKind.AtRisk, due, warnAt, warnAt.AddMinutes(1)));
        db.SlaEvents.Add(new SlaEvent(ticketId, clock, SlaEventKind.Breached, due, due, due.AddMinutes(1)));
    }

    private static Domain.Clients.ConfigurationItem? ItemFor(DemoProjects.DemoClient client, Item item) => item switch
    {
        Item.Server => client.Items[0],
        Item.Firewall => client.Items[1],
        Item.Tenant => client.Items[2],
        Item.Printer => client.Items[3],
        _ => null,
    };

    private static (BatonUser Agent, Domain.Teams.Team Team) AgentFor(DemoProjects.DemoWorld world, int team, Random random)
    {
        var members = world.Staff.Where(s => s.Team == team && s.User.DisplayName != "Grace Adeyemi").ToList();
        return (members[random.Next(members.Count)].User, world.Teams[team]);
    }

    private static BatonUser Staff(DemoProjects.DemoWorld world, string name) => world.Staff.Single(s => s.User.DisplayName == name).User;

    private static Actor Actor(BatonUser user) => new(user.Id, user.DisplayName);

}
