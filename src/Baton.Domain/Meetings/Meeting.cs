using Baton.Domain.Audit;

namespace Baton.Domain.Meetings;

/// <summary>Why the meeting is held: the purpose reads in the invitation's subject and lets a user-acceptance test be found.</summary>
public enum MeetingPurpose
{
    Meeting = 1,

    /// <summary>The requester tries the fix or the delivered service with the desk before it is signed off.</summary>
    UserAcceptanceTest = 2,

    /// <summary>A conversation asked for when a ticket is stuck or a requester is unhappy.</summary>
    Feedback = 3,
}

public enum MeetingStatus
{
    Scheduled = 1,
    Cancelled = 2,
}

/// <summary>An attendee's answer: RFC 5545 PARTSTAT for a VEVENT.</summary>
public enum Attendance
{
    NeedsAction = 0,
    Accepted = 1,
    Declined = 2,
    Tentative = 3,
}

public enum AttendeeKind
{
    Staff = 1,
    Contact = 2,
}

/// <summary>
/// Someone to invite, already looked up by the caller: a staff user (<see cref="UserId"/>) or a contact of the record's
/// client (<see cref="ContactId"/>). The meeting checks the rest (a contact of another client never gets here: the caller
/// refuses it, since only it can read the contact's client).
/// </summary>
public sealed record Invitee(AttendeeKind Kind, string? UserId, int? ContactId, string Name, string Email)
{
    public string Key => Kind == AttendeeKind.Staff ? $"staff:{UserId}" : $"contact:{ContactId}";
}

/// <summary>What the form or the API asks for: everything but the attendees, validated together by <see cref="Meeting"/>.</summary>
public sealed record MeetingPlan(
    MeetingPurpose Purpose,
    string? Title,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? Location,
    string? OnlineUrl,
    string? Agenda);

/// <summary>What a REPLY by mail did to the meeting.</summary>
public enum ReplyOutcome
{
    /// <summary>The attendee's attendance changed.</summary>
    Recorded,

    /// <summary>They answered what they had answered already.</summary>
    Unchanged,

    /// <summary>The address is no attendee of the meeting.</summary>
    NotAnAttendee,

    /// <summary>The answer is to an earlier version of the invitation (a lower SEQUENCE): the time or place changed since.</summary>
    OutOfDate,

    /// <summary>The meeting was cancelled: there is nothing to attend.</summary>
    Cancelled,
}

/// <summary>
/// A meeting held about a record (a ticket now; changes, hand-offs and major incidents later): when and where, who
/// attends and whether they come, the agenda, and the minutes afterwards. Invitations are iCalendar messages keyed by
/// <see cref="Uid"/>; <see cref="Sequence"/> rises with every change an invitation carries, so calendar clients
/// replace their copy (RFC 5546 §2.1.5). Its changes are on the host record's audit trail.
/// </summary>
public sealed class Meeting : IAudited
{
    public const int TitleMaxLength = 200;
    public const int LocationMaxLength = 300;
    public const int UrlMaxLength = 1000;
    public const int AgendaMaxLength = 8000;
    public const int MinutesMaxLength = 20000;
    public const int MostAttendees = 50;
    public static readonly TimeSpan LongestMeeting = TimeSpan.FromHours(12);
    public static readonly TimeSpan ShortestMeeting = TimeSpan.FromMinutes(5);

    /// <summary>The audit fields a meeting writes on its record's trail (the timeline phrases them).</summary>
    public static class AuditFields
    {
        public const string Meeting = "Meeting";
        public const string Attendance = "Meeting attendance";
        public const string Minutes = "Meeting minutes";
    }

    private readonly List<MeetingAttendee> _attendees = [];
    private AuditLog? _audit; // made on first use: the record kind is known only once EF or the constructor set it

    private Meeting()
    {
        RecordKind = Uid = Title = Location = OnlineUrl = Agenda = Minutes = OrganizerId = OrganizerName = "";
    }

