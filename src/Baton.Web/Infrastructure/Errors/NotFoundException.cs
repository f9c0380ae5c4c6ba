namespace Baton.Web.Infrastructure.Errors;

/// <summary>
/// A record the caller named does not exist or is not theirs to see (the two are one answer, so nobody learns what
/// another client has). Use cases mostly return null for the record they were asked about; this is for what they find
/// on the way (an engagement of a project, a proposal of a template). The API answers 404, pages their 404.
/// </summary>
public sealed class NotFoundException(string what, string reference)
    : Exception($"There is no {what} {reference} that you can see.")
{
    public string What { get; } = what;

    public string Reference { get; } = reference;
}
