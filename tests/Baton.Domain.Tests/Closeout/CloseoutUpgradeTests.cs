using Baton.Domain.Closeout;
using static Baton.Domain.Tests.Closeout.CloseoutWorld;

namespace Baton.Domain.Tests.Closeout;

/// <summary>"Bring up to the latest version": add new items, keep the answers of items that still exist, drop removed ones.</summary>
public sealed class CloseoutUpgradeTests
{
    [Fact]
    public void UpgradeTo_AddsNewItems_KeepsAnswers_DropsRemovedItems_AndSaysWhatChanged()
    {
        var v1 = Template();
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, v1, Tech, Now);
        var diagram = KeyOf(checklist, "Network diagram delivered");
        checklist.Answer(diagram, null, CloseoutItemState.Done, null, "Visio in the vault", Tech, Now);
        checklist.Answer(KeyOf(checklist, "As-built document"), null, CloseoutItemState.NotApplicable, "Nothing was built", null, Tech, Now);
        var draft = CloseoutTemplateEdits.RemoveItem(v1.ToDraft(), KeyOf(v1, "As-built document"));
        draft = CloseoutTemplateEdits.AddItem(draft, SectionKey(v1, "Monitoring"), "Backups tested by a restore", true, null);
        draft = CloseoutTemplateEdits.UpdateItem(draft, diagram, SectionKey(v1, "Documentation"), "Network diagram in the vault", true, null);
        var v2 = v1.Publish(draft, null, Lead, Now);
        var v3 = v2.Publish(CloseoutTemplateEdits.UpdateItem(v2.ToDraft(), KeyOf(v2, "Monitoring in place"), SectionKey(v2, "Monitoring"), "Monitoring in place", false, null), null, Lead, Now);

        var upgrade = checklist.UpgradeTo(v3, project, Lead, Now.AddDays(1));

        Assert.Equal((1, 3, false), (upgrade.FromVersion, upgrade.ToVersion, upgrade.SignOffWithdrawn));
        Assert.Equal(
            [
                "Dropped ‘As-built document’ (no longer on the checklist); it was not applicable (Nothing was built).",
                "Reworded ‘Network diagram delivered’ as ‘Network diagram in the vault’; its answer is kept.",
                "‘Monitoring in place’ is now optional.",
                "Added ‘Backups tested by a restore’ to Monitoring (required).",
            ],
            upgrade.Changes);
        Assert.Equal(3, checklist.TemplateVersion);
        Assert.Equal(["Network diagram in the vault", "Monitoring in place", "Backups tested by a restore"], checklist.Items.Select(i => i.Text));
        var kept = checklist.Find(diagram)!;
        Assert.Equal((CloseoutItemState.Done, "Visio in the vault", "Dana Tech"), (kept.State, kept.Note, kept.AnsweredByName));
        Assert.Equal(CloseoutItemState.Open, checklist.Items.Single(i => i.Text == "Backups tested by a restore").State);
        Assert.False(checklist.Items.Single(i => i.Text == "Monitoring in place").Required);
        Assert.Equal(upgrade.Changes, checklist.UpgradeChanges);
        Assert.Equal(1, checklist.UpgradedFromVersion);
    }

    [Fact]
    public void UpgradeTo_ASignedChecklist_WithdrawsTheSignOff_OnTheProjectToo()
    {
        var v1 = Template();
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, v1, Tech, Now);
        CompleteRequired(checklist);
        checklist.SignOff(project, [], [], Lead, Now);
        var v2 = v1.Publish(CloseoutTemplateEdits.AddItem(v1.ToDraft(), SectionKey(v1, "Monitoring"), "Backups tested", true, null), null, Lead, Now);

        var upgrade = checklist.UpgradeTo(v2, project, Lead, Now);

        Assert.True(upgrade.SignOffWithdrawn);
        Assert.Contains("The sign-off was withdrawn: sign the updated checklist again.", upgrade.Changes);
        Assert.False(checklist.IsSignedOff);
        Assert.Null(project.CloseoutSignedOffAt);
        Assert.Equal("Cannot sign off yet: Required item not done: ‘Backups tested’ (Monitoring).", checklist.Gate(project, [], []).Summary);
    }

    [Fact]
    public void UpgradeTo_AfterTheLeadIsReleased_IsRefused_AndChangesNothing()
    {
        var v1 = Template();
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, v1, Tech, Now);
        CompleteRequired(checklist);
        checklist.SignOff(project, [], [], Lead, Now);
        project.ReleaseLead(Lead, Now);
        var v2 = v1.Publish(CloseoutTemplateEdits.AddItem(v1.ToDraft(), SectionKey(v1, "Monitoring"), "Backups tested", true, null), null, Lead, Now);

        var e = Assert.Throws<DomainRuleException>(() => checklist.UpgradeTo(v2, project, Lead, Now));

        Assert.Contains("released", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, checklist.TemplateVersion);
        Assert.Equal(3, checklist.Items.Count);
        Assert.True(checklist.IsSignedOff);
    }

    [Fact]
    public void UpgradeTo_TheVersionItIsAlreadyOn_IsRefused()
    {
        var v1 = Template();
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, v1, Tech, Now);

        var e = Assert.Throws<DomainRuleException>(() => checklist.UpgradeTo(v1, project, Lead, Now));

        Assert.Equal("templateVersion", e.Field);
    }

    [Fact]
    public void UpgradeTo_AVersionThatChangedOnlyGuidance_SaysNoItemChanged()
    {
        var v1 = Template();
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, v1, Tech, Now);
        var diagram = KeyOf(v1, "Network diagram delivered");
        var v2 = v1.Publish(CloseoutTemplateEdits.UpdateItem(v1.ToDraft(), diagram, SectionKey(v1, "Documentation"), "Network diagram delivered", true, "Better guidance"), null, Lead, Now);

        var upgrade = checklist.UpgradeTo(v2, project, Lead, Now);

        Assert.Equal(["No item changed (the new versions changed only guidance or order)."], upgrade.Changes);
        Assert.Equal("Better guidance", checklist.Find(diagram)!.Guidance);
    }
}
