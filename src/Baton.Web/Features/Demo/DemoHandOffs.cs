using Baton.Domain;
using Baton.Domain.Closeout;
using Baton.Domain.Hypercare;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Closeout;
using Baton.Web.Features.Hypercare;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Demo;

/// <summary>
/// The hand-offs of the demo desk, played through the same use cases the pages call, on a clock set back to when each
/// step happened: Fabrikam's network refresh signed off, its lead released, the hand-off meeting held and the project
/// closed last week; Contoso's Microsoft 365 migration signed off and four weeks into hypercare, with a month of
/// tickets routed to its hypercare team and weekly feedback from the client; the lab project's close-out under way.
/// </summary>
public static class DemoHandOffs
{
    private static readonly (string Title, TicketKind Kind, RequestType Type, int Category, Impact Impact, Urgency Urgency, bool UsesTenant)[] HypercareTickets =
    [
        ("Shared mailbox 'reception@' not showing in Outlook", TicketKind.Incident, RequestType.Technical, 3, Impact.Medium, Urgency.Medium, true),
        ("How do I share a folder in OneDrive with the lab?", TicketKind.ServiceRequest, RequestType.NonTechnical, 1, Impact.Low, Urgency.Low, false),
        ("Patient portal sign-in loops back to the login page", TicketKind.Incident, RequestType.Technical, 1, Impact.High, Urgency.Medium, true),
        ("Calendar permissions for the clinic manager", TicketKind.ServiceRequest, RequestType.NonTechnical, 4, Impact.Low, Urgency.Medium, false),
        ("Mobile phones ask for a password every hour", TicketKind.Incident, RequestType.Technical, 3, Impact.Medium, Urgency.Medium, true),
        ("Where did the S: drive files go?", TicketKind.ServiceRequest, RequestType.NonTechnical, 1, Impact.Low, Urgency.Medium, false),
        ("Scanner cannot send to e-mail since the migration", TicketKind.Incident, RequestType.Technical, 5, Impact.Medium, Urgency.Medium, true),
        ("Distribution list for the night shift", TicketKind.ServiceRequest, RequestType.NonTechnical, 3, Impact.Low, Urgency.Low, false),
    ];

