using Baton.Domain;
using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Projects;

/// <summary>What the project page offers (Start, Cancel, Close) agrees with what the lifecycle methods accept, in every state.</summary>
public sealed class ProjectLifecycleOfferTests
{
    private static readonly Actor Lead = new("lead", "Lena Lead");
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static Project Planned(string? leadTechId = "lead") => Project.Plan(
        7, new ProjectDetails("Core switch refresh", 1, leadTechId, null, null, null, null, null, "Two switches", [3, 3, 1], [9]), "PRJ-000001", Someone.Staff, T0);

    /// <summary>A project in each reachable situation, named for the test output.</summary>
    public static TheoryData<string> Situations => new() { "planned", "active", "signed off", "released", "hypercare", "closed", "cancelled" };

    private static Project In(string situation)
    {
        var p = Planned();
        if (situation == "planned")
        {
            return p;
        }

        if (situation == "cancelled")
        {
            p.Cancel("Budget", Someone.Staff, T0);
            return p;
        }

        p.Start(Someone.Staff, T0);
        if (situation == "active")
        {
            return p;
        }

        p.RecordCloseoutSignOff(Lead, T0.AddDays(20));
        if (situation == "signed off")
        {
            return p;
        }

        p.ReleaseLead(Lead, T0.AddDays(21));
        if (situation == "released")
        {
            return p;
        }

        p.EnterHypercare(30, Someone.Staff, T0.AddDays(21));
        if (situation == "hypercare")
        {
            return p;
        }

        p.Close(Someone.Staff, T0.AddDays(51));
        return p;
    }

    private static bool Accepts(Action change)
    {
        try
        {
            change();
            return true;
        }
        catch (DomainRuleException)
        {
            return false;
        }
    }

    [Theory]
    [MemberData(nameof(Situations))]
    public void CanStartCancelClose_AgreeWithTheMethods(string situation)
    {
        Assert.Equal(In(situation).CanStart, Accepts(() => In(situation).Start(Someone.Staff, T0.AddDays(60))));
        Assert.Equal(In(situation).CanCancel, Accepts(() => In(situation).Cancel("Changed plans", Someone.Staff, T0.AddDays(60))));
        Assert.Equal(In(situation).CanClose, Accepts(() => In(situation).Close(Someone.Staff, T0.AddDays(60))));
    }

    [Fact]
    public void AnActiveProject_IsOfferedClosingOnlyOnceItsLeadIsReleased()
    {
        Assert.False(In("active").CanClose);
        Assert.False(In("signed off").CanClose);
        Assert.True(In("released").CanClose);
        Assert.True(In("hypercare").CanClose);
    }

    [Theory]
    [InlineData("planned", true)]
    [InlineData("active", true)]
    [InlineData("hypercare", true)]
    [InlineData("closed", false)]
    [InlineData("cancelled", false)]
    public void WorkIsAccepted_OnlyWhileTheProjectIsUnderWay(string situation, bool open)
    {
        var project = In(situation);

        var error = Record.Exception(() => project.EnsureOpenFor("schedule engagements"));

        Assert.Equal(open, error is null);
        if (!open)
        {
            var rule = Assert.IsType<DomainRuleException>(error);
            Assert.Equal("status", rule.Field);
            Assert.Contains("schedule engagements any more", rule.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Starting_NeedsALeadTech_AndDatesTheStartWhenNoneWasPlanned()
    {
        var leadless = Planned(leadTechId: null);
        Assert.Equal("leadTechId", Assert.Throws<DomainRuleException>(() => leadless.Start(Someone.Staff, T0)).Field);

        var project = Planned();
        project.Start(Someone.Staff, T0);
        Assert.Equal(ProjectStatus.Active, project.Status);
        Assert.Equal(new DateOnly(2026, 11, 2), project.StartsOn);
    }

    [Fact]
    public void Cancelling_NeedsAReason_AndKeepsIt()
    {
        var project = Planned();
        Assert.Equal("reason", Assert.Throws<DomainRuleException>(() => project.Cancel(" ", Someone.Staff, T0)).Field);

        project.Cancel("Client postponed", Someone.Staff, T0);

        Assert.Equal(ProjectStatus.Cancelled, project.Status);
        Assert.Equal("Client postponed", project.CancellationReason);
    }

    [Fact]
    public void EveryChange_BumpsTheVersion_AndSitesAndItemsAreKeptOnceInOrder()
    {
        var project = Planned();
        Assert.Equal(1, project.Version);
        Assert.Equal([1, 3], project.SiteIds);

        project.SetEscalationContacts([EscalationContact.Valid("Nora", "TAM", "+44 1", "", EscalationKind.EscalateTo, 0)], Someone.Staff, T0);
        project.Start(Someone.Staff, T0);

        Assert.Equal(3, project.Version);
        Assert.True(project.Touches(3, null));
        Assert.True(project.Touches(null, 9));
        Assert.False(project.Touches(2, 8));
    }

    [Theory]
    [InlineData("", "+44 1", "", "escalationContacts[4].name")]
    [InlineData("Nora", "", "", "escalationContacts[4].phone")]
    [InlineData("Nora", "", "nora-at-example", "escalationContacts[4].email")]
    public void AnEscalationContact_NeedsANameAndAWayToReachThem(string name, string phone, string email, string field) =>
        Assert.Equal(field, Assert.Throws<DomainRuleException>(() => EscalationContact.Valid(name, "", phone, email, EscalationKind.ConferWith, 4)).Field);
}
