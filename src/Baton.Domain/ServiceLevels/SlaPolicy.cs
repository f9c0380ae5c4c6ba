using Baton.Domain.Tickets;

namespace Baton.Domain.ServiceLevels;

/// <summary>What one priority promises: time to first response and time to resolution, in business time.</summary>
public sealed record SlaTarget(Priority Priority, TimeSpan FirstResponse, TimeSpan Resolution);

/// <summary>
/// Reaction and resolution targets per priority, in the business time of one calendar, with the share of a target
/// after which a ticket is "at risk" and the statuses that pause the clocks.
/// </summary>
public sealed class SlaPolicy
{
    public const int NameMaxLength = 100;

    private readonly List<SlaTarget> _targets = [];

    private SlaPolicy()
    {
        Name = NameKey = "";
    }

    public SlaPolicy(string name, int calendarId, int warningPercent, IEnumerable<TicketStatus> pausingStatuses, IEnumerable<SlaTarget> targets, ProgressCadence? cadence = null)
    {
        Name = NameKey = "";
        Update(name, calendarId, warningPercent, pausingStatuses, targets, cadence ?? ProgressCadence.Default);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    /// <summary>The name as compared for uniqueness (<see cref="Text.NameKey"/>); set with the name.</summary>
    public string NameKey { get; private set; }
    public int CalendarId { get; private set; }

    /// <summary>A clock is "at risk" once this share of its target is used, e.g. 75.</summary>
    public int WarningPercent { get; private set; }

    /// <summary>The one policy for tickets of clients without a contract in force.</summary>
    public bool IsDefault { get; private set; }

    public IReadOnlyList<TicketStatus> PausingStatuses { get; private set; } = [TicketStatus.AwaitingCustomer];
    public IReadOnlyList<SlaTarget> Targets => _targets;

    /// <summary>The keep-informed promise per priority: how often the requester is owed a progress update, and when a ticket is stuck.</summary>
    public ProgressCadence Cadence { get; private set; } = ProgressCadence.Default;

    /// <summary>Statuses that may pause a clock: Resolved and Closed stop it instead.</summary>
    public static readonly IReadOnlyList<TicketStatus> Pausable = [TicketStatus.New, TicketStatus.Acknowledged, TicketStatus.InProgress, TicketStatus.AwaitingCustomer];

    public SlaTarget TargetFor(Priority priority) =>
        _targets.SingleOrDefault(t => t.Priority == priority) ?? throw new DomainRuleException($"Policy {Name} has no target for {priority}.");

    public void MakeDefault(bool isDefault) => IsDefault = isDefault;

    /// <summary>Replaces the policy's terms; a null <paramref name="cadence"/> keeps the cadence it has.</summary>
    public void Update(string name, int calendarId, int warningPercent, IEnumerable<TicketStatus> pausingStatuses, IEnumerable<SlaTarget> targets, ProgressCadence? cadence = null)
    {
        Name = Text.Required(name, "name", NameMaxLength, "a policy needs a name");
        NameKey = Text.NameKey(Name);
        if (warningPercent is < 1 or > 99)
        {
            throw new DomainRuleException("The warning threshold is a share of the target between 1 and 99 %, e.g. 75.", "warningPercent");
        }

        var pausing = pausingStatuses.Distinct().Order().ToList();
        if (pausing.Where(s => !Pausable.Contains(s)).ToList() is [var notPausable, ..])
        {
            throw new DomainRuleException($"{notPausable} cannot pause a clock: Resolved stops it and Closed ends it.", "pausingStatuses");
        }

        var list = targets.ToList();
        foreach (var priority in Enum.GetValues<Priority>())
        {
            var forPriority = list.Where(t => t.Priority == priority).ToList();
            if (forPriority.Count != 1)
            {
                throw new DomainRuleException($"Give exactly one target for {priority}.", $"targets.{priority}");
            }

            var target = forPriority[0];
            if (target.FirstResponse <= TimeSpan.Zero || target.Resolution <= TimeSpan.Zero)
            {
                throw new DomainRuleException($"{priority}: targets must be positive durations, e.g. 30 minutes or 4 hours.", $"targets.{priority}");
            }

            if (target.FirstResponse > target.Resolution)
            {
                throw new DomainRuleException($"{priority}: the first-response target cannot be longer than the resolution target.", $"targets.{priority}");
            }

            if (target.Resolution > TimeSpan.FromDays(366))
            {
                throw new DomainRuleException($"{priority}: a target longer than a year of business time is not a target.", $"targets.{priority}");
            }
        }

        CalendarId = calendarId;
        WarningPercent = warningPercent;
        Cadence = cadence ?? Cadence;
        PausingStatuses = pausing;
        _targets.Clear();
        _targets.AddRange(list.OrderBy(t => t.Priority));
    }
}
