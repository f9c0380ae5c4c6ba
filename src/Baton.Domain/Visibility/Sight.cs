namespace Baton.Domain.Visibility;

/// <summary>How much of a record a viewer may see: nothing (it does not exist for them), a summary, or all of it.</summary>
public enum SightLevel
{
    None = 0,
    Summary = 1,
    Full = 2,
}

/// <summary>Who is looking: someone on the service desk (staff), a contact of one client organisation, or nobody we know.</summary>
public sealed record Viewer
{
    private Viewer(bool isStaff, int? clientId)
    {
        IsStaff = isStaff;
        ClientId = clientId;
    }

    public bool IsStaff { get; }

    /// <summary>The client organisation a contact belongs to; null for staff and for nobody.</summary>
    public int? ClientId { get; }

    public static Viewer Staff { get; } = new(true, null);

    /// <summary>A signed-in user who is neither staff nor a contact of a client: sees nothing.</summary>
    public static Viewer Nobody { get; } = new(false, null);

    public static Viewer ContactOf(int clientId) => new(false, clientId);
}

/// <summary>
/// Who may see a record, as one value every kind of record states the same way. Staff see every record in full.
/// A client contact sees a record in full when their client owns it (one client, or one of several) or it is shared
/// with their client in full, a summary when it is shared with their client as a summary or it is provider-wide
/// with a summary published to every client, and nothing otherwise — a record they cannot see does not exist for
/// them (404, never 403). The shapes:
/// <list type="bullet">
/// <item><see cref="OwnedBy(int)"/>: a ticket, a project — one client's.</item>
/// <item><see cref="OwnedBy(IEnumerable{int})"/>: a change or a problem affecting several clients.</item>
/// <item><see cref="StaffOnly"/>: provider-wide, internal (an internal problem, a provider change).</item>
/// <item><see cref="ProviderWideWithSummary"/>: provider-wide, its summary published to every client (a major
/// incident's status, a known error everyone may hit).</item>
/// <item><see cref="SharedWith"/>: any of the above, shared with named clients in full or as a summary (a
/// major-incident report sent to the clients it affected).</item>
/// </list>
/// </summary>
public sealed class Sight
{
    // Declared first: the static sights below are initialised in text order and use it.
    private static readonly IReadOnlyDictionary<int, SightLevel> Empty = new Dictionary<int, SightLevel>();

    private readonly IReadOnlyDictionary<int, SightLevel> _shares;

    private Sight(IReadOnlySet<int> owners, IReadOnlyDictionary<int, SightLevel> shares, bool summaryPublished)
    {
        Owners = owners;
        _shares = shares;
        SummaryPublished = summaryPublished;
    }

    /// <summary>The clients whose record it is; empty for a provider-wide record.</summary>
    public IReadOnlySet<int> Owners { get; }

    /// <summary>Clients that do not own the record but may see it, each in full or as a summary.</summary>
    public IReadOnlyDictionary<int, SightLevel> Shares => _shares;

    /// <summary>Every client contact may see the record's summary.</summary>
    public bool SummaryPublished { get; }

    public bool IsProviderWide => Owners.Count == 0;

    public static Sight OwnedBy(int clientId) => new(new HashSet<int> { clientId }, Empty, false);

    public static Sight OwnedBy(IEnumerable<int> clientIds)
    {
        ArgumentNullException.ThrowIfNull(clientIds);
        var owners = clientIds.ToHashSet();
        return owners.Count == 0
            ? throw new DomainRuleException("A record owned by clients needs at least one client; a record of nobody's is provider-wide.", "clientIds")
            : new Sight(owners, Empty, false);
    }

    /// <summary>Provider-wide and internal: staff only.</summary>
    public static Sight StaffOnly { get; } = new(new HashSet<int>(), Empty, false);

    /// <summary>Provider-wide, its summary published to every client.</summary>
    public static Sight ProviderWideWithSummary { get; } = new(new HashSet<int>(), Empty, true);

    /// <summary>This sight, and besides it the named clients see the record at <paramref name="level"/> (an owner keeps full sight).</summary>
    public Sight SharedWith(IEnumerable<int> clientIds, SightLevel level)
    {
        ArgumentNullException.ThrowIfNull(clientIds);
        if (level is not (SightLevel.Summary or SightLevel.Full))
        {
            throw new DomainRuleException("Share a record in full or as a summary.", "level");
        }

        var shares = new Dictionary<int, SightLevel>(_shares);
        foreach (var client in clientIds.Where(c => !Owners.Contains(c)))
        {
            shares[client] = shares.TryGetValue(client, out var had) && had > level ? had : level;
        }

        return new Sight(Owners, shares, SummaryPublished);
    }

    /// <summary>How much of the record <paramref name="viewer"/> may see.</summary>
    public SightLevel For(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.IsStaff)
        {
            return SightLevel.Full;
        }

        if (viewer.ClientId is not { } client)
        {
            return SightLevel.None;
        }

        if (Owners.Contains(client))
        {
            return SightLevel.Full;
        }

        var shared = _shares.TryGetValue(client, out var level) ? level : SightLevel.None;
        var published = SummaryPublished ? SightLevel.Summary : SightLevel.None;
        return shared > published ? shared : published;
    }

    /// <summary>True when <paramref name="viewer"/> may see at least <paramref name="needed"/> of the record.</summary>
    public bool Lets(Viewer viewer, SightLevel needed = SightLevel.Full) => For(viewer) >= needed;

    /// <summary>True when <paramref name="viewer"/>'s client owns the record (staff act for the provider on any record).</summary>
    public bool IsOwnedBy(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.IsStaff || viewer.ClientId is { } client && Owners.Contains(client);
    }
}
