using Baton.Domain.Hypercare;
using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Hypercare;

public sealed class HypercareFeedbackTests
{
    private static readonly Actor Lead = new("lead", "Lee Lead");
    private static readonly Actor User = new("u1", "Mia Chen");
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static Project InHypercare(int days = 30)
    {
        var p = Project.Plan(1, new ProjectDetails("Phones", 1, "lead", null, null, null, null, null, null, [], []), "PRJ-000001", Someone.Staff, T0);
        p.Start(Someone.Staff, T0);
        p.RecordCloseoutSignOff(Lead, T0);
        p.ReleaseLead(Lead, T0);
        p.EnterHypercare(days, Someone.Staff, T0);
        return p;
    }

    [Fact]
    public void Give_DuringHypercare_RecordsTheWeek()
    {
        var feedback = HypercareFeedback.Give(InHypercare(), User, 4, "  Quick answers  ", T0.AddDays(8));
        Assert.Equal((2, 4, "Quick answers", "Mia Chen"), (feedback.Week, feedback.Rating, feedback.Comment, feedback.UserName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Give_RatingOutOfRange_IsRefusedOnRating(int rating) =>
        Assert.Equal("rating", Assert.Throws<DomainRuleException>(() => HypercareFeedback.Give(InHypercare(), User, rating, null, T0.AddDays(1))).Field);

    [Fact]
    public void Give_AfterThePeriodOrOnceClosed_IsRefused()
    {
        var project = InHypercare(28);
        Assert.Contains("is over", Assert.Throws<DomainRuleException>(() => HypercareFeedback.Give(project, User, 3, null, T0.AddDays(28))).Message, StringComparison.Ordinal);
        project.Close(Someone.Staff, T0.AddDays(29));
        Assert.Contains("closed", Assert.Throws<DomainRuleException>(() => HypercareFeedback.Give(project, User, 3, null, T0.AddDays(29))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Revise_SameWeek_Changes_NextWeek_IsRefused()
    {
        var project = InHypercare();
        var feedback = HypercareFeedback.Give(project, User, 2, "Slow", T0.AddDays(1));
        Assert.True(feedback.IsThisWeek(project, T0.AddDays(6)));
        feedback.Revise(project, 4, "Better now", T0.AddDays(6));
        Assert.Equal((1, 4, "Better now", T0.AddDays(6)), (feedback.Week, feedback.Rating, feedback.Comment, feedback.UpdatedAt));
        Assert.False(feedback.IsThisWeek(project, T0.AddDays(7)));
        Assert.Throws<DomainRuleException>(() => feedback.Revise(project, 5, null, T0.AddDays(7)));
    }

    [Fact]
    public void Comment_TooLong_IsRefusedOnComment() =>
        Assert.Equal("comment", Assert.Throws<DomainRuleException>(() =>
            HypercareFeedback.Give(InHypercare(), User, 3, new string('x', HypercareFeedback.CommentMaxLength + 1), T0)).Field);
}
