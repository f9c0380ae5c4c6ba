using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.Tickets;

public sealed class TicketNumberTests
{
    [Theory]
    [InlineData(TicketKind.Incident, 123, "INC-000123")]
    [InlineData(TicketKind.ServiceRequest, 45, "REQ-000045")]
    [InlineData(TicketKind.Incident, 1, "INC-000001")]
    [InlineData(TicketKind.Incident, 999_999, "INC-999999")]
    [InlineData(TicketKind.Incident, 1_234_567, "INC-1234567")]
    public void Format_PadsToSixDigitsWithTheKindsPrefix(TicketKind kind, long sequence, string expected) =>
        Assert.Equal(expected, TicketNumber.Format(kind, sequence));

    [Fact]
    public void Format_SequenceBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketNumber.Format(TicketKind.Incident, 0));

    [Theory]
    [InlineData("INC-000123", "INC-000123")]
    [InlineData("inc-123", "INC-000123")]
    [InlineData(" INC123 ", "INC-000123")]
    [InlineData("req-45", "REQ-000045")]
    public void TryParse_AcceptsWhatPeopleType(string typed, string expected)
    {
        Assert.True(TicketNumber.TryParse(typed, out var number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("printer")]
    [InlineData("INC-")]
    [InlineData("INC-0")]
    [InlineData("INC-12a")]
    [InlineData("PRB-000001")]
    [InlineData("INC-99999999999999999999")]
    public void TryParse_RejectsAnythingElse(string? typed) =>
        Assert.False(TicketNumber.TryParse(typed, out _));
}
