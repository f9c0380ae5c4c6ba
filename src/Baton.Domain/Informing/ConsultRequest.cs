namespace Baton.Domain.Informing;

/// <summary>
/// A "what do you think?" put to one person on a record (the matrix's Consulted, or anyone the asker names): they answer
/// on the record, and are reminded while they have not. Answering closes it; the asker may withdraw it.
/// </summary>
public sealed class ConsultRequest
{
    public const int QuestionMaxLength = 2000;
    public const int AnswerMaxLength = 4000;

    /// <summary>How long a consultee has before the first reminder, and between reminders.</summary>
    public static readonly TimeSpan ReminderInterval = TimeSpan.FromHours(24);

    /// <summary>After this many reminders Baton stops asking; the open request stays on the record for the asker to chase.</summary>
    public const int MaxReminders = 2;

    private ConsultRequest()
    {
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public string AskedById { get; private set; } = "";
    public string ConsulteeId { get; private set; } = "";
    public string Question { get; private set; } = "";
    public DateTimeOffset AskedAt { get; private set; }

    /// <summary>When the next reminder is due; null once answered, withdrawn, or reminded <see cref="MaxReminders"/> times.</summary>
    public DateTimeOffset? RemindAt { get; private set; }

    public int RemindersSent { get; private set; }
    public string? Answer { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }

    public bool IsOpen => AnsweredAt is null && WithdrawnAt is null;

    public static ConsultRequest Ask(long ticketId, string askedById, string consulteeId, string? question, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(askedById);
        ArgumentException.ThrowIfNullOrEmpty(consulteeId);
        var text = question?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new DomainRuleException("Write the question you want answered.", "question");
        }

        if (text.Length > QuestionMaxLength)
        {
            throw new DomainRuleException($"Keep the question to {QuestionMaxLength} characters (it has {text.Length}).", "question");
        }

        if (consulteeId == askedById)
        {
            throw new DomainRuleException("Ask someone other than yourself.", "consulteeId");
        }

        return new ConsultRequest
        {
            TicketId = ticketId, AskedById = askedById, ConsulteeId = consulteeId, Question = text, AskedAt = now, RemindAt = now + ReminderInterval,
        };
    }

    /// <summary>The consultee's answer; only they answer, once, while the request is open.</summary>
    public void AnswerWith(string userId, string? answer, DateTimeOffset now)
    {
        if (userId != ConsulteeId)
        {
            throw new DomainRuleException("Only the person asked can answer this request.", "answer");
        }

        if (!IsOpen)
        {
            throw new DomainRuleException(AnsweredAt is not null ? "This request is already answered." : "This request was withdrawn.", "answer");
        }

        var text = answer?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new DomainRuleException("Write your answer.", "answer");
        }

        if (text.Length > AnswerMaxLength)
        {
            throw new DomainRuleException($"Keep the answer to {AnswerMaxLength} characters (it has {text.Length}).", "answer");
        }

        Answer = text;
        AnsweredAt = now;
        RemindAt = null;
    }

    /// <summary>The asker takes the question back (it is no longer needed).</summary>
    public void Withdraw(string userId, DateTimeOffset now)
    {
        if (userId != AskedById)
        {
            throw new DomainRuleException("Only the person who asked can withdraw this request.", "consultId");
        }

        if (!IsOpen)
        {
            throw new DomainRuleException(AnsweredAt is not null ? "This request is already answered." : "This request was withdrawn.", "consultId");
        }

        WithdrawnAt = now;
        RemindAt = null;
    }

    /// <summary>Whether a reminder is due at <paramref name="now"/>.</summary>
    public bool ReminderDue(DateTimeOffset now) => IsOpen && RemindAt is { } at && at <= now;

    /// <summary>Records a reminder sent; the next one is due an interval later, until <see cref="MaxReminders"/>.</summary>
    public void Reminded(DateTimeOffset now)
    {
        if (!ReminderDue(now))
        {
            throw new InvalidOperationException("No reminder is due.");
        }

        RemindersSent++;
        RemindAt = RemindersSent >= MaxReminders ? null : now + ReminderInterval;
    }
}
