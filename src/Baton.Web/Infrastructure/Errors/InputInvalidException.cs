namespace Baton.Web.Infrastructure.Errors;

/// <summary>Input that fails validation, with a message per field. Pages show them inline; the API as problem details.</summary>
public sealed class InputInvalidException(Dictionary<string, string[]> errors) : Exception("The input is invalid.")
{
    public Dictionary<string, string[]> Errors { get; } = errors;

    public static InputInvalidException For(string field, string message) => new(new() { [field] = [message] });
}
