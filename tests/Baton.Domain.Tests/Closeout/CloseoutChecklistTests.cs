using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using static Baton.Domain.Tests.Closeout.CloseoutWorld;

namespace Baton.Domain.Tests.Closeout;

public sealed class CloseoutChecklistTests
{
    [Fact]
    public void Begin_CopiesTheCurrentVersion_EveryItemOpen_InTemplateOrder()
    {
        var v1 = Template();

        var checklist = CloseoutChecklist.Begin(ActiveProject(), v1, Tech, Now);

        Assert.Equal(1, checklist.TemplateVersion);
        Assert.Equal(["Network diagram delivered", "As-built document", "Monitoring in place"], checklist.Items.Select(i => i.Text));
        Assert.Equal(["Documentation", "Documentation", "Monitoring"], checklist.Items.Select(i => i.SectionTitle));
        Assert.Equal([true, false, true], checklist.Items.Select(i => i.Required));
        Assert.All(checklist.Items, i => Assert.Equal(CloseoutItemState.Open, i.State));
        Assert.Equal(v1.AllItems.Select(x => x.Item.Key), checklist.Items.Select(i => i.Key));
        Assert.Equal("Dana Tech", checklist.StartedByName);
    }

    [Theory]
    [InlineData(ProjectStatus.Planned)]
    [InlineData(ProjectStatus.Hypercare)]
    [InlineData(ProjectStatus.Closed)]
    public void Begin_OnAProjectThatIsNotActive_IsRefused(ProjectStatus status)
    {
        var project = status switch
        {
            ProjectStatus.Planned => Project.Plan(1, new ProjectDetails("P", 1, "x", null, null, null, null, null, null, [], []), "PRJ-000009", Someone.Staff, Now),
            ProjectStatus.Closed => ClosedProject(),
            _ => Hypercare(),
        };

        var e = Assert.Throws<DomainRuleException>(() => CloseoutChecklist.Begin(project, Template(), Tech, Now));

        Assert.Equal("status", e.Field);
        Assert.Contains(Project.Describe(status), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_RecordsDoneOrNotApplicable_WithWhoAndWhen_AndReopenClearsIt()
    {
        var checklist = CloseoutChecklist.Begin(ActiveProject(), Template(), Tech, Now);
        var asBuilt = KeyOf(checklist, "As-built document");

        var item = checklist.Answer(asBuilt, 1, CloseoutItemState.NotApplicable, "  No changes to the building  ", "Checked with the PM", Lead, Now.AddHours(2));

        Assert.Equal(CloseoutItemState.NotApplicable, item.State);
        Assert.Equal("No changes to the building", item.Reason);
        Assert.Equal("Checked with the PM", item.Note);
        Assert.Equal("Grace Lead", item.AnsweredByName);
        Assert.Equal(Now.AddHours(2), item.AnsweredAt);
        Assert.Equal(2, item.Version);

        checklist.Reopen(asBuilt, 2, Tech, Now.AddHours(3));

        Assert.Equal(CloseoutItemState.Open, item.State);
        Assert.Equal("", item.Reason);
        Assert.Equal("Checked with the PM", item.Note);
        Assert.Equal(3, item.Version);
    }

    [Fact]
    public void NotApplicable_WithoutAReason_IsRefusedOnTheReason()
    {
        var checklist = CloseoutChecklist.Begin(ActiveProject(), Template(), Tech, Now);

        var e = Assert.Throws<DomainRuleException>(() => checklist.Answer(KeyOf(checklist, "Monitoring in place"), null, CloseoutItemState.NotApplicable, " ", null, Tech, Now));

        Assert.Equal("reason", e.Field);
        Assert.Contains("Monitoring in place", e.Message, StringComparison.Ordinal);
        Assert.Equal(CloseoutItemState.Open, checklist.Items.Single(i => i.Text == "Monitoring in place").State);
    }

    [Fact]
    public void AnsweringAStaleCopy_IsRefused_NamingWhoChangedIt()
    {
        var checklist = CloseoutChecklist.Begin(ActiveProject(), Template(), Tech, Now);
        var key = KeyOf(checklist, "Network diagram delivered");
        checklist.Answer(key, 1, CloseoutItemState.Done, null, "In the vault", Lead, Now);

        var e = Assert.Throws<StaleCloseoutItemException>(() => checklist.Answer(key, 1, CloseoutItemState.NotApplicable, "n/a", null, Tech, Now));

        Assert.Contains("Grace Lead", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.CurrentVersion);
        Assert.Equal(CloseoutItemState.Done, checklist.Find(key)!.State);
    }

    [Fact]
    public void SignOff_WithRequiredItemsOpen_IsRefused_NamingEachOne()
    {
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, Template(), Tech, Now);

        var e = Assert.Throws<DomainRuleException>(() => checklist.SignOff(project, [], [], Lead, Now));

        Assert.Equal("closeout", e.Field);
        Assert.Equal(
            "Cannot sign off yet: Required item not done: ‘Network diagram delivered’ (Documentation). Required item not done: ‘Monitoring in place’ (Monitoring).",
            e.Message);
        Assert.Null(project.CloseoutSignedOffAt);
        Assert.False(checklist.IsSignedOff);
    }

    [Fact]
    public void SignOff_WhenComplete_RecordsItOnTheProject_AndLocksTheItems()
    {
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, Template(), Tech, Now);
        CompleteRequired(checklist);

        checklist.SignOff(project, [], [], Lead, Now.AddDays(1));

        Assert.Equal(Now.AddDays(1), project.CloseoutSignedOffAt);
        Assert.Equal("Grace Lead", project.CloseoutSignedOffBy);
        Assert.Equal("Grace Lead", checklist.SignedOffByName);
        var locked = Assert.Throws<DomainRuleException>(() => checklist.Reopen(KeyOf(checklist, "Monitoring in place"), null, Tech, Now));
        Assert.Contains("withdraw the sign-off", locked.Message, StringComparison.Ordinal);
        Assert.Equal("status", Assert.Throws<DomainRuleException>(() => checklist.SignOff(project, [], [], Lead, Now)).Field);
    }

    [Fact]
    public void WithdrawSignOff_BeforeRelease_UnlocksTheChecklist_AfterReleaseItStands()
    {
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, Template(), Tech, Now);
        CompleteRequired(checklist);
        checklist.SignOff(project, [], [], Lead, Now);

        checklist.WithdrawSignOff(project, Someone.Staff, Now);
        Assert.Null(project.CloseoutSignedOffAt);
        checklist.Reopen(KeyOf(checklist, "Monitoring in place"), null, Tech, Now);
        CompleteRequired(checklist);
        checklist.SignOff(project, [], [], Lead, Now);
        project.ReleaseLead(Lead, Now);

        Assert.Throws<DomainRuleException>(() => checklist.WithdrawSignOff(project, Someone.Staff, Now));
        Assert.NotNull(project.CloseoutSignedOffAt);
    }

    private static Project Hypercare()
    {
        var project = ActiveProject();
        project.RecordCloseoutSignOff(Lead, Now);
        project.ReleaseLead(Lead, Now);
        project.EnterHypercare(30, Someone.Staff, Now);
        return project;
    }
}
