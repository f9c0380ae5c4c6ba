using Baton.Domain.Closeout;
using static Baton.Domain.Tests.Closeout.CloseoutWorld;

namespace Baton.Domain.Tests.Closeout;

public sealed class HandoffMeetingTests
{
    private static HandoffDetails Details(
        IReadOnlyList<HandoffAttendee>? attendees = null, IReadOnlyList<ContactMatrixEntry>? matrix = null,
        IReadOnlyList<DocumentationLink>? links = null, IReadOnlyList<HandoffRisk>? risks = null, DateOnly? heldOn = null) => new(
        heldOn ?? new DateOnly(2026, 12, 3),
        attendees ?? [new("Dana Tech", HandoffSide.Provider, "Lead tech"), new("Mia Chen", HandoffSide.Client, "Office manager")],
        matrix ?? [new("Outage", "Service desk 0800 100 200", "On-call engineer, then Dana Tech")],
        links ?? [new("Network diagram", "https://docs.example.test/net")],
        risks ?? [new("Old switch in the loft may fail", "Dana Tech")],
        "Warm hand-off, questions answered.");

    [Fact]
    public void Record_KeepsEverySection_AndKnowsBothSidesWereThere()
    {
        var meeting = HandoffMeeting.Record(ActiveProject(), Details(), Tech, Now);

        Assert.Equal(new DateOnly(2026, 12, 3), meeting.HeldOn);
        Assert.True(meeting.HasBothSides);
        Assert.Equal("Service desk 0800 100 200", meeting.ContactMatrix.Single().ClientCalls);
        Assert.Equal("https://docs.example.test/net", meeting.DocumentationLinks.Single().Url);
        Assert.Equal("Dana Tech", meeting.OpenRisks.Single().Owner);
        Assert.Equal(1, meeting.Version);
        Assert.False(HandoffMeeting.Record(ActiveProject(), Details(attendees: [new("Dana", HandoffSide.Provider, "")]), Tech, Now).HasBothSides);
    }

    public static TheoryData<string, string> BadDetails => new()
    {
        { "javascript link", "documentationLinks[0].url" },
        { "relative link", "documentationLinks[0].url" },
        { "ftp link", "documentationLinks[0].url" },
        { "untitled link", "documentationLinks[0].title" },
        { "attendee without a name", "attendees[1].name" },
        { "attendee of no side", "attendees[0].side" },
        { "situation twice", "contactMatrix[1].situation" },
        { "nobody to call", "contactMatrix[0].clientCalls" },
        { "nobody to escalate to", "contactMatrix[0].supportEscalatesTo" },
        { "risk without owner", "openRisks[0].owner" },
        { "no date", "heldOn" },
    };

    [Theory]
    [MemberData(nameof(BadDetails))]
    public void BadDetails_AreRefused_NamingTheField(string name, string field)
    {
        var details = name switch
        {
            "javascript link" => Details(links: [new("Diagram", "javascript:alert(1)")]),
            "relative link" => Details(links: [new("Diagram", "/docs/net")]),
            "ftp link" => Details(links: [new("Diagram", "ftp://files.example.test/net.vsdx")]),
            "untitled link" => Details(links: [new(" ", "https://docs.example.test")]),
            "attendee without a name" => Details(attendees: [new("Dana", HandoffSide.Provider, ""), new("", HandoffSide.Client, "")]),
            "attendee of no side" => Details(attendees: [new("Dana", (HandoffSide)0, "")]),
            "situation twice" => Details(matrix: [new("Outage", "Desk", "On-call"), new("outage", "Desk", "On-call")]),
            "nobody to call" => Details(matrix: [new("Outage", " ", "On-call")]),
            "nobody to escalate to" => Details(matrix: [new("Outage", "Desk", "")]),
            "risk without owner" => Details(risks: [new("Old switch", "")]),
            "no date" => Details() with { HeldOn = null },
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var e = Assert.Throws<DomainRuleException>(() => HandoffMeeting.Record(ActiveProject(), details, Tech, Now));

        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void Update_AfterTheProjectClosed_IsRefused_AndKeepsTheRecord()
    {
        var project = ActiveProject();
        var meeting = HandoffMeeting.Record(project, Details(), Tech, Now);
        project.RecordCloseoutSignOff(Lead, Now);
        project.ReleaseLead(Lead, Now);
        project.EnterHypercare(30, Someone.Staff, Now);
        meeting.Update(project, Details(risks: []), Tech, Now);
        project.Close(Someone.Staff, Now);

        var e = Assert.Throws<DomainRuleException>(() => meeting.Update(project, Details(), Tech, Now));

        Assert.Equal("status", e.Field);
        Assert.Empty(meeting.OpenRisks);
        Assert.Equal(2, meeting.Version);
    }
}
