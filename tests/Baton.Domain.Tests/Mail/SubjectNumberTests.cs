using Baton.Domain.Mail;

namespace Baton.Domain.Tests.Mail;

public sealed class SubjectNumberTests
{
    [Theory]
    [InlineData("[INC-000123] The printer on floor 3 jams")]
    [InlineData("Re: [INC-000123] The printer on floor 3 jams")]
    [InlineData("RE: AW: Fwd: [INC-000123] The printer on floor 3 jams")]
    [InlineData("The printer on floor 3 jams [INC-000123]")]
    public void ABracketedNumber_IsFound(string subject) =>
        Assert.Equal("INC-000123", SubjectNumber.Find(subject));

    [Theory]
    [InlineData("Re: [inc-000123] The printer")]
    [InlineData("Re: [INC-123] The printer")]
    [InlineData("Re: [INC123] The printer")]
    public void ABracketedNumber_IsReadAsTheTicketsNumber_HoweverItIsWritten(string subject) =>
        Assert.Equal("INC-000123", SubjectNumber.Find(subject));

    [Fact]
    public void AServiceRequestNumber_IsFound() =>
        Assert.Equal("REQ-000045", SubjectNumber.Find("Re: [REQ-000045] A laptop for the new starter"));

    [Theory]
    [InlineData("Question about INC-000123")]
    [InlineData("inc-123: still broken")]
    [InlineData("Still broken (INC-000123)")]
    public void ABareNumberWord_IsFound(string subject) =>
        Assert.Equal("INC-000123", SubjectNumber.Find(subject));

    [Fact]
    public void TheBracketedNumber_WinsOverABareOne() =>
        Assert.Equal("INC-000002", SubjectNumber.Find("INC-000001 looks like [INC-000002]"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("The printer on floor 3 jams")]
    [InlineData("INC123 without its dash")]
    [InlineData("ZINC-000123 is a part number")]
    [InlineData("INC-000123abc")]
    [InlineData("[INC-] The printer")]
    [InlineData("[INC-000000] The printer")]
    [InlineData("[CHG-000123] The printer")]
    public void ASubjectWithoutATicketNumber_NamesNoTicket(string? subject) =>
        Assert.Null(SubjectNumber.Find(subject));
}
