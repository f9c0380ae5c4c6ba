using Baton.Domain.Meetings;

namespace Baton.Domain.Tests.Meetings;

public sealed class CalendarReplyTests
{
    private static string Ics(string method, string attendee, string extra = "") =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:" + method + "\r\nBEGIN:VEVENT\r\nUID:abc-123@baton\r\nSEQUENCE:2\r\n"
        + "DTSTAMP:20310304T090000Z\r\nORGANIZER:mailto:desk@msp.example\r\n" + attendee + "\r\n" + extra + "END:VEVENT\r\nEND:VCALENDAR\r\n";

    [Fact]
    public void AReply_GivesTheUid_TheSequence_AndTheAttendeesAnswer()
    {
        var reply = CalendarReply.Read(Ics("REPLY", "ATTENDEE;PARTSTAT=ACCEPTED;CN=\"Client, Ann\":mailto:Ann@Client.example"));

        Assert.NotNull(reply);
        Assert.Equal(("abc-123@baton", 2), (reply.Uid, reply.Sequence));
        Assert.Equal([new ReplyAnswer("Ann@Client.example", Attendance.Accepted)], reply.Answers);
    }

    [Fact]
    public void AFoldedLowerCaseReply_ReadsTheSame_AsOutlookAndGoogleMayWriteIt()
    {
        var reply = CalendarReply.Read(Ics("REPLY", "attendee;cn=\"Ann: the client\";partstat=tentative;rsvp=\r\n FALSE:MAILTO:ann@cli\r\n\tent.example"));

        Assert.Equal([new ReplyAnswer("ann@client.example", Attendance.Tentative)], reply!.Answers);
    }

    [Theory]
    [InlineData("REQUEST")]
    [InlineData("CANCEL")]
    [InlineData("PUBLISH")]
    public void ACalendarThatIsNoReply_IsNotOne(string method) =>
        Assert.Null(CalendarReply.Read(Ics(method, "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@client.example")));

    [Fact]
    public void AReplyWithoutAnAnswerWeKnow_IsNotOne() =>
        Assert.Null(CalendarReply.Read(Ics("REPLY", "ATTENDEE;PARTSTAT=DELEGATED:mailto:ann@client.example")));

    [Fact]
    public void AnAttendeeInsideAnAlarm_IsNotTheEventsAttendee() =>
        Assert.Null(CalendarReply.Read(Ics("REPLY", "BEGIN:VALARM\r\nACTION:EMAIL\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@client.example\r\nEND:VALARM")));
}
