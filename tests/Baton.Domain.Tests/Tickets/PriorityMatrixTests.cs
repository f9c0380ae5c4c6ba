using Baton.Domain;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.Tickets;

public sealed class PriorityMatrixTests
{
    [Theory]
    [InlineData(Impact.High, Urgency.High, Priority.P1)]
    [InlineData(Impact.High, Urgency.Medium, Priority.P2)]
    [InlineData(Impact.High, Urgency.Low, Priority.P3)]
    [InlineData(Impact.Medium, Urgency.High, Priority.P2)]
    [InlineData(Impact.Medium, Urgency.Medium, Priority.P3)]
    [InlineData(Impact.Medium, Urgency.Low, Priority.P4)]
    [InlineData(Impact.Low, Urgency.High, Priority.P3)]
    [InlineData(Impact.Low, Urgency.Medium, Priority.P4)]
    [InlineData(Impact.Low, Urgency.Low, Priority.P4)]
    public void Default_DerivesItilPriorityFromImpactAndUrgency(Impact impact, Urgency urgency, Priority expected) =>
        Assert.Equal(expected, PriorityMatrix.Default.PriorityFor(impact, urgency));

    [Fact]
    public void With_ChangesOnlyTheEditedCell_AndLeavesTheOriginalUntouched()
    {
        var edited = PriorityMatrix.Default.With(Impact.Low, Urgency.High, Priority.P2);

        Assert.Equal(Priority.P2, edited.PriorityFor(Impact.Low, Urgency.High));
        Assert.Equal(Priority.P3, PriorityMatrix.Default.PriorityFor(Impact.Low, Urgency.High));
        Assert.Equal(
            PriorityMatrix.Default.Cells().Count(c => !(c.Impact == Impact.Low && c.Urgency == Urgency.High)),
            edited.Cells().Count(c => c.Priority == PriorityMatrix.Default.PriorityFor(c.Impact, c.Urgency)));
    }

    [Fact]
    public void From_RoundTripsEveryCell()
    {
        var edited = PriorityMatrix.Default.With(Impact.Medium, Urgency.Medium, Priority.P1);

        var restored = PriorityMatrix.From(edited.Cells());

        Assert.Equal(edited.Cells(), restored.Cells());
        Assert.Equal(9, restored.Cells().Count());
    }

    [Fact]
    public void With_UnknownPriority_IsRejectedNamingTheField()
    {
        var e = Assert.Throws<DomainRuleException>(() => PriorityMatrix.Default.With(Impact.High, Urgency.High, (Priority)9));
        Assert.Equal("priority", e.Field);
    }

    [Fact]
    public void PriorityFor_UnknownImpact_IsRejectedNamingTheField()
    {
        var e = Assert.Throws<DomainRuleException>(() => PriorityMatrix.Default.PriorityFor((Impact)0, Urgency.High));
        Assert.Equal("impact", e.Field);
    }
}
