using Baton.Domain.Projects;

namespace Baton.Domain.Hypercare;

/// <summary>
/// Hypercare weeks: week 1 is the first seven days from the instant hypercare began, week 2 the next seven, and so on;
/// the last week of a period may be short (a 30-day period has four full weeks and two days of week 5). Counting from
/// the start, not by calendar week, makes "week 1 of hypercare" mean the same for every project and every time zone.
/// </summary>
public static class HypercareWeeks
{
    public static readonly TimeSpan Length = TimeSpan.FromDays(7);

    /// <summary>The week an instant falls in (1-based); 0 before the start.</summary>
    public static int WeekOf(DateTimeOffset start, DateTimeOffset at) =>
        at < start ? 0 : (int)((at - start).Ticks / Length.Ticks) + 1;

    public static DateTimeOffset StartOf(DateTimeOffset start, int week) => start + (Length * (week - 1));

    /// <summary>
    /// How many weeks a dashboard shows: up to the week holding <paramref name="now"/>, or every week of the period once it
    /// is over (the period's end is exclusive). At least one.
    /// </summary>
    public static int Shown(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now) =>
        Math.Max(1, WeekOf(start, now < end ? now : end.AddTicks(-1)));
}

/// <summary>
/// A client user's word on how hypercare is going: a rating from 1 (poor) to 5 (excellent) and an optional comment.
/// One per user per hypercare week: giving feedback again in the same week revises that week's (so a user can correct
/// it, and one loud week does not drown the trend); the next week starts a new one.
/// </summary>
public sealed class HypercareFeedback
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    public const int CommentMaxLength = 1000;

    private HypercareFeedback()
    {
        UserId = UserName = Comment = "";
    }

    public long Id { get; private set; }
    public int ProjectId { get; private set; }
    public string UserId { get; private set; }
    public string UserName { get; private set; }

    /// <summary>The hypercare week it was given in (see <see cref="HypercareWeeks"/>).</summary>
    public int Week { get; private set; }

    public int Rating { get; private set; }
    public string Comment { get; private set; }
    public DateTimeOffset GivenAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>New feedback from <paramref name="actor"/>; the project must be in its hypercare period now.</summary>
    public static HypercareFeedback Give(Project project, Actor actor, int rating, string? comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(actor);
        var start = RequireOpen(project, now);
        var feedback = new HypercareFeedback
        {
            ProjectId = project.Id,
            UserId = actor.UserId,
            UserName = actor.DisplayName,
            Week = HypercareWeeks.WeekOf(start, now),
            GivenAt = now,
        };
        feedback.Set(rating, comment, now);
        return feedback;
    }

    /// <summary>Whether new feedback now would revise this one rather than start a new one.</summary>
    public bool IsThisWeek(Project project, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.HypercareStartedAt is { } start && HypercareWeeks.WeekOf(start, now) == Week;
    }

    /// <summary>The user changes their mind within the same week.</summary>
    public void Revise(Project project, int rating, string? comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        RequireOpen(project, now);
        if (!IsThisWeek(project, now))
        {
            throw new DomainRuleException($"This feedback is from week {Week}; a new week takes new feedback.", "rating");
        }

        Set(rating, comment, now);
    }

    private void Set(int rating, string? comment, DateTimeOffset now)
    {
        if (rating is < MinRating or > MaxRating)
        {
            throw new DomainRuleException($"Choose a rating from {MinRating} (poor) to {MaxRating} (excellent).", "rating");
        }

        Rating = rating;
        Comment = Text.Optional(comment, "comment", CommentMaxLength);
        UpdatedAt = now;
    }

    private static DateTimeOffset RequireOpen(Project project, DateTimeOffset now) =>
        project.IsInHypercare(now) && project.HypercareStartedAt is { } start
            ? start
            : throw new DomainRuleException(project.Status == ProjectStatus.Hypercare
                ? $"The hypercare period of {project.Number} is over: feedback is collected during it."
                : $"{project.Number} is {Project.Describe(project.Status)}: feedback is collected during its hypercare period.", "status");
}
