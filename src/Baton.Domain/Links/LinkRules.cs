namespace Baton.Domain.Links;

/// <summary>One end of a link being made: the record and the number people know it by (for the messages).</summary>
public readonly record struct LinkEnd(RecordRef Record, string Number);

/// <summary>
/// Which links may be made: no record linked to itself, only the kind pairs listed per type, no second link of the
/// same type between the same two records (nor its mirror image for a directional type), and no parent/child cycle.
/// A new record kind joins by adding its pairs to <see cref="Allowed"/>; the table stores kinds by name, so no
/// migration is needed.
/// </summary>
public static class LinkRules
{
    private static readonly RecordKind Ticket = RecordKind.Ticket;
    private static readonly RecordKind Project = RecordKind.Project;

    /// <summary>The (from, to) kind pairs each type accepts, read as "from is [type] to".</summary>
    public static readonly IReadOnlyDictionary<LinkType, IReadOnlyList<(RecordKind From, RecordKind To)>> Allowed =
        new Dictionary<LinkType, IReadOnlyList<(RecordKind From, RecordKind To)>>
        {
            // A ticket caused by another (a master incident) or by a project's work; problems and changes add theirs.
            [LinkType.CausedBy] = [(Ticket, Ticket), (Ticket, Project)],
            [LinkType.RelatedTo] = [(Ticket, Ticket), (Ticket, Project), (Project, Ticket), (Project, Project)],
            [LinkType.DuplicateOf] = [(Ticket, Ticket), (Project, Project)],
            [LinkType.ParentOf] = [(Ticket, Ticket), (Project, Project)],
            // A service request or a project that fixes an incident.
            [LinkType.Fixes] = [(Ticket, Ticket), (Project, Ticket)],
            // A service request carrying out project work, or a project delivering a request.
            [LinkType.Implements] = [(Ticket, Project), (Project, Ticket)],
        };

    /// <summary>
    /// "Ticket caused by project" is the insight panel's "Caused by" verdict (docs/adr/0011): only the verdict writes
    /// and removes it, so the panel, the project-incidents report and the links always agree.
    /// </summary>
    public static bool IsProjectVerdict(LinkType type, string fromKind, string toKind) =>
        type == LinkType.CausedBy && fromKind == Ticket.Name && toKind == Project.Name;

    /// <summary>
    /// The link <paramref name="relation"/> says, made on <paramref name="subject"/> towards <paramref name="other"/>,
    /// checked against every rule but the cycle (<see cref="RefuseCycle"/>, which needs the parent links around it).
    /// <paramref name="existing"/> are the links already joining the two records, either way round.
    /// </summary>
    public static RecordLink Plan(
        LinkEnd subject, LinkRelation relation, LinkEnd other, string? note, IEnumerable<RecordLink> existing, Actor actor, DateTimeOffset now,
        bool byVerdict = false)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(actor);
        var (type, saidOnTarget) = LinkTypes.Of(relation);
        if (subject.Record == other.Record)
        {
            throw new DomainRuleException($"{subject.Number} cannot be linked to itself.", "target");
        }

        var (from, to) = saidOnTarget ? (other, subject) : (subject, other);
        if (LinkTypes.IsSymmetric(type) && Compare(from.Record, to.Record) > 0)
        {
            (from, to) = (to, from);
        }

        if (!Allowed[type].Contains((from.Record.Kind, to.Record.Kind)))
        {
            throw new DomainRuleException(
                $"A {subject.Record.Kind.Noun} cannot be {LinkTypes.Phrase(relation)} a {other.Record.Kind.Noun}; {Describe(type)}.", "relation");
        }

        if (!byVerdict && IsProjectVerdict(type, from.Record.Kind.Name, to.Record.Kind.Name))
        {
            throw new DomainRuleException(
                "That a project caused a ticket is recorded with the verdict on the ticket's project insight panel (Caused by), which writes this link.", "relation");
        }

        var text = Text.Optional(note, "note", RecordLink.NoteMaxLength);
        foreach (var link in existing.Where(l => l.Type == type))
        {
            if (link.IsFrom(from.Record) && link.IsTo(to.Record))
            {
                throw new DomainRuleException($"{from.Number} is already {LinkTypes.Outward(type)} {to.Number}.");
            }

            if (link.IsFrom(to.Record) && link.IsTo(from.Record))
            {
                throw new DomainRuleException($"{to.Number} is already {LinkTypes.Outward(type)} {from.Number}; a link of this kind cannot point both ways.");
            }
        }

        return new RecordLink(from.Record, to.Record, type, text, actor, now);
    }

    /// <summary>
    /// Refuses making <paramref name="parent"/> the parent of <paramref name="child"/> when <paramref name="parent"/> is
    /// already below <paramref name="child"/>. <paramref name="parentLinks"/> holds at least every parent/child link
    /// under <paramref name="child"/> (its descendants).
    /// </summary>
    public static void RefuseCycle(LinkEnd parent, LinkEnd child, IEnumerable<(RecordRef Parent, RecordRef Child)> parentLinks)
    {
        ArgumentNullException.ThrowIfNull(parentLinks);
        var children = parentLinks.ToLookup(l => l.Parent, l => l.Child);
        var seen = new HashSet<RecordRef> { child.Record };
        var frontier = new Queue<RecordRef>([child.Record]);
        while (frontier.TryDequeue(out var next))
        {
            if (next == parent.Record)
            {
                throw new DomainRuleException($"{parent.Number} is already below {child.Number}; a parent cannot also be its own descendant's child.");
            }

            foreach (var below in children[next].Where(seen.Add))
            {
                frontier.Enqueue(below);
            }
        }
    }

    private static int Compare(RecordRef a, RecordRef b)
    {
        var byKind = string.CompareOrdinal(a.Kind.Name, b.Kind.Name);
        return byKind != 0 ? byKind : a.Id.CompareTo(b.Id);
    }

    private static string Describe(LinkType type) =>
        $"{LinkTypes.Outward(type)} joins " + string.Join(", ", Allowed[type].Select(p => $"a {p.From.Noun} to a {p.To.Noun}"));
}
