namespace Baton.Domain.Informing;

/// <summary>
/// One saved state of the default matrix (<see cref="ClientId"/> null) or of one client's overrides: numbered per scope,
/// never changed once saved, with who saved it and what it changed in words. The newest of a scope is the one in force;
/// two saves from the same revision cannot both land (the number is unique per scope).
/// </summary>
public sealed class RasciRevision
{
    public const int NoteMaxLength = 500;
    public const string DefaultScope = "default";

    private List<RasciCell> _cells = [];
    private List<string> _changes = [];

    private RasciRevision()
    {
        Scope = SavedById = SavedByName = Note = "";
    }

    public long Id { get; private set; }

    /// <summary>"default" or "client:12": the unique key with <see cref="Number"/>.</summary>
    public string Scope { get; private set; }

    public int? ClientId { get; private set; }

    /// <summary>1, 2, 3… within the scope.</summary>
    public int Number { get; private set; }

    public IReadOnlyList<RasciCell> Cells => _cells;

    public IReadOnlyList<string> Changes => _changes;

    public string Note { get; private set; }
    public string SavedById { get; private set; }
    public string SavedByName { get; private set; }
    public DateTimeOffset SavedAt { get; private set; }

    public static string ScopeOf(int? clientId) => clientId is { } id ? $"client:{id}" : DefaultScope;

    /// <summary>
    /// The revision after <paramref name="current"/> (null: none saved yet, the shipped cells were in force). Refused when
    /// the editor started from an older revision than the current one, or when nothing changed.
    /// </summary>
    public static RasciRevision Next(
        RasciRevision? current,
        IReadOnlyList<RasciCell> before,
        int startedFrom,
        int? clientId,
        IReadOnlyList<RasciCell> cells,
        string? note,
        Func<string, string> activityName,
        Func<string, string> roleName,
        Actor by,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(by);
        var currentNumber = current?.Number ?? 0;
        if (startedFrom != currentNumber)
        {
            var who = current is null ? "" : $" by {current.SavedByName} at {current.SavedAt:yyyy-MM-dd HH:mm} UTC";
            throw new DomainRuleException($"The matrix was saved{who} (revision {currentNumber}) while you edited revision {startedFrom}. Reload it and make your change again.", "revision");
        }

        var changes = Differences(before, cells, clientId is not null, activityName, roleName);
        if (changes.Count == 0)
        {
            throw new DomainRuleException("Nothing changed: every cell is as it was.", "cells");
        }

        return new RasciRevision
        {
            Scope = ScopeOf(clientId),
            ClientId = clientId,
            Number = currentNumber + 1,
            _cells = [.. cells.OrderBy(c => c.Activity, StringComparer.Ordinal).ThenBy(c => c.Role, StringComparer.Ordinal)],
            _changes = [.. changes],
            Note = Text.Optional(note, "note", NoteMaxLength),
            SavedById = by.UserId,
            SavedByName = by.DisplayName,
            SavedAt = at,
        };
    }

    /// <summary>"Incident P1 × IT manager: I → C", one line per cell that differs.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<RasciCell> before, IReadOnlyList<RasciCell> after, bool overrides, Func<string, string> activityName, Func<string, string> roleName)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(activityName);
        ArgumentNullException.ThrowIfNull(roleName);
        var was = before.ToDictionary(c => (c.Activity, c.Role), c => c.Letter);
        var now = after.ToDictionary(c => (c.Activity, c.Role), c => c.Letter);
        string Show(bool present, RasciLetter? letter) =>
            !present ? (overrides ? "as default" : "—") : letter is { } l ? l.Letter().ToString() : (overrides ? "none" : "—");
        return [.. was.Keys.Union(now.Keys)
            .Select(k => (Key: k, Before: Show(was.TryGetValue(k, out var b), b), After: Show(now.TryGetValue(k, out var a), a)))
            .Where(d => d.Before != d.After)
            .OrderBy(d => d.Key.Activity, StringComparer.Ordinal).ThenBy(d => d.Key.Role, StringComparer.Ordinal)
            .Select(d => $"{activityName(d.Key.Activity)} × {roleName(d.Key.Role)}: {d.Before} → {d.After}")];
    }
}
