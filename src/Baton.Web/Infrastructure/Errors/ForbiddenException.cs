namespace Baton.Web.Infrastructure.Errors;

/// <summary>
/// The user may see the record but not do this to it (a client contact trying an agent's action, a technician signing
/// off a close-out). The message says who may. The API answers 403; pages show the message above the form.
/// </summary>
public sealed class ForbiddenException(string message) : Exception(message);
