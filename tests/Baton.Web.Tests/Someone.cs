using Baton.Domain;

namespace Baton.Web.Tests;

/// <summary>Who did it, for test set-up that changes records through the domain directly: every change names an actor.</summary>
public static class Someone
{
    public static readonly Actor Staff = new("test-setup", "Test set-up");

    /// <summary>A time for set-up changes whose time the test does not look at.</summary>
    public static readonly DateTimeOffset Time = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