    public static async Task FillAsync(
        BatonDb db, DemoProjects.DemoWorld world, DemoProjects.Created projects, HypercareIntake intake, ServiceLevelCatalogue serviceLevels, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var grace = world.Staff.Single(s => s.User.DisplayName == "Grace Adeyemi").User;
        var lead = new CurrentUser(grace.Id, grace.DisplayName, IsStaff: true, IsAdministrator: false, IsManager: true, null, null, grace.TimeZoneId);

        // Fabrikam: the network refresh, handed over properly and closed last week.
        var network = projects.NetworkRefresh;
        await AcceptDeliverablesAsync(db, world.Clients[2], network, now.AddDays(-14), ct);
        var fabrikam = world.Clients[2];

        // The hand-off meeting is held before the sign-off: the checklist's "Hand-off meeting held" is answered by it.
        await SaveHandoff.ExecuteAsync(db, lead, network.Number, null, requireVersion: false, new HandoffDetails(
            DateOnly.FromDateTime(now.AddDays(-13).UtcDateTime),
            [
                new HandoffAttendee("Ingrid Holm", HandoffSide.Provider, "Lead tech"),
                new HandoffAttendee("Grace Adeyemi", HandoffSide.Provider, "Support lead"),
                new HandoffAttendee(fabrikam.Contacts[0].Name, HandoffSide.Client, "IT manager"),
                new HandoffAttendee(fabrikam.Contacts[1].Name, HandoffSide.Client, "Office manager"),
            ],
            [
                new ContactMatrixEntry("Internet or network down at the city office", "Service desk, +44 20 7946 0000 (24×7)", "Infrastructure on-call, then Ingrid Holm"),
                new ContactMatrixEntry("Archive cannot reach the case files", "Service desk", "Infrastructure (SD-WAN)"),
                new ContactMatrixEntry("New starter needs network access", "Service desk portal", "—"),
            ],
            [
                new DocumentationLink("Network diagram (as built)", "https://docs.fabrikam-legal.example/network/as-built"),
                new DocumentationLink("Firewall rule book", "https://docs.fabrikam-legal.example/network/firewall"),
            ],
            [new HandoffRisk("The archive's SD-WAN box has a single power supply", fabrikam.Contacts[0].Name)],
            "Warm hand-off held at the city office; the client has the contact card."), channel: null, At(now.AddDays(-13)), ct);
        db.ChangeTracker.Clear();
        await CompleteCloseoutAsync(db, lead, network.Number, now.AddDays(-13), ct);
        await CloseoutWork.ReleaseLeadAsync(db, lead, network.Number, At(now.AddDays(-10)), ct);
        db.ChangeTracker.Clear();
        (await db.Projects.SingleAsync(p => p.Id == network.Id, ct)).Close(lead.Actor, now.AddDays(-8));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        // Contoso: the Microsoft 365 migration, four weeks into a 45-day hypercare.
        var tenant = projects.Tenant;
        var start = now.AddDays(-27).AddHours(-3);
        var contoso = world.Clients.Single(c => c.Client.Id == tenant.ClientId);
        await SaveHandoff.ExecuteAsync(db, lead, tenant.Number, null, requireVersion: false, new HandoffDetails(
            DateOnly.FromDateTime(start.AddDays(-2).UtcDateTime),
            [new HandoffAttendee("Grace Adeyemi", HandoffSide.Provider, "Support lead"), new HandoffAttendee(contoso.Contacts[0].Name, HandoffSide.Client, "IT contact")],
            [new ContactMatrixEntry("Mail or Teams down", "Service desk (24×7)", "Microsoft 365 team, then Microsoft support")],
            [], [], "Hand-off before hypercare; the client knows whom to call."), channel: null, At(start.AddDays(-2)), ct);
        db.ChangeTracker.Clear();
        await CompleteCloseoutAsync(db, lead, tenant.Number, start.AddDays(-2), ct);
        await CloseoutWork.ReleaseLeadAsync(db, lead, tenant.Number, At(start.AddDays(-1)), ct);
        db.ChangeTracker.Clear();
        var teams = world.Teams;
        await EnterHypercare.ExecuteAsync(db, lead, tenant.Number, null, new EnterHypercareRequest(
        [
            new HypercareRoleRequest(HypercareRole.SubjectMatterExperts, teams[0].Id),
            new HypercareRoleRequest(HypercareRole.Development, teams[2].Id),
            new HypercareRoleRequest(HypercareRole.Infrastructure, teams[1].Id),
            new HypercareRoleRequest(HypercareRole.Coordination, teams[3].Id),
        ], 45), At(start), ct);
        db.ChangeTracker.Clear();
        await HypercareMonthAsync(db, world, tenant, serviceLevels, start, now, ct);

        // Contoso: the lab project's close-out has begun.
        var lab = projects.LabNetwork;
        var checklist = await CloseoutWork.BeginAsync(db, lead, lab.Number, At(now.AddDays(-2)), ct);
        db.ChangeTracker.Clear();
        var sam = world.Staff.Single(s => s.User.DisplayName == "Sam Okafor").User;
        var tech = new CurrentUser(sam.Id, sam.DisplayName, IsStaff: true, IsAdministrator: false, IsManager: false, null, null, sam.TimeZoneId);
        foreach (var key in await db.CloseoutChecklistItems.Where(i => i.ChecklistId == checklist!.Id && i.ProvenBy == CloseoutProof.None).OrderBy(i => i.Position).Select(i => i.Key).Take(4).ToListAsync(ct))
        {
            await CloseoutWork.AnswerAsync(db, tech, lab.Number, key, null, new AnswerItemRequest(CloseoutItemState.Done, Note: "Checked with the lab manager."), channel: null, At(now.AddDays(-1)), ct);
            db.ChangeTracker.Clear();
        }
    }

