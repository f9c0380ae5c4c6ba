using System.Globalization;
using Baton.Domain.Projects;

namespace Baton.Domain.Closeout;

/// <summary>The record that answers a checklist item instead of a person ticking it.</summary>
public enum CloseoutProof
{
    /// <summary>Ticked by hand: done, or not applicable with a reason.</summary>
    None = 0,

    /// <summary>The project's hand-off meeting record, for a meeting held (dated today or earlier).</summary>
    HandoffMeeting = 1,

    /// <summary>The client's acceptance of every in-scope deliverable.</summary>
    DeliverablesAccepted = 2,
}

/// <summary>Whether the record an item names is there, in the words the checklist shows ("Answered by …", "Waits for …").</summary>
public sealed record CloseoutProofReading(bool Proven, string Text);

/// <summary>
/// What a project's records prove, for the checklist items they answer: the hand-off meeting (when it was or will be
/// held) and how many in-scope deliverables there are and how many still wait for the client.
/// </summary>
public sealed record CloseoutRecords(DateOnly? HandoffMeetingOn, bool HandoffMeetingHeld, int InScopeDeliverables, int InScopeNotAccepted)
{
    public static CloseoutRecords Of(Project project, HandoffMeeting? meeting, IEnumerable<Deliverable> deliverables, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(deliverables);
        var inScope = deliverables.Where(d => d.ProjectId == project.Id && d.InScope).ToList();
        var held = meeting is not null && meeting.ProjectId == project.Id && meeting.HeldOn <= today;
        return new CloseoutRecords(meeting?.HeldOn, held, inScope.Count, inScope.Count(d => d.BlocksCompletion));
    }

    /// <summary>The record in words, as "answered by …" and refusals name it.</summary>
    public static string Name(CloseoutProof proof) => proof switch
    {
        CloseoutProof.HandoffMeeting => "the hand-off meeting record",
        CloseoutProof.DeliverablesAccepted => "the client's acceptance of every in-scope deliverable",
        CloseoutProof.None => "nothing (it is ticked by hand)",
        _ => throw new ArgumentOutOfRangeException(nameof(proof), proof, "No such proof."),
    };

    public CloseoutProofReading Read(CloseoutProof proof) => proof switch
    {
        CloseoutProof.HandoffMeeting when HandoffMeetingHeld =>
            new(true, $"Answered by the hand-off meeting record (held on {Day(HandoffMeetingOn)})."),
        CloseoutProof.HandoffMeeting when HandoffMeetingOn is { } on =>
            new(false, $"Waits for the hand-off meeting: it is recorded for {Day(on)}, which has not come yet."),
        CloseoutProof.HandoffMeeting => new(false, "Waits for the hand-off meeting record: record the meeting on the project's hand-off page."),
        CloseoutProof.DeliverablesAccepted when InScopeNotAccepted == 0 => new(true, InScopeDeliverables == 0
            ? "Answered: the project has no in-scope deliverables to accept."
            : $"Answered by the client's acceptance of {(InScopeDeliverables == 1 ? "the in-scope deliverable" : $"all {InScopeDeliverables} in-scope deliverables")}."),
        CloseoutProof.DeliverablesAccepted => new(false, $"Waits for the client's acceptance of {InScopeNotAccepted} of {InScopeDeliverables} in-scope deliverable{(InScopeDeliverables == 1 ? "" : "s")}."),
        CloseoutProof.None => throw new ArgumentException("An item ticked by hand is not proven by a record.", nameof(proof)),
        _ => throw new ArgumentOutOfRangeException(nameof(proof), proof, "No such proof."),
    };

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
