using Baton.Domain.Informing;

namespace Baton.Domain.Tests.Informing;

public sealed class ConsultRequestTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static ConsultRequest Asked() => ConsultRequest.Ask(1, "asker", "consultee", "  Is the firmware safe to roll back?  ", Monday);

    [Fact]
    public void Asking_KeepsTheQuestion_AndDueARemindInADay()
    {
        var consult = Asked();
        Assert.Equal("Is the firmware safe to roll back?", consult.Question);
        Assert.True(consult.IsOpen);
        Assert.Equal(Monday + ConsultRequest.ReminderInterval, consult.RemindAt);
    }

    [Theory]
    [InlineData("asker", "   ", "question")]
    [InlineData("asker", null, "question")]
    [InlineData("consultee", "Why?", "consulteeId")]
    public void Asking_WithoutAQuestionOrOfYourself_IsRefusedNamingTheField(string asker, string? question, string field) =>
        Assert.Equal(field, Assert.Throws<DomainRuleException>(() => ConsultRequest.Ask(1, asker, "consultee", question, Monday)).Field);

    [Fact]
    public void Asking_ATooLongQuestion_IsRefused() =>
        Assert.Equal("question", Assert.Throws<DomainRuleException>(() => ConsultRequest.Ask(1, "a", "c", new string('x', ConsultRequest.QuestionMaxLength + 1), Monday)).Field);

    [Fact]
    public void OnlyTheConsultee_Answers_AndOnlyOnce()
    {
        var consult = Asked();
        Assert.Equal("answer", Assert.Throws<DomainRuleException>(() => consult.AnswerWith("asker", "Yes", Monday)).Field);
        Assert.Equal("answer", Assert.Throws<DomainRuleException>(() => consult.AnswerWith("consultee", " ", Monday)).Field);

        consult.AnswerWith("consultee", "Yes, 4.2 is fine.", Monday.AddHours(1));
        Assert.False(consult.IsOpen);
        Assert.Null(consult.RemindAt);
        Assert.Equal("Yes, 4.2 is fine.", consult.Answer);
        Assert.Contains("already answered", Assert.Throws<DomainRuleException>(() => consult.AnswerWith("consultee", "Again", Monday)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheAsker_Withdraws_AndAWithdrawnRequestTakesNoAnswerNorReminder()
    {
        var consult = Asked();
        Assert.Equal("consultId", Assert.Throws<DomainRuleException>(() => consult.Withdraw("consultee", Monday)).Field);

        consult.Withdraw("asker", Monday.AddHours(2));
        Assert.False(consult.ReminderDue(Monday.AddDays(5)));
        Assert.Contains("withdrawn", Assert.Throws<DomainRuleException>(() => consult.AnswerWith("consultee", "Late", Monday.AddDays(1))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReminder_IsDueADayLater_ThenDailyUntilTheLastOne()
    {
        var consult = Asked();
        Assert.False(consult.ReminderDue(Monday.AddHours(23)));
        Assert.True(consult.ReminderDue(Monday.AddHours(24)));

        consult.Reminded(Monday.AddHours(24));
        Assert.Equal(1, consult.RemindersSent);
        Assert.False(consult.ReminderDue(Monday.AddHours(30)));
        Assert.Throws<InvalidOperationException>(() => consult.Reminded(Monday.AddHours(30)));

        consult.Reminded(Monday.AddHours(48));
        Assert.Equal(ConsultRequest.MaxReminders, consult.RemindersSent);
        Assert.Null(consult.RemindAt);
        Assert.False(consult.ReminderDue(Monday.AddDays(30)));
        Assert.True(consult.IsOpen); // still on the record for the asker to chase
    }
}