    private static async Task HypercareMonthAsync(
        BatonDb db, DemoProjects.DemoWorld world, Project tenant, ServiceLevelCatalogue serviceLevels, DateTimeOffset start, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(45);
        var contoso = world.Clients[1];
        var portal = await db.Users.AsNoTracking().SingleAsync(u => u.ContactId == contoso.Contacts[0].Id, ct);
        var contact = new CurrentUser(portal.Id, portal.DisplayName, IsStaff: false, IsAdministrator: false, IsManager: false, contoso.Client.Id, contoso.Contacts[0].Id, portal.TimeZoneId);
        var dana = world.Staff[0].User;
        var agent = new CurrentUser(dana.Id, dana.DisplayName, IsStaff: true, IsAdministrator: false, IsManager: false, null, null, dana.TimeZoneId);
        var span = (now - start).TotalHours - 4;
        for (var i = 0; i < 26; i++)
        {
            var seed = HypercareTickets[i % HypercareTickets.Length];
            // The last came in two hours ago and is being worked: hypercare is still live, not a closed book.
            var opened = i == 25 ? now.AddHours(-2) : start.AddHours(2 + (span * i / 26) + random.Next(0, 5));
            var created = await CreateTicket.ExecuteAsync(db, contact, new CreateTicketRequest(
                seed.Title, "Since the move to Microsoft 365.", seed.Kind, contoso.Client.Id, contoso.Contacts[0].Id,
                contoso.Sites[0].Id, seed.UsesTenant ? contoso.Items[2].Id : null, world.Categories[seed.Category].Id, seed.Type, seed.Impact, seed.Urgency,
                ProjectNumber: tenant.Number), null, At(opened), ct);
            db.ChangeTracker.Clear();

            // Hypercare answers fast: acknowledged within a third of the response target, resolved within half the
            // resolution target, in the ticket's own SLA calendar; the steps whose moment has not come yet wait.
            var sla = await db.Tickets.AsNoTracking().Where(t => t.Id == created.TicketId).Select(t => t.Sla!).SingleAsync(ct);
            var plan = DemoTickets.TicketPlan.For(serviceLevels.Calendar(sla.CalendarId), opened, sla.ResponseTarget, sla.ResolutionTarget,
                0.1 + (random.Next(20) / 100.0), 0.2 + (random.Next(30) / 100.0), null);
            foreach (var (transition, at) in new[] { (TicketTransition.Acknowledge, plan.Responded), (TicketTransition.StartWork, plan.Started), (TicketTransition.Resolve, plan.Resolved) })
            {
                if (at > now)
                {
                    break;
                }

                await ChangeTicket.MoveAsync(db, agent, created.Number, null,
                    new TransitionRequest(transition, transition == TicketTransition.Resolve ? "Explained the new way of working; the user confirmed." : null), At(at), ct);
                db.ChangeTracker.Clear();
            }
        }

        (int Rating, string Comment)[] weeks = [(3, "Lots of small questions in week one, answered quickly."), (4, "Much calmer now."), (4, "The portal sign-in fix helped."), (5, "Happy with the support.")];
        for (var week = 0; week < weeks.Length && start.AddDays((week * 7) + 3) < now; week++)
        {
            await GiveHypercareFeedback.ExecuteAsync(db, contact, tenant.Number, new GiveFeedbackRequest(weeks[week].Rating, weeks[week].Comment), At(start.AddDays((week * 7) + 3)), ct);
            db.ChangeTracker.Clear();
        }
    }

    private static async Task AcceptDeliverablesAsync(BatonDb db, DemoProjects.DemoClient client, Project project, DateTimeOffset at, CancellationToken ct)
    {
        var contact = new Actor("demo-contact", client.Contacts[0].Name);
        foreach (var deliverable in await db.Deliverables.Where(d => d.ProjectId == project.Id && d.InScope && d.Acceptance == AcceptanceState.Pending).ToListAsync(ct))
        {
            deliverable.Accept(contact, at);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Begins the close-out, answers every item ticked by hand (optional ones not applicable where they do not fit) and
    /// signs it off; items a record answers (the hand-off meeting) need that record first.
    /// </summary>
    private static async Task CompleteCloseoutAsync(BatonDb db, CurrentUser lead, string number, DateTimeOffset at, CancellationToken ct)
    {
        var checklist = await CloseoutWork.BeginAsync(db, lead, number, At(at), ct);
        db.ChangeTracker.Clear();
        var items = await db.CloseoutChecklistItems.Where(i => i.ChecklistId == checklist!.Id).Where(i => i.ProvenBy == CloseoutProof.None).OrderBy(i => i.Position).Select(i => new { i.Key, i.Required }).ToListAsync(ct);
        foreach (var item in items)
        {
            var answer = item.Required
                ? new AnswerItemRequest(CloseoutItemState.Done, Note: "Verified at the close-out walk-through.")
                : new AnswerItemRequest(CloseoutItemState.NotApplicable, "Not part of this project.");
            await CloseoutWork.AnswerAsync(db, lead, number, item.Key, null, answer, channel: null, At(at.AddHours(1)), ct);
            db.ChangeTracker.Clear(); // each step is its own request, as on the pages
        }

        var outcome = await CloseoutWork.SignOffAsync(db, lead, number, null, At(at.AddHours(2)), ct);
        if (outcome is not { Signed: true })
        {
            throw new InvalidOperationException($"The demo close-out of {number} could not be signed off.");
        }
    }

    private static DemoProjects.FixedClock At(DateTimeOffset instant) => new(instant);
}
