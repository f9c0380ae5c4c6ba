using Baton.Domain.Events;

namespace Baton.Domain.Projects;

/// <summary>
/// A project moved through its lifecycle (started, cancelled, into hypercare, closed). <see cref="Actor"/> is who did it
/// where the domain method knows (null until every project method takes an actor).
/// </summary>
public sealed record ProjectStatusChanged(string Number, int ClientId, ProjectStatus From, ProjectStatus To, Actor? Actor, DateTimeOffset OccurredAt) : IRecordEvent;
