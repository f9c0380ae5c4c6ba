using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using static Baton.Domain.Tests.Closeout.CloseoutWorld;

namespace Baton.Domain.Tests.Closeout;

/// <summary>An item proven by a record: answered by the record being there, never ticked by hand, and gating sign-off like any other.</summary>
public sealed class CloseoutItemProofTests
{
    private const string Meeting = "Hand-off meeting held";
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private static CloseoutTemplateVersion TemplateWithMeeting() => CloseoutTemplateVersion.First(
        [
            new CloseoutSectionDraft(null, "Documentation", [new CloseoutItemDraft(null, "Network diagram delivered", true, null)]),
            new CloseoutSectionDraft(null, "Hand-over", [new CloseoutItemDraft(null, Meeting, true, null, CloseoutProof.HandoffMeeting)]),
        ],
        null, Lead, Now);

    private static HandoffMeeting MeetingOn(Project project, DateOnly day) => HandoffMeeting.Record(project,
        new HandoffDetails(day, [new HandoffAttendee("Dana Tech", HandoffSide.Provider, ""), new HandoffAttendee("Mia Chen", HandoffSide.Client, "")],
            [new ContactMatrixEntry("Outage", "Service desk", "On-call")], [], [], null),
        Tech, Now);

    [Fact]
    public void Answer_AnItemProvenByARecord_IsRefused_NamingTheItemAndTheRecord()
    {
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, TemplateWithMeeting(), Tech, Now);

        var refused = Assert.Throws<DomainRuleException>(() => checklist.Answer(KeyOf(checklist, Meeting), null, CloseoutItemState.Done, null, null, Tech, Now));

        Assert.Equal("state", refused.Field);
        Assert.Equal("‘Hand-off meeting held’ cannot be ticked by hand: it is answered by the hand-off meeting record, and shows as done once that record is there.", refused.Message);
        Assert.Throws<DomainRuleException>(() => checklist.Answer(KeyOf(checklist, Meeting), null, CloseoutItemState.NotApplicable, "No meeting", null, Tech, Now));
    }

    [Fact]
    public void Gate_AProvenRequiredItem_IsOpenUntilItsRecordIsThere_ThenSignOffIsAllowed()
    {
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, TemplateWithMeeting(), Tech, Now);
        checklist.Answer(KeyOf(checklist, "Network diagram delivered"), null, CloseoutItemState.Done, null, null, Tech, Now);

        var without = checklist.Gate(project, [], [], CloseoutRecords.Of(project, null, [], Today));
        var with = checklist.Gate(project, [], [], CloseoutRecords.Of(project, MeetingOn(project, Today), [], Today));

        Assert.Equal(["Required item not done: ‘Hand-off meeting held’ (Hand-over)."], without.Gaps.Select(g => g.Message));
        Assert.True(with.CanSignOff);
        Assert.Throws<DomainRuleException>(() => checklist.SignOff(project, [], [], Lead, Now));
        checklist.SignOff(project, [], [], Lead, Now, CloseoutRecords.Of(project, MeetingOn(project, Today), [], Today));
        Assert.True(checklist.IsSignedOff);
    }

    [Fact]
    public void Records_AMeetingDatedLater_DoesNotProveItWasHeld()
    {
        var project = ActiveProject();

        var reading = CloseoutRecords.Of(project, MeetingOn(project, Today.AddDays(3)), [], Today).Read(CloseoutProof.HandoffMeeting);

        Assert.False(reading.Proven);
        Assert.Equal($"Waits for the hand-off meeting: it is recorded for {Today.AddDays(3):yyyy-MM-dd}, which has not come yet.", reading.Text);
        Assert.Equal($"Answered by the hand-off meeting record (held on {Today:yyyy-MM-dd}).", CloseoutRecords.Of(project, MeetingOn(project, Today), [], Today).Read(CloseoutProof.HandoffMeeting).Text);
    }

    [Fact]
    public void Records_DeliverablesAccepted_IsProvenOnlyWhenEveryInScopeDeliverableIsAccepted()
    {
        var project = ActiveProject();
        var phones = new Deliverable(project.Id, "Desk phones", null, inScope: true, Tech, Now);
        var fax = new Deliverable(project.Id, "Fax to e-mail", null, inScope: false, Tech, Now);

        var waiting = CloseoutRecords.Of(project, null, [phones, fax], Today).Read(CloseoutProof.DeliverablesAccepted);
        phones.Accept(new Actor("c-1", "Mia Chen"), Now);
        var accepted = CloseoutRecords.Of(project, null, [phones, fax], Today).Read(CloseoutProof.DeliverablesAccepted);

        Assert.Equal(new CloseoutProofReading(false, "Waits for the client's acceptance of 1 of 1 in-scope deliverable."), waiting);
        Assert.Equal(new CloseoutProofReading(true, "Answered by the client's acceptance of the in-scope deliverable."), accepted);
    }

    [Fact]
    public void Upgrade_ToAVersionWhereAnItemIsProven_ClearsTheAnswerGivenByHand_AndSaysSo()
    {
        var project = ActiveProject();
        var v1 = Template();
        var checklist = CloseoutChecklist.Begin(project, v1, Tech, Now);
        checklist.Answer(KeyOf(checklist, "Monitoring in place"), null, CloseoutItemState.Done, null, null, Tech, Now);
        var draft = v1.ToDraft();
        var monitoring = KeyOf(v1, "Monitoring in place");
        var v2 = v1.Publish(CloseoutTemplateEdits.UpdateItem(draft, monitoring, SectionKey(v1, "Monitoring"), "Monitoring in place", true, null, CloseoutProof.DeliverablesAccepted), null, Lead, Now);

        var upgrade = checklist.UpgradeTo(v2, project, Tech, Now);

        Assert.Equal(["‘Monitoring in place’ is now answered by the client's acceptance of every in-scope deliverable."], v2.Changes);
        Assert.Contains("‘Monitoring in place’ is now answered by the client's acceptance of every in-scope deliverable; the answer given by hand (done by Dana Tech) was cleared.", upgrade.Changes);
        Assert.Equal(CloseoutItemState.Open, checklist.Find(monitoring)!.State);
        Assert.Equal(CloseoutProof.DeliverablesAccepted, checklist.Find(monitoring)!.ProvenBy);
    }

    [Fact]
    public void UpdateItem_WithoutSayingWhatProvesIt_KeepsTheProof()
    {
        var v1 = TemplateWithMeeting();
        var key = KeyOf(v1, Meeting);

        var v2 = v1.Publish(CloseoutTemplateEdits.UpdateItem(v1.ToDraft(), key, SectionKey(v1, "Hand-over"), Meeting, false, "Both sides attend."), null, Lead, Now);

        Assert.Equal(CloseoutProof.HandoffMeeting, v2.FindItem(key)!.ProvenBy);
    }
}