    /// <summary>Calls a meeting. <paramref name="organizer"/> chairs it and is an attendee who has accepted.</summary>
    public Meeting(string recordKind, long recordId, string uid, MeetingPlan plan, Invitee organizer, IReadOnlyCollection<Invitee> invitees, Actor actor, DateTimeOffset now)
        : this()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordKind);
        ArgumentException.ThrowIfNullOrWhiteSpace(uid);
        ArgumentNullException.ThrowIfNull(organizer);
        ArgumentNullException.ThrowIfNull(actor);
        if (organizer.Kind != AttendeeKind.Staff)
        {
            throw new DomainRuleException("The organizer is someone on the desk's staff.", "organizerId");
        }

        RecordKind = recordKind;
        RecordId = recordId;
        Uid = uid;
        Status = MeetingStatus.Scheduled;
        OrganizerId = organizer.UserId!;
        OrganizerName = organizer.Name;
        CreatedAt = UpdatedAt = now;
        Version = 1;
        Set(plan);
        SetAttendees(organizer, invitees, now);
        Audit.Record(actor, now, AuditFields.Meeting, null, $"called: {Describe()}");
    }

    public long Id { get; private set; }

    /// <summary>The kind of record it is about ("ticket"), with <see cref="RecordId"/>.</summary>
    public string RecordKind { get; private set; }

    public long RecordId { get; private set; }

    /// <summary>The iCalendar UID: the same in every invitation, reschedule and cancellation of this meeting.</summary>
    public string Uid { get; private set; }

    public int Sequence { get; private set; }
    public MeetingPurpose Purpose { get; private set; }
    public string Title { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public string Location { get; private set; }
    public string OnlineUrl { get; private set; }
    public string Agenda { get; private set; }
    public string Minutes { get; private set; }
    public DateTimeOffset? MinutesRecordedAt { get; private set; }
    public string OrganizerId { get; private set; }
    public string OrganizerName { get; private set; }
    public MeetingStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<MeetingAttendee> Attendees => _attendees;

    public IReadOnlyList<AuditEntry> PendingAuditEntries => _audit?.Pending ?? [];

    private AuditLog Audit => _audit ??= new AuditLog(RecordKind);

    /// <summary>A meeting's changes are on the trail of the record it is about.</summary>
    long IAudited.AuditRecordId => RecordId;

    void IAudited.ClearPendingAuditEntries() => _audit?.Clear();

    /// <summary>
    /// Changes the plan and who is invited. Anything an invitation carries that changed raises <see cref="Sequence"/>
    /// (clients take the higher one); a new time asks everyone again (their answers were for the old one). Returns the
    /// attendees taken off, who are sent a cancellation.
    /// </summary>
    public IReadOnlyList<MeetingAttendee> Change(MeetingPlan plan, Invitee organizer, IReadOnlyCollection<Invitee> invitees, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(organizer);
        ArgumentNullException.ThrowIfNull(actor);
        RefuseIfCancelled();
        if (organizer.Kind != AttendeeKind.Staff)
        {
            throw new DomainRuleException("The organizer is someone on the desk's staff.", "organizerId");
        }

        var before = Describe();
        var (start, end) = (StartsAt, EndsAt);
        var invitation = Invitation();
        Set(plan);
        var removed = SetAttendees(organizer, invitees, now);
        OrganizerId = organizer.UserId!;
        OrganizerName = organizer.Name;
        if (start != StartsAt || end != EndsAt)
        {
            foreach (var a in _attendees.Where(a => !a.IsOrganizer))
            {
                a.Answer(Attendance.NeedsAction, null);
            }
        }

        if (invitation != Invitation() || removed.Count > 0)
        {
            Sequence++;
            Touch(now);
            Audit.Change(actor, now, AuditFields.Meeting, before, $"changed: {Describe()}");
        }

        return removed;
    }

    public void Cancel(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RefuseIfCancelled();
        Status = MeetingStatus.Cancelled;
        Sequence++;
        Touch(now);
        Audit.Record(actor, now, AuditFields.Meeting, Describe(), $"cancelled: {Title}");
    }

    /// <summary>What was said and agreed: recorded once it has started, and corrected later if need be.</summary>
    public void RecordMinutes(string? minutes, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RefuseIfCancelled();
        if (now < StartsAt)
        {
            throw new DomainRuleException("Minutes are recorded once the meeting has started; it has not yet.", "minutes");
        }

        var text = Text.Required(minutes, "minutes", MinutesMaxLength, "write the minutes: what was discussed and agreed");
        if (text == Minutes)
        {
            return;
        }

        Audit.Record(actor, now, AuditFields.Minutes, Minutes.Length == 0 ? null : Minutes, text);
        Minutes = text;
        MinutesRecordedAt = now;
        Touch(now);
    }

    /// <summary>
    /// An attendee's REPLY (RFC 5546 §3.2.3), matched by address. A reply to an earlier sequence answered a time or
    /// place that no longer holds, so it changes nothing.
    /// </summary>
    public ReplyOutcome RecordReply(string email, Attendance attendance, int replySequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (Status == MeetingStatus.Cancelled)
        {
            return ReplyOutcome.Cancelled;
        }

        if (_attendees.FirstOrDefault(a => string.Equals(a.Email, email.Trim(), StringComparison.OrdinalIgnoreCase)) is not { } attendee)
        {
            return ReplyOutcome.NotAnAttendee;
        }

        if (replySequence < Sequence)
        {
            return ReplyOutcome.OutOfDate;
        }

        if (attendee.Attendance == attendance)
        {
            return ReplyOutcome.Unchanged;
        }

        var before = attendee.Attendance;
        attendee.Answer(attendance, now);
        Audit.Record(new Actor($"mail:{attendee.Email}", attendee.Name), now, AuditFields.Attendance, $"{attendee.Name}: {before}", $"{attendee.Name}: {attendance} ({Title})");
        Touch(now);
        return ReplyOutcome.Recorded;
    }

    /// <summary>One line for the trail: what, when (UTC), where.</summary>
    public string Describe()
    {
        var where = string.Join(" · ", new[] { Location, OnlineUrl }.Where(s => s.Length > 0));
        var purpose = Purpose == MeetingPurpose.Meeting ? "" : $"{Purpose} ";
        return $"{purpose}“{Title}” {AuditLog.Format(StartsAt)}–{EndsAt.UtcDateTime:HH:mm}Z{(where.Length > 0 ? " · " + where : "")}";
    }

    private string Invitation() => string.Join('\n', Describe(), Agenda, string.Join(',', _attendees.Select(a => a.Key).Order(StringComparer.Ordinal)));

    private void Set(MeetingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!Enum.IsDefined(plan.Purpose))
        {
            throw new DomainRuleException("Choose what the meeting is for: a meeting, a user-acceptance test or feedback.", "purpose");
        }

        var title = Text.Required(plan.Title, "title", TitleMaxLength, "give the meeting a title");
        if (plan.End <= plan.Start)
        {
            throw new DomainRuleException("The meeting must end after it starts.", "end");
        }

        if (plan.End - plan.Start < ShortestMeeting)
        {
            throw new DomainRuleException($"A meeting lasts at least {ShortestMeeting.TotalMinutes:0} minutes.", "end");
        }

        if (plan.End - plan.Start > LongestMeeting)
        {
            throw new DomainRuleException($"A meeting lasts at most {LongestMeeting.TotalHours:0} hours; split a longer one into sessions.", "end");
        }

        var location = Text.Optional(plan.Location, "location", LocationMaxLength);
        var url = Text.Optional(plan.OnlineUrl, "onlineUrl", UrlMaxLength);
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0))
        {
            throw new DomainRuleException("The online link must be a web address starting with https:// or http://.", "onlineUrl");
        }

        if (location.Length == 0 && url.Length == 0)
        {
            throw new DomainRuleException("Say where the meeting is: a place, an online link, or both.", "location");
        }

        Purpose = plan.Purpose;
        Title = title;
        StartsAt = plan.Start.ToUniversalTime();
        EndsAt = plan.End.ToUniversalTime();
        Location = location;
        OnlineUrl = url;
        Agenda = Text.Optional(plan.Agenda, "agenda", AgendaMaxLength);
    }

    /// <summary>Sets who attends: the organizer first, then the invitees once each; keeps the answers of those who stay.</summary>
    private List<MeetingAttendee> SetAttendees(Invitee organizer, IReadOnlyCollection<Invitee> invitees, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(invitees);
        var wanted = new List<Invitee> { organizer };
        foreach (var invitee in invitees)
        {
            if (!Text.LooksLikeEmail(invitee.Email?.Trim() ?? ""))
            {
                throw new DomainRuleException($"{invitee.Name} has no e-mail address to send the invitation to.", "attendees");
            }

            if (wanted.TrueForAll(w => w.Key != invitee.Key && !string.Equals(w.Email, invitee.Email, StringComparison.OrdinalIgnoreCase)))
            {
                wanted.Add(invitee);
            }
        }

        if (wanted.Count < 2)
        {
            throw new DomainRuleException("Invite at least one person besides the organizer.", "attendees");
        }

        if (wanted.Count > MostAttendees)
        {
            throw new DomainRuleException($"A meeting has at most {MostAttendees} attendees.", "attendees");
        }

        var removed = _attendees.Where(a => wanted.TrueForAll(w => w.Key != a.Key)).ToList();
        foreach (var gone in removed)
        {
            _attendees.Remove(gone);
        }

        foreach (var invitee in wanted)
        {
            var isOrganizer = invitee.Key == organizer.Key;
            if (_attendees.FirstOrDefault(a => a.Key == invitee.Key) is { } existing)
            {
                existing.Update(invitee, isOrganizer);
            }
            else
            {
                _attendees.Add(new MeetingAttendee(invitee, isOrganizer, isOrganizer ? Attendance.Accepted : Attendance.NeedsAction, isOrganizer ? now : null));
            }
        }

        return removed;
    }

    private void RefuseIfCancelled()
    {
        if (Status == MeetingStatus.Cancelled)
        {
            throw new DomainRuleException("This meeting was cancelled; call a new one instead.", "status");
        }
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>One person at a meeting and their answer. The organizer is one too (the chair, accepted).</summary>
public sealed class MeetingAttendee
{
    private MeetingAttendee()
    {
        Name = Email = "";
    }

    internal MeetingAttendee(Invitee invitee, bool isOrganizer, Attendance attendance, DateTimeOffset? respondedAt)
        : this()
    {
        Kind = invitee.Kind;
        Update(invitee, isOrganizer);
        Attendance = attendance;
        RespondedAt = respondedAt;
    }

    public long Id { get; private set; }
    public long MeetingId { get; private set; }
    public AttendeeKind Kind { get; private set; }
    public string? UserId { get; private set; }
    public int? ContactId { get; private set; }
    public string Name { get; private set; }
    public string Email { get; private set; }
    public bool IsOrganizer { get; private set; }
    public Attendance Attendance { get; private set; }
    public DateTimeOffset? RespondedAt { get; private set; }

    public string Key => Kind == AttendeeKind.Staff ? $"staff:{UserId}" : $"contact:{ContactId}";

    internal void Update(Invitee invitee, bool isOrganizer)
    {
        UserId = invitee.Kind == AttendeeKind.Staff ? invitee.UserId : null;
        ContactId = invitee.Kind == AttendeeKind.Contact ? invitee.ContactId : null;
        Name = invitee.Name.Trim();
        Email = invitee.Email.Trim();
        IsOrganizer = isOrganizer;
        if (isOrganizer)
        {
            Attendance = Attendance.Accepted;
        }
    }

    internal void Answer(Attendance attendance, DateTimeOffset? at)
    {
        Attendance = attendance;
        RespondedAt = at;
    }
}
