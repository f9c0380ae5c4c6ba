namespace Baton.Domain;

/// <summary>
/// A business rule said no. The one way every aggregate rejects an illegal operation, so pages and the API
/// can answer it the same way (an inline message, or a 409 problem with <see cref="Field"/> when one applies).
/// </summary>
public sealed class DomainRuleException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}
