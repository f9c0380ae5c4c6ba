using Baton.Domain.Meetings;

namespace Baton.Domain.Tests.Meetings;

public sealed class MeetingTests
{
    private static readonly DateTimeOffset Now = new(2031, 3, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Agent = new("agent-1", "Dana Ops");
    private static readonly Invitee Organizer = new(AttendeeKind.Staff, "agent-1", null, "Dana Ops", "dana@msp.example");
    private static readonly Invitee Requester = new(AttendeeKind.Contact, null, 7, "Ann Client", "ann@client.example");
    private static readonly Invitee Colleague = new(AttendeeKind.Staff, "agent-2", null, "Sam Tech", "sam@msp.example");

    private static MeetingPlan Plan(
        DateTimeOffset? start = null, TimeSpan? length = null, string? title = "Walk through the fix", string? location = "Room 4",
        string? url = null, MeetingPurpose purpose = MeetingPurpose.Meeting, string? agenda = null)
    {
        var s = start ?? Now.AddDays(1);
        return new MeetingPlan(purpose, title, s, s + (length ?? TimeSpan.FromHours(1)), location, url, agenda);
    }

    private static Meeting Called(MeetingPlan? plan = null, params Invitee[] invitees) =>
        new("ticket", 42, "uid-1@baton", plan ?? Plan(), Organizer, invitees.Length == 0 ? [Requester] : invitees, Agent, Now);

    [Fact]
    public void Calling_PutsTheOrganizerFirst_AsAcceptedChair_AndEveryoneElseNeedsAction_AtSequenceZero()
    {
        var meeting = Called(null, Requester, Colleague);

        Assert.Equal(0, meeting.Sequence);
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Equal(["Dana Ops", "Ann Client", "Sam Tech"], meeting.Attendees.Select(a => a.Name));
        Assert.True(meeting.Attendees[0].IsOrganizer);
        Assert.Equal([Attendance.Accepted, Attendance.NeedsAction, Attendance.NeedsAction], meeting.Attendees.Select(a => a.Attendance));
        var entry = Assert.Single(meeting.PendingAuditEntries);
        Assert.Equal(("ticket", Meeting.AuditFields.Meeting), (entry.RecordKind, entry.Field));
        Assert.StartsWith("called: ", entry.NewValue, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "end")]
    [InlineData(-30, "end")]
    [InlineData(2, "end")]
    [InlineData(13 * 60, "end")]
    public void ALengthThatIsNoMeeting_IsRefused_OnTheEnd(int minutes, string field)
    {
        var e = Assert.Throws<DomainRuleException>(() => Called(Plan(length: TimeSpan.FromMinutes(minutes))));
        Assert.Equal(field, e.Field);
    }

    [Theory]
    [InlineData("ftp://files.example/meet")]
    [InlineData("javascript:alert(1)")]
    [InlineData("teams.example/join")]
    public void AnOnlineLinkThatIsNotHttpOrHttps_IsRefused(string url)
    {
        var e = Assert.Throws<DomainRuleException>(() => Called(Plan(url: url)));
        Assert.Equal("onlineUrl", e.Field);
    }

    [Fact]
    public void AMeetingWithNeitherPlaceNorLink_IsRefused_OnTheLocation()
    {
        var e = Assert.Throws<DomainRuleException>(() => Called(Plan(location: " ", url: null)));
        Assert.Equal("location", e.Field);
    }

    [Fact]
    public void AMeetingWithNobodyButTheOrganizer_IsRefused_OnTheAttendees()
    {
        var e = Assert.Throws<DomainRuleException>(() => new Meeting("ticket", 1, "u", Plan(), Organizer, [Organizer], Agent, Now));
        Assert.Equal("attendees", e.Field);
    }

    [Fact]
    public void AnInviteeWithoutAnAddress_IsRefused_NamingThem()
    {
        var e = Assert.Throws<DomainRuleException>(() => Called(null, Requester with { Email = "" }));
        Assert.Equal("attendees", e.Field);
        Assert.Contains("Ann Client", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rescheduling_KeepsTheUid_RaisesTheSequence_AndAsksEveryoneAgain()
    {
        var meeting = Called();
        Assert.Equal(ReplyOutcome.Recorded, meeting.RecordReply("ANN@client.example", Attendance.Accepted, 0, Now));
        var version = meeting.Version;

        var removed = meeting.Change(Plan(start: Now.AddDays(2)), Organizer, [Requester], Agent, Now);

        Assert.Empty(removed);
        Assert.Equal(("uid-1@baton", 1), (meeting.Uid, meeting.Sequence));
        Assert.Equal(Attendance.NeedsAction, meeting.Attendees.Single(a => !a.IsOrganizer).Attendance);
        Assert.True(meeting.Version > version);
    }

    [Fact]
    public void MovingOnlyThePlace_RaisesTheSequence_ButKeepsTheAnswers()
    {
        var meeting = Called();
        meeting.RecordReply("ann@client.example", Attendance.Tentative, 0, Now);

        meeting.Change(Plan(location: "Room 9"), Organizer, [Requester], Agent, Now);

        Assert.Equal(1, meeting.Sequence);
        Assert.Equal(Attendance.Tentative, meeting.Attendees.Single(a => !a.IsOrganizer).Attendance);
    }

    [Fact]
    public void SavingTheSamePlan_ChangesNothing_NotEvenTheSequence()
    {
        var meeting = Called();

        meeting.Change(Plan(), Organizer, [Requester], Agent, Now);

        Assert.Equal(0, meeting.Sequence);
        Assert.Single(meeting.PendingAuditEntries);
    }

    [Fact]
    public void TakingSomeoneOff_ReturnsThem_SoTheyAreSentACancellation()
    {
        var meeting = Called(null, Requester, Colleague);

        var removed = meeting.Change(Plan(), Organizer, [Requester], Agent, Now);

        Assert.Equal(["Sam Tech"], removed.Select(a => a.Name));
        Assert.Equal(1, meeting.Sequence);
    }

    [Fact]
    public void Cancelling_RaisesTheSequence_AndRefusesEveryLaterChange()
    {
        var meeting = Called();

        meeting.Cancel(Agent, Now);

        Assert.Equal((MeetingStatus.Cancelled, 1), (meeting.Status, meeting.Sequence));
        Assert.Equal("status", Assert.Throws<DomainRuleException>(() => meeting.Change(Plan(), Organizer, [Requester], Agent, Now)).Field);
        Assert.Equal("status", Assert.Throws<DomainRuleException>(() => meeting.Cancel(Agent, Now)).Field);
        Assert.Equal(ReplyOutcome.Cancelled, meeting.RecordReply("ann@client.example", Attendance.Accepted, 1, Now));
    }

    [Fact]
    public void AReplyToAnEarlierSequence_ChangesNothing_TheTimeItAnsweredNoLongerHolds()
    {
        var meeting = Called();
        meeting.Change(Plan(start: Now.AddDays(3)), Organizer, [Requester], Agent, Now);

        Assert.Equal(ReplyOutcome.OutOfDate, meeting.RecordReply("ann@client.example", Attendance.Accepted, 0, Now));
        Assert.Equal(Attendance.NeedsAction, meeting.Attendees.Single(a => !a.IsOrganizer).Attendance);
    }

    [Fact]
    public void AReplyFromSomeoneNotInvited_ChangesNothing()
    {
        var meeting = Called();

        Assert.Equal(ReplyOutcome.NotAnAttendee, meeting.RecordReply("stranger@elsewhere.example", Attendance.Accepted, 0, Now));
    }

    [Fact]
    public void AReply_RecordsTheAnswer_OnTheTrail_AsTheAttendee()
    {
        var meeting = Called();

        Assert.Equal(ReplyOutcome.Recorded, meeting.RecordReply("ann@client.example", Attendance.Declined, 0, Now.AddHours(1)));
        Assert.Equal(ReplyOutcome.Unchanged, meeting.RecordReply("ann@client.example", Attendance.Declined, 0, Now.AddHours(2)));

        var ann = meeting.Attendees.Single(a => !a.IsOrganizer);
        Assert.Equal((Attendance.Declined, Now.AddHours(1)), (ann.Attendance, ann.RespondedAt));
        var entry = meeting.PendingAuditEntries[^1];
        Assert.Equal((Meeting.AuditFields.Attendance, "Ann Client"), (entry.Field, entry.ActorName));
    }

    [Fact]
    public void Minutes_AreRefusedBeforeTheMeetingStarts_AndRecordedAfter()
    {
        var meeting = Called(Plan(start: Now.AddHours(1)));

        Assert.Equal("minutes", Assert.Throws<DomainRuleException>(() => meeting.RecordMinutes("Agreed", Agent, Now)).Field);
        Assert.Equal("minutes", Assert.Throws<DomainRuleException>(() => meeting.RecordMinutes(" ", Agent, Now.AddHours(2))).Field);

        meeting.RecordMinutes("Agreed to roll out on Monday.", Agent, Now.AddHours(2));

        Assert.Equal(("Agreed to roll out on Monday.", Now.AddHours(2)), (meeting.Minutes, meeting.MinutesRecordedAt));
        Assert.Equal(0, meeting.Sequence); // minutes are no change to the invitation
    }
}
