namespace Baton.Web.Infrastructure.Errors;

/// <summary>An Idempotency-Key sent again with a different request body: almost always a client bug.</summary>
public sealed class IdempotencyKeyReusedException(string key, string number)
    : Exception($"Idempotency-Key '{key}' was already used for a different request (it created {number}). Use a new key for a new ticket.");
