using Baton.Domain.Meetings;
using Baton.Domain.Tickets;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Shared.Audit;
using Baton.Web.Features.Shared.Timeline;

namespace Baton.Web.Features.Tickets;

/// <summary>What a ticket's timeline shows: replies and notes, files, the changes staff follow, SLA events, the resolution.</summary>
public static class TicketTimeline
{
    private static readonly HashSet<string> ShownChanges =
        [Ticket.CreatedField, "Status", "Team", "Assignee", "Priority", "SLA targets", Ticket.ReopenReasonField, Ticket.ProjectAttributionField,
         Meeting.AuditFields.Meeting, Meeting.AuditFields.Attendance, Meeting.AuditFields.Minutes];

    public static IReadOnlyList<TimelineItem> Build(
        TicketResponse ticket,
        IReadOnlyList<MessageResponse> messages,
        IReadOnlyList<AuditEntryResponse> audit,
        IReadOnlyList<AttachmentResponse> files,
        bool isStaff,
        IReadOnlyList<SlaEventResponse> slaEvents,
        Func<AttachmentResponse, string> downloadHref,
        string? openedByStaff = null,
        IReadOnlyDictionary<long, string>? sourceOfMessage = null)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        TimelineFile File(AttachmentResponse f) => new(f.FileName, downloadHref(f));
        var timeline = new TimelineBuilder()
            .AddRange(messages.Select(m => new TimelineItem(m.At, m.AuthorName, m.Internal ? TimelineItem.Note : TimelineItem.Reply, m.Body, null)
            {
                Files = files.Where(f => f.MessageId == m.Id).Select(File).ToList(),
                SourceHref = sourceOfMessage?.GetValueOrDefault(m.Id),
            }))
            .AddRange(files.Where(f => f.MessageId is null)
                .Select(f => new TimelineItem(f.UploadedAt, f.UploadedByName, f.Internal ? TimelineItem.Note : TimelineItem.ChangeKind, null, "attached a file") { Files = [File(f)] }));
        if (isStaff)
        {
            timeline.Audit(audit, Describe);
        }
        else
        {
            // Contacts do not see the trail; they see who opened the ticket — an agent who raised it for them says so.
            timeline.Add(openedByStaff is { } agent
                ? new TimelineItem(ticket.CreatedAt, agent, TimelineItem.ChangeKind, null, $"opened {ticket.Number} for {ticket.RequesterName}")
                : new TimelineItem(ticket.CreatedAt, ticket.RequesterName, TimelineItem.ChangeKind, null, $"opened {ticket.Number}"));
        }

        timeline.AddRange(slaEvents.Select(e => new TimelineItem(e.At, "SLA", TimelineItem.Sla, null, e.Text)));
        if (ticket.ResolutionNote is { } note && ticket.ResolvedAt is { } resolvedAt)
        {
            // The trail names who resolved it (a contact's page reads only that entry of it).
            var resolver = audit.Where(a => a.Field == Ticket.ResolutionField).MaxBy(a => a.Id)?.ActorName ?? "The service desk";
            timeline.Add(new TimelineItem(resolvedAt, resolver, TimelineItem.Resolution, note, "resolved the ticket"));
        }

        return timeline.Build();
    }

    /// <summary>The line for a change staff follow; null for the rest (they stay in the audit table below).</summary>
    private static string? Describe(AuditEntryResponse a) => a.Field switch
    {
        _ when !ShownChanges.Contains(a.Field) => null,
        Ticket.CreatedField => $"opened {a.NewValue}",
        Ticket.ReopenReasonField => $"reopened it: {a.NewValue}",
        Meeting.AuditFields.Meeting => $"meeting {a.NewValue}",
        Meeting.AuditFields.Attendance => $"answered the meeting invitation: {a.NewValue}",
        Meeting.AuditFields.Minutes => "recorded the meeting's minutes",
        Ticket.ProjectAttributionField => a.OldValue is null ? $"marked it {a.NewValue}" : $"changed the verdict: {a.OldValue} → {a.NewValue}",
        _ => AuditLabels.Change(a),
    };
}
