using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Projects;

public sealed class ProjectLifecycleTests
{
    private static readonly Actor SupportLead = new("u-lead", "Grace Adeyemi");
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static ProjectDetails Details(string? lead = "u-tech", string name = "Teams Phone migration") =>
        new(name, 1, lead, "u-pm", new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 15), null, null, "Moves 120 users to Teams Phone", [3, 1, 3], [9]);

    public static Project Planned() => Project.Plan(7, Details(), "PRJ-000001", Someone.Staff, T0);

    public static Project Active()
    {
        var p = Planned();
        p.Start(Someone.Staff, T0);
        return p;
    }

    public static Project Released()
    {
        var p = Active();
        p.RecordCloseoutSignOff(SupportLead, T0);
        p.ReleaseLead(SupportLead, T0);
        return p;
    }

    [Fact]
    public void Plan_KeepsTheDetails_AndDeduplicatesTouchedSites()
    {
        var p = Planned();

        Assert.Equal(ProjectStatus.Planned, p.Status);
        Assert.Equal([1, 3], p.SiteIds);
        Assert.True(p.Touches(3, null));
        Assert.True(p.Touches(null, 9));
        Assert.False(p.Touches(2, 8));
        Assert.Equal(1, p.Version);
    }

    [Fact]
    public void Plan_WithoutAName_IsRefusedNamingTheField()
    {
        var e = Assert.Throws<DomainRuleException>(() => Project.Plan(7, Details(name: " "), "PRJ-000001", Someone.Staff, T0));
        Assert.Equal("name", e.Field);
    }

    [Fact]
    public void Plan_WithAGoLiveBeforeTheStart_IsRefused()
    {
        var bad = Details() with { PlannedGoLiveOn = new DateOnly(2026, 10, 1) };
        var e = Assert.Throws<DomainRuleException>(() => Project.Plan(7, bad, "PRJ-000001", Someone.Staff, T0));
        Assert.Equal("plannedGoLiveOn", e.Field);
    }

    [Fact]
    public void Start_WithoutALeadTech_IsRefused_BecauseSupportMustKnowWhomToCall()
    {
        var p = Project.Plan(7, Details(lead: null), "PRJ-000001", Someone.Staff, T0);
        var e = Assert.Throws<DomainRuleException>(() => p.Start(Someone.Staff, T0));
        Assert.Equal("leadTechId", e.Field);
        Assert.Equal(ProjectStatus.Planned, p.Status);
    }

    [Fact]
    public void ReleaseLead_BeforeTheCloseoutIsSignedOff_IsRefused()
    {
        var p = Active();
        var e = Assert.Throws<DomainRuleException>(() => p.ReleaseLead(SupportLead, T0));
        Assert.Contains("signs off the close-out", e.Message, StringComparison.Ordinal);
        Assert.Null(p.LeadReleasedAt);
    }

    [Fact]
    public void ReleaseLead_AfterSignOff_RecordsWhoAndWhen_AndOnlyOnce()
    {
        var p = Active();
        p.RecordCloseoutSignOff(SupportLead, T0);
        p.ReleaseLead(SupportLead, T0.AddHours(1));

        Assert.Equal(T0.AddHours(1), p.LeadReleasedAt);
        Assert.Equal("Grace Adeyemi", p.LeadReleasedBy);
        Assert.Throws<DomainRuleException>(() => p.ReleaseLead(SupportLead, T0.AddHours(2)));
    }

    [Fact]
    public void EnterHypercare_BeforeTheLeadIsReleased_IsRefused_SayingWhatIsMissing()
    {
        var p = Active();
        var notSigned = Assert.Throws<DomainRuleException>(() => p.EnterHypercare(30, Someone.Staff, T0));
        Assert.Contains("close-out is not signed off", notSigned.Message, StringComparison.Ordinal);

        p.RecordCloseoutSignOff(SupportLead, T0);
        var notReleased = Assert.Throws<DomainRuleException>(() => p.EnterHypercare(30, Someone.Staff, T0));
        Assert.Contains("release the lead first", notReleased.Message, StringComparison.Ordinal);
        Assert.Equal(ProjectStatus.Active, p.Status);
    }

    [Theory]
    [InlineData(27)]
    [InlineData(93)]
    public void EnterHypercare_OutsideOneToThreeMonths_IsRefused(int days)
    {
        var p = Released();
        var e = Assert.Throws<DomainRuleException>(() => p.EnterHypercare(days, Someone.Staff, T0));
        Assert.Equal("days", e.Field);
    }

    [Fact]
    public void Hypercare_CoversItsPeriod_ThenHasEnded()
    {
        var p = Released();
        p.EnterHypercare(30, Someone.Staff, T0);

        Assert.Equal(ProjectStatus.Hypercare, p.Status);
        Assert.True(p.IsInHypercare(T0));
        Assert.True(p.IsInHypercare(T0.AddDays(30).AddTicks(-1)));
        Assert.False(p.IsInHypercare(T0.AddDays(30)));
        Assert.False(p.HypercareHasEnded(T0.AddDays(29)));
        Assert.True(p.HypercareHasEnded(T0.AddDays(30)));
        Assert.Equal(new DateOnly(2026, 12, 1), p.ActualGoLiveOn);
    }

    [Fact]
    public void Close_DuringHypercare_EndsThePeriodEarly_AndCountsAsRecentlyClosed()
    {
        var p = Released();
        p.EnterHypercare(60, Someone.Staff, T0);
        p.Close(Someone.Staff, T0.AddDays(10));

        Assert.Equal(ProjectStatus.Closed, p.Status);
        Assert.Equal(T0.AddDays(10), p.HypercareEndsAt);
        Assert.True(p.ClosedWithin(TimeSpan.FromDays(30), T0.AddDays(39)));
        Assert.False(p.ClosedWithin(TimeSpan.FromDays(30), T0.AddDays(41)));
    }

    [Fact]
    public void Close_AnActiveProjectWhoseLeadIsStillOn_IsRefused()
    {
        var p = Active();
        Assert.Throws<DomainRuleException>(() => p.Close(Someone.Staff, T0));
        Assert.Equal(ProjectStatus.Active, p.Status);
    }

    [Fact]
    public void Close_AReleasedActiveProject_SkipsHypercare()
    {
        var p = Released();
        p.Close(Someone.Staff, T0.AddDays(1));
        Assert.Equal(ProjectStatus.Closed, p.Status);
        Assert.Null(p.HypercareStartedAt);
    }

    [Fact]
    public void Cancel_NeedsAReason_AndOnlyBeforeHypercare()
    {
        var p = Active();
        Assert.Equal("reason", Assert.Throws<DomainRuleException>(() => p.Cancel("", Someone.Staff, T0)).Field);
        p.Cancel("Client postponed indefinitely", Someone.Staff, T0);
        Assert.Equal(ProjectStatus.Cancelled, p.Status);

        var inHypercare = Released();
        inHypercare.EnterHypercare(30, Someone.Staff, T0);
        Assert.Throws<DomainRuleException>(() => inHypercare.Cancel("Too late", Someone.Staff, T0));
    }

    [Fact]
    public void WithdrawCloseoutSignOff_AfterTheLeadWasReleased_IsRefused()
    {
        var p = Released();
        Assert.Throws<DomainRuleException>(() => p.WithdrawCloseoutSignOff(Someone.Staff, T0));
        Assert.NotNull(p.CloseoutSignedOffAt);
    }

    [Fact]
    public void NextStatuses_FollowPlannedActiveHypercareClosed()
    {
        Assert.Equal([ProjectStatus.Active, ProjectStatus.Cancelled], Project.NextStatuses(ProjectStatus.Planned));
        Assert.Equal([ProjectStatus.Closed], Project.NextStatuses(ProjectStatus.Hypercare));
        Assert.Empty(Project.NextStatuses(ProjectStatus.Closed));
        Assert.Empty(Project.NextStatuses(ProjectStatus.Cancelled));
    }

    [Fact]
    public void EveryChange_BumpsTheVersion()
    {
        var p = Planned();
        var v = p.Version;
        p.Start(Someone.Staff, T0);
        p.SetEscalationContacts([EscalationContact.Valid("Sam Li", "Network lead", "+44 20 7946 0000", null, EscalationKind.EscalateTo, 0)], Someone.Staff, T0);
        Assert.Equal(v + 2, p.Version);
    }

    [Fact]
    public void EscalationContact_WithNeitherPhoneNorEmail_IsRefused_NamingTheRow()
    {
        var e = Assert.Throws<DomainRuleException>(() => EscalationContact.Valid("Sam Li", "Lead", "", " ", EscalationKind.ConferWith, 2));
        Assert.Equal("escalationContacts[2].phone", e.Field);
    }

    [Theory]
    [InlineData("PRJ-000012", "PRJ-000012")]
    [InlineData("prj-12", "PRJ-000012")]
    [InlineData(" PRJ12 ", "PRJ-000012")]
    public void ProjectNumber_ReadsWhatPeopleType(string typed, string expected)
    {
        Assert.True(ProjectNumber.TryParse(typed, out var n));
        Assert.Equal(expected, n);
    }

    [Theory]
    [InlineData("INC-000012")]
    [InlineData("PRJ-")]
    [InlineData("PRJ-0")]
    [InlineData("PRJ-12a")]
    public void ProjectNumber_RefusesWhatIsNotOne(string typed) => Assert.False(ProjectNumber.TryParse(typed, out _));
}
