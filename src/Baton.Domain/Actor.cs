namespace Baton.Domain;

/// <summary>Who did something: recorded on every audit entry and timeline item.</summary>
public sealed record Actor(string UserId, string DisplayName);
