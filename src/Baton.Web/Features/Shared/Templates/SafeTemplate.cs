using Fluid;

namespace Baton.Web.Features.Shared.Templates;

/// <summary>
/// Text an administrator writes with placeholders (<c>{{ ticket.number }}</c>), rendered with Fluid (Liquid). The model
/// is plain dictionaries of strings built for the purpose, never a CLR object: a template can read what is put in it
/// and nothing else, and cannot call a method. Liquid's own tags (if, for, filters) work; there is nothing to reach.
/// </summary>
public static class SafeTemplate
{
    private static readonly FluidParser Parser = new();

    private static readonly TemplateOptions Options = new()
    {
        // Nothing is exposed by member access: the model's dictionaries are read as dictionaries.
        MemberAccessStrategy = new UnsafeMemberAccessStrategyGuard(),
        MaxSteps = 10_000,
        MaxRecursion = 10,
    };

    /// <summary>Null when the text parses; otherwise what Fluid says is wrong with it.</summary>
    public static string? Problem(string text) =>
        Parser.TryParse(text ?? "", out _, out var error) ? null : $"The placeholders do not read: {error}";

    /// <summary>The text with its placeholders filled from <paramref name="model"/>; throws when it does not parse (check with <see cref="Problem"/> first).</summary>
    public static string Render(string text, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Parser.TryParse(text ?? "", out var template, out var error))
        {
            throw new InvalidOperationException($"The template does not parse: {error}");
        }

        var context = new TemplateContext(Options);
        foreach (var (name, values) in model)
        {
            context.SetValue(name, values.ToDictionary(v => v.Key, v => (object?)v.Value ?? ""));
        }

        return template.Render(context);
    }

    /// <summary>A member-access strategy that allows no member: only dictionary keys are readable.</summary>
    private sealed class UnsafeMemberAccessStrategyGuard : MemberAccessStrategy
    {
        public override IMemberAccessor? GetAccessor(Type type, string name) => null;

        public override void Register(Type type, IEnumerable<KeyValuePair<string, IMemberAccessor>> accessors)
        {
            // Nothing is ever registered: the model is dictionaries.
        }
    }
}
