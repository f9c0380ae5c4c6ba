using Baton.Domain.Links;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Shared.Links;

/// <summary>A record at the other end of a link, as the links list shows it.</summary>
/// <remarks>Set by initialisers, not a constructor, so EF can filter on its members after the projection.</remarks>
public sealed record LinkedRecord
{
    public required long Id { get; init; }
    public required string Number { get; init; }
    public required string Title { get; init; }
    public required string Path { get; init; }
}

/// <summary>
/// One kind of record that links join: how its numbers read, and its records as the user may see them (the shared
/// sight rule, <see cref="RecordSights"/>). A problem or a change adds one entry to <see cref="LinkableKinds.All"/>.
/// </summary>
public sealed record LinkableKind(
    RecordKind Kind,
    Func<string?, string?> ParseNumber,
    Func<BatonDb, CurrentUser, IQueryable<LinkedRecord>> Visible);

public static class LinkableKinds
{
    public static readonly LinkableKind Tickets = new(
        RecordKind.Ticket,
        text => TicketNumber.TryParse(text, out var n) ? n : null,
        (db, user) => db.Tickets.AsNoTracking().Visible(RecordSights.Tickets, user)
            .Select(t => new LinkedRecord { Id = t.Id, Number = t.Number, Title = t.Title, Path = "/Tickets/" + t.Number }));

    public static readonly LinkableKind Projects = new(
        RecordKind.Project,
        text => ProjectNumber.TryParse(text, out var n) ? n : null,
        (db, user) => db.Projects.AsNoTracking().Visible(RecordSights.Projects, user)
            .Select(p => new LinkedRecord { Id = p.Id, Number = p.Number, Title = p.Name, Path = "/Projects/" + p.Number }));

    public static IReadOnlyList<LinkableKind> All { get; } = [Tickets, Projects];

    public static LinkableKind Of(string kindName) =>
        All.SingleOrDefault(k => k.Kind.Name == kindName) ?? throw new InvalidOperationException($"No linkable kind '{kindName}'.");

    /// <summary>The kind a number belongs to by its prefix (INC-, REQ-, PRJ-), with the number normalised.</summary>
    public static (LinkableKind Kind, string Number)? ByNumber(string? text)
    {
        foreach (var kind in All)
        {
            if (kind.ParseNumber(text) is { } number)
            {
                return (kind, number);
            }
        }

        return null;
    }

    /// <summary>The visible record with this (normalised) number; null when unknown or not visible.</summary>
    public static Task<LinkedRecord?> FindAsync(this LinkableKind kind, BatonDb db, CurrentUser user, string number, CancellationToken ct) =>
        kind.Visible(db, user).Where(r => r.Number == number).SingleOrDefaultAsync(ct);
}
