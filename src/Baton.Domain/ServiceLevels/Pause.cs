namespace Baton.Domain.ServiceLevels;

/// <summary>
/// A stretch during which an SLA clock does not run (a ticket on hold, awaiting the customer). Business time inside
/// it does not count. <see cref="End"/> null means still paused: the clock has not restarted yet.
/// </summary>
public readonly record struct Pause(DateTimeOffset Start, DateTimeOffset? End);
