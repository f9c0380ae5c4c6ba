using Baton.Domain.Hypercare;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Hypercare;

/// <summary>A rating from 1 (poor) to 5 (excellent), and an optional comment.</summary>
public sealed record GiveFeedbackRequest(int Rating, string? Comment = null);

/// <summary>One piece of feedback. <c>from</c> is the user's name (staff see everyone's; a client user only their own).</summary>
public sealed record FeedbackResponse(long Id, string ProjectNumber, int Week, int Rating, string Comment, string From, DateTimeOffset GivenAt, DateTimeOffset UpdatedAt);

/// <summary>
/// The client's users say how hypercare is going, from the portal: one rating per user per hypercare week, revised when
/// given again in the same week (<see cref="HypercareFeedback"/>). Only users of the project's client (everyone else gets
/// a 404 from <see cref="ProjectAccess"/>); staff read feedback, they do not give it.
/// </summary>
public static class GiveHypercareFeedback
{
    public static async Task<(FeedbackResponse Feedback, bool Created)?> ExecuteAsync(
        BatonDb db, CurrentUser user, string number, GiveFeedbackRequest request, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return null;
        }

        if (user.IsStaff)
        {
            throw new ForbiddenException("Feedback comes from the client's users; the service desk reads it on the hypercare dashboard.");
        }

        var now = HypercareAccess.Now(clock);
        for (var attempt = 1; ; attempt++)
        {
            var week = project.HypercareStartedAt is { } start ? HypercareWeeks.WeekOf(start, now) : 0;
            var feedback = await db.HypercareFeedback.SingleOrDefaultAsync(f => f.ProjectId == project.Id && f.UserId == user.Id && f.Week == week, ct);
            var created = feedback is null;
            if (feedback is null)
            {
                feedback = HypercareFeedback.Give(project, user.Actor, request.Rating, request.Comment, now);
                db.HypercareFeedback.Add(feedback);
            }
            else
            {
                feedback.Revise(project, request.Rating, request.Comment, now);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return (Describe(feedback, project.Number), created);
            }
            catch (DbUpdateException e) when (attempt == 1 && UniqueNames.IsViolation(e))
            {
                // The same user's other tab got there first this week: revise that one instead.
                db.ChangeTracker.Clear();
                project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id, ct);
            }
        }
    }

    /// <summary>Staff see all of a project's feedback; a client user sees their own. Newest first.</summary>
    public static async Task<IReadOnlyList<FeedbackResponse>> ListAsync(BatonDb db, CurrentUser user, Project project, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(project);
        var rows = await db.HypercareFeedback.AsNoTracking()
            .Where(f => f.ProjectId == project.Id && (user.IsStaff || f.UserId == user.Id))
            .OrderByDescending(f => f.Week).ThenByDescending(f => f.UpdatedAt).ThenByDescending(f => f.Id)
            .ToListAsync(ct);
        return [.. rows.Select(f => Describe(f, project.Number))];
    }

    private static FeedbackResponse Describe(HypercareFeedback f, string projectNumber) =>
        new(f.Id, projectNumber, f.Week, f.Rating, f.Comment, f.UserName, f.GivenAt, f.UpdatedAt);
}
