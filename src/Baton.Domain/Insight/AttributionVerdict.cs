namespace Baton.Domain.Insight;

/// <summary>A technician's verdict on a ticket against a project: the project caused it, or it is a coincidence.</summary>
public enum AttributionVerdict
{
    CausedBy = 1,
    NotRelated = 2,
}
