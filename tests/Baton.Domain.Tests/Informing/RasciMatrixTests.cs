using Baton.Domain.Informing;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.Informing;

public sealed class RasciMatrixTests
{
    private static readonly string ItManager = PartyRoles.ForContactRole(ContactRoleKeys.ItManager);
    private static readonly string[] Roles = [.. PartyRoles.BuiltIn, ItManager, PartyRoles.ForContactRole(ContactRoleKeys.Approver), PartyRoles.ForContactRole(ContactRoleKeys.User)];
    private static readonly string P1 = Activities.Incident(Priority.P1);
    private static readonly string P4 = Activities.Incident(Priority.P4);

    [Fact]
    public void TheShippedMatrix_HasExactlyOneAccountablePerActivity_AndPasses()
    {
        Assert.Empty(RasciMatrix.Shipped.Check(Activities.Shipped, Roles));
        foreach (var activity in Activities.Shipped)
        {
            Assert.Single(RasciMatrix.Shipped.Row(activity.Key, null, Roles), c => c.Letter == RasciLetter.Accountable);
        }
    }

    [Fact]
    public void AP1_InformsTheServiceManagerAndTheClientsItManager_AP4_DoesNot()
    {
        Assert.Equal(RasciLetter.Informed, RasciMatrix.Shipped.Cell(P1, PartyRoles.ServiceManager).Letter);
        Assert.Equal(RasciLetter.Informed, RasciMatrix.Shipped.Cell(P1, ItManager).Letter);
        Assert.Null(RasciMatrix.Shipped.Cell(P4, PartyRoles.ServiceManager).Letter);
        Assert.Null(RasciMatrix.Shipped.Cell(P4, ItManager).Letter);
    }

    [Fact]
    public void AClientsOverride_WinsForThatClientOnly_AndAnEmptyOverrideTakesTheRoleOut()
    {
        var matrix = RasciMatrix.Shipped.WithOverrides(7, [new RasciCell(P4, ItManager, RasciLetter.Informed), new RasciCell(P1, PartyRoles.ServiceManager, null)]);

        Assert.Equal((RasciLetter.Informed, true), matrix.Cell(P4, ItManager, 7));
        Assert.Equal(((RasciLetter?)null, true), matrix.Cell(P1, PartyRoles.ServiceManager, 7));
        Assert.Equal(((RasciLetter?)null, false), matrix.Cell(P4, ItManager, 8));
        Assert.Equal((RasciLetter.Informed, false), matrix.Cell(P1, PartyRoles.ServiceManager, 8));
        Assert.Equal((RasciLetter.Responsible, false), matrix.Cell(P1, PartyRoles.Assignee, 7));
    }

    [Fact]
    public void ChangingTheDefaults_KeepsEveryClientsOverrides()
    {
        var matrix = RasciMatrix.Shipped.WithOverrides(7, [new RasciCell(P4, ItManager, RasciLetter.Informed)])
            .WithDefaults(RasciMatrix.Shipped.Defaults.Append(new RasciCell(P4, PartyRoles.AccountManager, RasciLetter.Informed)));

        Assert.Equal(RasciLetter.Informed, matrix.Cell(P4, PartyRoles.AccountManager, 8).Letter);
        Assert.Equal((RasciLetter.Informed, true), matrix.Cell(P4, ItManager, 7));
    }

    [Fact]
    public void TwoAccountables_OrNone_AreRefusedOnTheActivitysRow_NamingThem()
    {
        var two = RasciMatrix.Shipped.WithDefaults(RasciMatrix.Shipped.Defaults.Append(new RasciCell(P1, PartyRoles.ServiceManager, RasciLetter.Accountable))
            .Where(c => !(c.Activity == P1 && c.Role == PartyRoles.ServiceManager && c.Letter == RasciLetter.Informed)));
        var problem = Assert.Single(two.Check(Activities.Shipped, Roles));
        Assert.Equal($"cells[{P1}]", problem.Field);
        Assert.Contains("2 Accountable roles (Team lead, Service manager)", problem.Message, StringComparison.Ordinal);

        var none = RasciMatrix.Shipped.WithOverrides(7, [new RasciCell(P4, PartyRoles.TeamLead, RasciLetter.Informed)]);
        Assert.Empty(none.Check(Activities.Shipped, Roles)); // the default is still fine
        var forClient = Assert.Single(none.Check(Activities.Shipped, Roles, 7));
        Assert.Contains("needs one Accountable role for this client", forClient.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACellOnARemovedContactRole_IsRefused_NamingTheRole()
    {
        var matrix = RasciMatrix.Shipped.WithDefaults(RasciMatrix.Shipped.Defaults.Append(new RasciCell(P1, "contact:finance-lead", RasciLetter.Informed)));
        var problem = Assert.Single(matrix.Check(Activities.Shipped, Roles));
        Assert.Contains("contact:finance-lead", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("R", RasciLetter.Responsible)]
    [InlineData(" a ", RasciLetter.Accountable)]
    [InlineData("Consulted", RasciLetter.Consulted)]
    [InlineData("i", RasciLetter.Informed)]
    public void ALetter_IsReadFromItsInitialOrItsWord(string typed, RasciLetter expected) =>
        Assert.Equal(expected, RasciLetters.Parse(typed, "cell"));

    [Fact]
    public void AnythingElse_IsRefusedOnTheCell_AndEmptyMeansNone()
    {
        Assert.Null(RasciLetters.Parse(" ", "cell"));
        var refused = Assert.Throws<DomainRuleException>(() => RasciLetters.Parse("X", "cells[incident-p1][team]"));
        Assert.Equal("cells[incident-p1][team]", refused.Field);
        Assert.Contains("'X' is not R, A, S, C or I", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIncident_IsItsPrioritysRow_ARequest_IsOneRow()
    {
        Assert.Equal("incident-p2", Activities.ForTicket(TicketKind.Incident, Priority.P2));
        Assert.Equal(Activities.ServiceRequest, Activities.ForTicket(TicketKind.ServiceRequest, Priority.P1));
    }

    [Fact]
    public void AContactRolesKey_ComesFromItsName()
    {
        Assert.Equal("finance-lead", ContactRoleKeys.FromName("  Finance lead! "));
        Assert.Equal("name", Assert.Throws<DomainRuleException>(() => ContactRoleKeys.FromName("!!")).Field);
    }
}
