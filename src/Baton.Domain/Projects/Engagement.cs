using Baton.Domain.Audit;

namespace Baton.Domain.Projects;

/// <summary>When and how a block of project work happens, in the client's local time.</summary>
public sealed record EngagementSlot(DateOnly Date, TimeOnly Start, TimeOnly End, EngagementKind Kind, IReadOnlyList<string> TechnicianIds, string? Touches, string? Notes);

/// <summary>
/// A scheduled block of project work at the client: an on-site visit, remote work, a cut-over or a maintenance
/// window. Times are the client's wall-clock times; the UTC instants are derived once, in the client's zone, so
/// "today" questions and calendar feeds agree. An end at or before the start means the block runs past midnight.
/// </summary>
public sealed class Engagement : IAudited
{
    public const int TouchesMaxLength = 2000;

    private readonly AuditLog _audit = new(Project.RecordKind);

    private Engagement()
    {
        TimeZoneId = Touches = Notes = "";
    }

    public Engagement(int projectId, EngagementSlot slot, TimeZoneInfo zone, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ProjectId = projectId;
        TimeZoneId = Touches = Notes = "";
        CreatedAt = now;
        Set(slot, zone, now);
        Sequence = 0;
        _audit.Record(actor, now, Project.AuditFields.Engagement, null, Describe());
    }

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public DateOnly Date { get; private set; }
    public TimeOnly StartTime { get; private set; }
    public TimeOnly EndTime { get; private set; }

    /// <summary>The IANA zone the times are in (the client's, when scheduled).</summary>
    public string TimeZoneId { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public EngagementKind Kind { get; private set; }
    public IReadOnlyList<string> TechnicianIds { get; private set; } = [];

    /// <summary>What will be touched: systems, sites, services the client may notice.</summary>
    public string Touches { get; private set; }

    public string Notes { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>RFC 5545 SEQUENCE: bumped on every reschedule so calendar clients replace their copy.</summary>
    public int Sequence { get; private set; }

    public bool IsCancelled { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<AuditEntry> PendingAuditEntries => _audit.Pending;

    /// <summary>An engagement's changes are on its project's trail.</summary>
    long IAudited.AuditRecordId => ProjectId;

    void IAudited.ClearPendingAuditEntries() => _audit.Clear();

    public void Reschedule(EngagementSlot slot, TimeZoneInfo zone, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var before = Describe();
        Set(slot, zone, now);
        _audit.Change(actor, now, Project.AuditFields.Engagement, before, Describe());
    }

    private void Set(EngagementSlot slot, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(zone);
        if (IsCancelled)
        {
            throw new DomainRuleException("This engagement was cancelled; schedule a new one instead of moving it.", "status");
        }

        if (!Enum.IsDefined(slot.Kind))
        {
            throw new DomainRuleException("Choose the kind of engagement: on-site, remote, cut-over or maintenance window.", "kind");
        }

        if (slot.Start == slot.End)
        {
            throw new DomainRuleException("The engagement ends when it starts; give it a length.", "end");
        }

        var start = Local(slot.Date, slot.Start, zone, "start");
        var endDate = slot.End > slot.Start ? slot.Date : slot.Date.AddDays(1);
        var end = Local(endDate, slot.End, zone, "end");
        if (end - start > TimeSpan.FromHours(24))
        {
            throw new DomainRuleException("An engagement lasts at most 24 hours; schedule longer work as several.", "end");
        }

        Date = slot.Date;
        StartTime = slot.Start;
        EndTime = slot.End;
        TimeZoneId = zone.Id;
        StartsAt = start;
        EndsAt = end;
        Kind = slot.Kind;
        TechnicianIds = (slot.TechnicianIds ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        Touches = Text.Optional(slot.Touches, "touches", TouchesMaxLength);
        Notes = Text.Optional(slot.Notes, "notes", TouchesMaxLength);
        UpdatedAt = now;
        Sequence++;
    }

    public void Cancel(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (IsCancelled)
        {
            throw new DomainRuleException("This engagement is already cancelled.", "status");
        }

        _audit.Record(actor, now, Project.AuditFields.Engagement, Describe(), $"cancelled: {Describe()}");
        IsCancelled = true;
        UpdatedAt = now;
        Sequence++;
    }

    /// <summary>Whether the block overlaps the given local day of the client (for "engagement today / yesterday").</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => !IsCancelled && StartsAt < to && EndsAt > from;

    public static string Describe(EngagementKind kind) => kind switch
    {
        EngagementKind.OnSite => "On-site",
        EngagementKind.Remote => "Remote",
        EngagementKind.CutOver => "Cut-over",
        EngagementKind.MaintenanceWindow => "Maintenance window",
    };

    /// <summary>"On-site 2026-12-03 09:00–12:00 (Europe/Brussels)": how the trail names an engagement.</summary>
    private string Describe() =>
        $"{Describe(Kind)} {Date:yyyy-MM-dd} {StartTime:HH\\:mm}–{EndTime:HH\\:mm} ({TimeZoneId}){(Touches.Length > 0 ? $", touches {Touches}" : "")}";

    private static DateTimeOffset Local(DateOnly date, TimeOnly time, TimeZoneInfo zone, string field)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            throw new DomainRuleException($"{date:yyyy-MM-dd} {time:HH\\:mm} does not exist in {zone.Id} (the clocks go forward); pick another time.", field);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
