namespace Baton.Web.Infrastructure.Errors;

/// <summary>The user may see the ticket but not do this to it (a client contact trying an agent's action).</summary>
public sealed class ForbiddenException(string message) : Exception(message);
