using Baton.Domain.Projects;

namespace Baton.Domain.Closeout;

public enum CloseoutGapKind
{
    /// <summary>The project is not active (close-out is signed while the project is active).</summary>
    ProjectNotActive = 1,

    /// <summary>Close-out has not begun: there is no checklist to sign.</summary>
    NotBegun = 2,

    /// <summary>A required checklist item is neither done nor not applicable with a reason.</summary>
    RequiredItemOpen = 3,

    /// <summary>An in-scope deliverable the client has not accepted (pending or rejected).</summary>
    DeliverableNotAccepted = 4,

    /// <summary>Work owed to the client after a rejection, not done yet.</summary>
    CleanupItemOpen = 5,
}

/// <summary>One thing standing in the way of sign-off, with the words the page and the API show.</summary>
public sealed record CloseoutGap(CloseoutGapKind Kind, string Subject, string Message);

/// <summary>
/// Whether the support lead may sign off the close-out, and if not, exactly what is missing. The customer defines
/// completion, so every in-scope deliverable must be accepted; support must not inherit unfinished work, so every
/// required checklist item must be done (or not applicable, with a reason) and every clean-up item done.
/// Optional items and out-of-scope deliverables never block.
/// </summary>
public sealed record CloseoutGate(IReadOnlyList<CloseoutGap> Gaps)
{
    public bool CanSignOff => Gaps.Count == 0;

    /// <summary>One paragraph naming everything missing ("Cannot sign off yet: …").</summary>
    public string Summary => CanSignOff
        ? "Everything required is in place: the close-out can be signed off."
        : "Cannot sign off yet: " + string.Join(" ", Gaps.Select(g => g.Message));

    /// <summary>
    /// The gate now. <paramref name="records"/> answer the items that name them (an item whose record is missing is open
    /// like any other, and named the same way); without them only the deliverables passed here are known, and no meeting.
    /// </summary>
    public static CloseoutGate Evaluate(Project project, CloseoutChecklist? checklist, IEnumerable<Deliverable> deliverables, IEnumerable<CleanupItem> cleanupItems, CloseoutRecords? records = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(deliverables);
        ArgumentNullException.ThrowIfNull(cleanupItems);
        deliverables = [.. deliverables];
        records ??= CloseoutRecords.Of(project, meeting: null, deliverables, DateOnly.MinValue);
        var gaps = new List<CloseoutGap>();
        if (project.Status != ProjectStatus.Active)
        {
            gaps.Add(new CloseoutGap(CloseoutGapKind.ProjectNotActive, project.Number,
                $"{project.Number} is {Project.Describe(project.Status)}; a close-out is signed off while the project is active."));
        }

        if (checklist is null)
        {
            gaps.Add(new CloseoutGap(CloseoutGapKind.NotBegun, "Close-out", "Close-out has not begun: there is no checklist to sign."));
        }
        else
        {
            gaps.AddRange(checklist.Items
                .Where(i => i.Required && !i.IsAnswered(records))
                .OrderBy(i => i.Position)
                .Select(i => new CloseoutGap(CloseoutGapKind.RequiredItemOpen, i.Text, $"Required item not done: ‘{i.Text}’ ({i.SectionTitle}).")));
        }

        gaps.AddRange(deliverables
            .Where(d => d.ProjectId == project.Id && d.BlocksCompletion)
            .OrderBy(d => d.Title, StringComparer.OrdinalIgnoreCase)
            .Select(d => new CloseoutGap(CloseoutGapKind.DeliverableNotAccepted, d.Title, d.Acceptance == AcceptanceState.Rejected
                ? $"In-scope deliverable not accepted: ‘{d.Title}’ was rejected by {d.DecidedByName} ({d.RejectionReason})."
                : $"In-scope deliverable not accepted: ‘{d.Title}’ is waiting for the client's acceptance.")));

        gaps.AddRange(cleanupItems
            .Where(c => c.ProjectId == project.Id && c.Status == CleanupStatus.Open)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new CloseoutGap(CloseoutGapKind.CleanupItemOpen, c.Description, $"Clean-up item open: ‘{c.Description}’.")));
        return new CloseoutGate(gaps);
    }
}
