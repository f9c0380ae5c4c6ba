using Baton.Domain.Informing;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.Informing;

public sealed class WhoIsInvolvedTests
{
    private static readonly string[] Roles = [.. PartyRoles.BuiltIn, .. ContactRoleKeys.Shipped.Select(r => PartyRoles.ForContactRole(r.Key))];
    private static readonly RasciActivity P1 = Activities.Shipped[0];
    private static readonly RasciActivity P4 = Activities.Shipped[3];

    private static readonly Person Agent = Person.Staff("u-agent", "Dana Ops", "dana@desk.test");
    private static readonly Person Lead = Person.Staff("u-lead", "Lee Lead", "lee@desk.test");
    private static readonly Person Manager = Person.Staff("u-mgr", "Grace Adeyemi", "grace@desk.test");
    private static readonly Person Requester = Person.Contact(1, 10, "Mia Chen", "mia@northwind.example");
    private static readonly Person ItManager = Person.Contact(2, 10, "Omar Vance", "omar@northwind.example");
    private static readonly Person OtherClientsItManager = Person.Contact(3, 20, "Eve Elsewhere", "eve@contoso.example");

    private static RecordParties Northwind(params ContactWithRoles[] contacts) => new(
        10, "Northwind", Requester, Agent, [Agent, Lead], Lead, [Manager], null, null,
        contacts.Length > 0 ? contacts : [new ContactWithRoles(ItManager, [ContactRoleKeys.ItManager])]);

    [Fact]
    public void AP1_ResolvesEachRoleToItsPeople_SayingWhichCellBroughtThemIn()
    {
        var involved = WhoIsInvolved.Resolve(RasciMatrix.Shipped, P1, Northwind(), Roles, new Dictionary<string, string> { [ContactRoleKeys.ItManager] = "IT manager" });

        Assert.Contains(involved, i => i.Person == Agent && i.Letter == RasciLetter.Responsible);
        Assert.Contains(involved, i => i.Person == Lead && i.Letter == RasciLetter.Accountable);
        var omar = Assert.Single(involved, i => i.Person == ItManager);
        Assert.Equal("Incident P1 (critical) × IT manager: I (default matrix)", omar.Why);
    }

    [Fact]
    public void TheClientsOverride_IsNamedAsTheReason()
    {
        var matrix = RasciMatrix.Shipped.WithOverrides(10, [new RasciCell(P4.Key, PartyRoles.ForContactRole(ContactRoleKeys.ItManager), RasciLetter.Informed)]);
        var omar = Assert.Single(WhoIsInvolved.Resolve(matrix, P4, Northwind(), Roles), i => i.Person == ItManager);
        Assert.EndsWith("(Northwind's matrix)", omar.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void AContactOfAnotherClient_IsNeverInvolved_EvenIfHandedIn()
    {
        var parties = Northwind(new ContactWithRoles(ItManager, [ContactRoleKeys.ItManager]), new ContactWithRoles(OtherClientsItManager, [ContactRoleKeys.ItManager]));
        var involved = WhoIsInvolved.Resolve(RasciMatrix.Shipped, P1, parties with { Requester = OtherClientsItManager }, Roles);

        Assert.DoesNotContain(involved, i => i.Person.ClientId == 20);
        Assert.Contains(involved, i => i.Person == ItManager);
    }

    [Fact]
    public void ProgressGoesToTheInformed_OnceEach_NeverToWhoeverActed()
    {
        var involved = WhoIsInvolved.Resolve(RasciMatrix.Shipped, P1, Northwind(), Roles);

        var told = WhoIsInvolved.ToTell(involved, escalation: false, actorUserId: Manager.UserId);
        Assert.Equal([Requester.Key, ItManager.Key], told.Select(p => p.Key).Order());
        Assert.DoesNotContain(told, p => p.Key == Lead.Key);
    }

    [Fact]
    public void AnEscalation_AlsoGoesToTheAccountable()
    {
        var involved = WhoIsInvolved.Resolve(RasciMatrix.Shipped, P4, Northwind(), Roles);
        Assert.Contains(WhoIsInvolved.ToTell(involved, escalation: true, actorUserId: null), p => p == Lead);
        Assert.DoesNotContain(WhoIsInvolved.ToTell(involved, escalation: false, actorUserId: null), p => p == Lead);
    }

    [Fact]
    public void APersonInTwoRoles_IsToldOnce()
    {
        var matrix = RasciMatrix.Shipped.WithOverrides(10, [new RasciCell(P1.Key, PartyRoles.AccountManager, RasciLetter.Informed)]);
        var parties = Northwind() with { AccountManager = Manager };
        var told = WhoIsInvolved.ToTell(WhoIsInvolved.Resolve(matrix, P1, parties, Roles), escalation: false, actorUserId: null);
        Assert.Single(told, p => p == Manager);
    }

    private static readonly RasciActivity Engagement = Activities.Shipped.Single(a => a.Key == Activities.ProjectEngagement);
    private static readonly Person ProjectLead = Person.Staff("u-pl", "Pat Lead", "pat@desk.test");
    private static readonly Person AccountManager = Person.Staff("u-am", "Ann Account", "ann@desk.test");

    private static RecordParties NorthwindProject() => new(
        10, "Northwind", null, null, [Agent], null, [Manager], ProjectLead, AccountManager, [new ContactWithRoles(ItManager, [ContactRoleKeys.ItManager])]);

    [Fact]
    public void AProjectMilestone_ReachesWhoeverRunsTheRow_ResponsibleAccountableAndInformed_ButNotTheSupportive()
    {
        var involved = WhoIsInvolved.Resolve(RasciMatrix.Shipped, Engagement, NorthwindProject(), Roles);

        var told = WhoIsInvolved.ToTellOfMilestone(involved, actorUserId: null);

        // Shipped project-engagement row: project lead R, service manager A, team S, account manager I, IT manager I.
        Assert.Equal(new[] { AccountManager.Key, ItManager.Key, Manager.Key, ProjectLead.Key }.Order(StringComparer.Ordinal), told.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AProjectMilestone_IsNotToldToWhoeverCausedIt_EvenWhenTheyHoldARoleOnTheRow()
    {
        var involved = WhoIsInvolved.Resolve(RasciMatrix.Shipped, Engagement, NorthwindProject(), Roles);

        var told = WhoIsInvolved.ToTellOfMilestone(involved, actorUserId: null, actorContactId: ItManager.ContactId);

        Assert.DoesNotContain(told, p => p.Key == ItManager.Key);
        Assert.Contains(told, p => p.Key == ProjectLead.Key);
    }

    [Fact]
    public void AnEscalation_AddsOnlyTheRowsAccountable_NotTheInformed()
    {
        var matrix = RasciMatrix.Shipped.WithOverrides(10, [
            new RasciCell(P4.Key, PartyRoles.TeamLead, null),
            new RasciCell(P4.Key, PartyRoles.ServiceManager, RasciLetter.Accountable),
        ]);
        var involved = WhoIsInvolved.Resolve(matrix, P4, Northwind(), Roles);

        Assert.Equal([Manager.Key], WhoIsInvolved.AccountableToEscalateTo(involved).Select(p => p.Key));
    }
}
