namespace Baton.Domain.Links;

/// <summary>
/// How two records are linked, read from the link's "from" side: A <see cref="CausedBy"/> B. Stored as its number.
/// The other side reads the inverse (<see cref="LinkTypes.Inverse"/>): B "caused" A.
/// </summary>
public enum LinkType
{
    CausedBy = 1,
    RelatedTo = 2,
    DuplicateOf = 3,
    ParentOf = 4,
    Fixes = 5,
    Implements = 6,
}

/// <summary>
/// What a user says from the record they are on: every link type and its inverse, so "INC-7 is a child of INC-3"
/// can be said on INC-7 and is stored as INC-3 <see cref="LinkType.ParentOf"/> INC-7.
/// </summary>
public enum LinkRelation
{
    CausedBy = 1,
    Caused = 2,
    RelatedTo = 3,
    DuplicateOf = 4,
    DuplicatedBy = 5,
    ParentOf = 6,
    ChildOf = 7,
    Fixes = 8,
    FixedBy = 9,
    Implements = 10,
    ImplementedBy = 11,
}

public static class LinkTypes
{
    /// <summary>"caused by": how the "from" record reads the link.</summary>
    public static string Outward(LinkType type) => type switch
    {
        LinkType.CausedBy => "caused by",
        LinkType.RelatedTo => "related to",
        LinkType.DuplicateOf => "duplicate of",
        LinkType.ParentOf => "parent of",
        LinkType.Fixes => "fixes",
        LinkType.Implements => "implements",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown link type."),
    };

    /// <summary>"caused": how the "to" record reads the link. "related to" reads the same both ways.</summary>
    public static string Inverse(LinkType type) => type switch
    {
        LinkType.CausedBy => "caused",
        LinkType.RelatedTo => "related to",
        LinkType.DuplicateOf => "duplicated by",
        LinkType.ParentOf => "child of",
        LinkType.Fixes => "fixed by",
        LinkType.Implements => "implemented by",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown link type."),
    };

    public static bool IsSymmetric(LinkType type) => type == LinkType.RelatedTo;

    /// <summary>The stored type of a relation, and whether the record it is said on is the link's "to" side.</summary>
    public static (LinkType Type, bool SaidOnTarget) Of(LinkRelation relation) => relation switch
    {
        LinkRelation.CausedBy => (LinkType.CausedBy, false),
        LinkRelation.Caused => (LinkType.CausedBy, true),
        LinkRelation.RelatedTo => (LinkType.RelatedTo, false),
        LinkRelation.DuplicateOf => (LinkType.DuplicateOf, false),
        LinkRelation.DuplicatedBy => (LinkType.DuplicateOf, true),
        LinkRelation.ParentOf => (LinkType.ParentOf, false),
        LinkRelation.ChildOf => (LinkType.ParentOf, true),
        LinkRelation.Fixes => (LinkType.Fixes, false),
        LinkRelation.FixedBy => (LinkType.Fixes, true),
        LinkRelation.Implements => (LinkType.Implements, false),
        LinkRelation.ImplementedBy => (LinkType.Implements, true),
        _ => throw new DomainRuleException($"'{relation}' is not a kind of link; use one of {string.Join(", ", Enum.GetNames<LinkRelation>())}.", "relation"),
    };

    /// <summary>The relation a record reads: the "from" side the type's own, the "to" side its inverse.</summary>
    public static LinkRelation RelationSeenFrom(LinkType type, bool fromSide) => (type, fromSide) switch
    {
        (LinkType.CausedBy, true) => LinkRelation.CausedBy,
        (LinkType.CausedBy, false) => LinkRelation.Caused,
        (LinkType.RelatedTo, _) => LinkRelation.RelatedTo,
        (LinkType.DuplicateOf, true) => LinkRelation.DuplicateOf,
        (LinkType.DuplicateOf, false) => LinkRelation.DuplicatedBy,
        (LinkType.ParentOf, true) => LinkRelation.ParentOf,
        (LinkType.ParentOf, false) => LinkRelation.ChildOf,
        (LinkType.Fixes, true) => LinkRelation.Fixes,
        (LinkType.Fixes, false) => LinkRelation.FixedBy,
        (LinkType.Implements, true) => LinkRelation.Implements,
        (LinkType.Implements, false) => LinkRelation.ImplementedBy,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown link type."),
    };

    /// <summary>The phrase a relation reads as: "child of".</summary>
    public static string Phrase(LinkRelation relation)
    {
        var (type, saidOnTarget) = Of(relation);
        return saidOnTarget ? Inverse(type) : Outward(type);
    }
}
