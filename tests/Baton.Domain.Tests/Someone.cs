namespace Baton.Domain.Tests;

/// <summary>Who did it, when a test is not about who: every domain change names an actor now.</summary>
public static class Someone
{
    public static readonly Actor Staff = new("staff-1", "Sam Staff");

    /// <summary>A time for changes whose time the test does not look at.</summary>
    public static readonly DateTimeOffset Time = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
