using System.Globalization;
using Baton.Domain.Tickets;

namespace Baton.Domain.ServiceLevels;

/// <summary>
/// How often one priority's requester is owed news, in business time (none: no promise), and after how long without
/// public progress a ticket of that priority is stuck (none given: twice the update interval).
/// </summary>
public sealed record CadenceTarget(Priority Priority, TimeSpan? UpdateEvery, TimeSpan? StuckAfter = null)
{
    /// <summary>The stuck threshold in force: the one given, else twice the update interval, else none.</summary>
    public TimeSpan? EffectiveStuckAfter => StuckAfter ?? UpdateEvery * 2;
}

/// <summary>
/// The keep-informed promise of an SLA policy: per priority, a progress-update interval. It is a clock of its own
/// beside first response and resolution (ProgressUpdateClock in TicketSla); it never moves either of them.
/// </summary>
public sealed record ProgressCadence
{
    private ProgressCadence(IReadOnlyList<CadenceTarget> targets) => Targets = targets;

    public IReadOnlyList<CadenceTarget> Targets { get; }

    /// <summary>P1 every hour, P2 every 4 h, P3 every 24 h (daily on the built-in 24×7 calendar), P4 no promise.</summary>
    public static ProgressCadence Default { get; } = new(
    [
        new(Priority.P1, TimeSpan.FromHours(1)),
        new(Priority.P2, TimeSpan.FromHours(4)),
        new(Priority.P3, TimeSpan.FromHours(24)),
        new(Priority.P4, null),
    ]);

    public CadenceTarget For(Priority priority) => Targets.Single(t => t.Priority == priority);

    /// <summary>Checks one target per priority, naming the field (<c>cadence.P2</c>) of the first that is wrong.</summary>
    public static ProgressCadence Of(IEnumerable<CadenceTarget> targets)
    {
        var list = targets.ToList();
        foreach (var priority in Enum.GetValues<Priority>())
        {
            var field = $"cadence.{priority}";
            var forPriority = list.Where(t => t.Priority == priority).ToList();
            if (forPriority.Count != 1)
            {
                throw new DomainRuleException($"Give exactly one progress-update cadence for {priority} (leave the interval empty for none).", field);
            }

            var target = forPriority[0];
            if (target.UpdateEvery is { } every && (every < TimeSpan.FromMinutes(5) || every > TimeSpan.FromDays(366)))
            {
                throw new DomainRuleException($"{priority}: a progress update is owed every 5 minutes to a year of business time, e.g. 60 minutes; leave it empty for none.", field);
            }

            if (target.StuckAfter is { } stuck && (stuck < TimeSpan.FromMinutes(5) || stuck > TimeSpan.FromDays(366)))
            {
                throw new DomainRuleException($"{priority}: a ticket is stuck after 5 minutes to a year of business time without progress; leave it empty for twice the update interval.", $"{field}.stuckAfter");
            }

            if (target is { UpdateEvery: { } e, StuckAfter: { } s } && s < e)
            {
                throw new DomainRuleException($"{priority}: a ticket cannot be stuck before its next update is even due; make the stuck time at least the update interval.", $"{field}.stuckAfter");
            }
        }

        return new([.. list.OrderBy(t => t.Priority)]);
    }

    /// <summary>"P1=36000000000/;P2=…": minutes would do, but ticks keep it exact; empty means the defaults (policies from before cadences).</summary>
    public string Serialize() => string.Join(';', Targets.Select(t =>
        string.Create(CultureInfo.InvariantCulture, $"{t.Priority}={t.UpdateEvery?.Ticks}/{t.StuckAfter?.Ticks}")));

    public static ProgressCadence Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        return Of(text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var (name, value) = (entry[..entry.IndexOf('=', StringComparison.Ordinal)], entry[(entry.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var parts = value.Split('/');
            return new CadenceTarget(Enum.Parse<Priority>(name), Span(parts[0]), Span(parts[1]));
        }));

        static TimeSpan? Span(string ticks) => ticks.Length == 0 ? null : TimeSpan.FromTicks(long.Parse(ticks, CultureInfo.InvariantCulture));
    }

    public bool Equals(ProgressCadence? other) => other is not null && Targets.SequenceEqual(other.Targets);

    public override int GetHashCode() => Targets.Aggregate(0, (h, t) => HashCode.Combine(h, t));
}
