using Baton.Domain.Links;

namespace Baton.Domain.Tests.Links;

/// <summary>Which links can be made between tickets and projects, and how each reads from both sides.</summary>
public sealed class LinkRulesTests
{
    private static readonly Actor Tech = new("u1", "Tara Tech");
    private static readonly DateTimeOffset At = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static LinkEnd Ticket(long id) => new(new RecordRef(RecordKind.Ticket, id), $"INC-{id:D6}");

    private static LinkEnd Project(long id) => new(new RecordRef(RecordKind.Project, id), $"PRJ-{id:D6}");

    private static RecordLink Plan(LinkEnd on, LinkRelation relation, LinkEnd other, params RecordLink[] existing) =>
        LinkRules.Plan(on, relation, other, " why ", existing, Tech, At);

    [Fact]
    public void Plan_CausedBy_StoresFromTheRecordItIsSaidOn_WithWhoAndWhen()
    {
        var link = Plan(Ticket(7), LinkRelation.CausedBy, Ticket(3));

        Assert.Equal(("ticket", 7L, "ticket", 3L, LinkType.CausedBy, "why", "Tara Tech", At),
            (link.FromKind, link.FromId, link.ToKind, link.ToId, link.Type, link.Note, link.CreatedByName, link.CreatedAt));
    }

    [Fact]
    public void Plan_AnInverseRelation_IsStoredTheCanonicalWayRound()
    {
        var link = Plan(Ticket(7), LinkRelation.ChildOf, Ticket(3));

        Assert.Equal((3L, 7L, LinkType.ParentOf), (link.FromId, link.ToId, link.Type));
    }

    [Theory]
    [InlineData(LinkType.CausedBy, "caused by", "caused")]
    [InlineData(LinkType.ParentOf, "parent of", "child of")]
    [InlineData(LinkType.DuplicateOf, "duplicate of", "duplicated by")]
    [InlineData(LinkType.Fixes, "fixes", "fixed by")]
    [InlineData(LinkType.Implements, "implements", "implemented by")]
    [InlineData(LinkType.RelatedTo, "related to", "related to")]
    public void EachType_ReadsItsInverseOnTheOtherSide(LinkType type, string outward, string inverse)
    {
        Assert.Equal((outward, inverse), (LinkTypes.Outward(type), LinkTypes.Inverse(type)));
        Assert.Equal(outward, LinkTypes.Phrase(LinkTypes.RelationSeenFrom(type, fromSide: true)));
        Assert.Equal(inverse, LinkTypes.Phrase(LinkTypes.RelationSeenFrom(type, fromSide: false)));
    }

    [Fact]
    public void Plan_RelatedTo_IsTheSameRowWhicheverSideSaysIt()
    {
        var one = Plan(Ticket(9), LinkRelation.RelatedTo, Ticket(2));
        var other = Plan(Ticket(2), LinkRelation.RelatedTo, Ticket(9));

        Assert.Equal((one.FromId, one.ToId), (other.FromId, other.ToId));
        var refused = Assert.Throws<DomainRuleException>(() => Plan(Ticket(9), LinkRelation.RelatedTo, Ticket(2), other));
        Assert.Null(refused.Field); // a conflict with what exists: 409
    }

    [Fact]
    public void Plan_ToItself_IsRefusedOnTarget()
    {
        var refused = Assert.Throws<DomainRuleException>(() => Plan(Ticket(4), LinkRelation.RelatedTo, Ticket(4)));

        Assert.Equal(("target", "INC-000004 cannot be linked to itself."), (refused.Field, refused.Message));
    }

    [Fact]
    public void Plan_TheSameLinkAgain_IsRefusedAsAConflict()
    {
        var first = Plan(Ticket(7), LinkRelation.DuplicateOf, Ticket(3));

        var refused = Assert.Throws<DomainRuleException>(() => Plan(Ticket(3), LinkRelation.DuplicatedBy, Ticket(7), first));

        Assert.Equal((null, "INC-000007 is already duplicate of INC-000003."), (refused.Field, refused.Message));
    }

    [Fact]
    public void Plan_TheMirrorImageOfADirectionalLink_IsRefused()
    {
        var first = Plan(Ticket(7), LinkRelation.DuplicateOf, Ticket(3));

        var refused = Assert.Throws<DomainRuleException>(() => Plan(Ticket(3), LinkRelation.DuplicateOf, Ticket(7), first));

        Assert.Contains("cannot point both ways", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ADifferentTypeBetweenTheSameRecords_IsAllowed()
    {
        var related = Plan(Ticket(7), LinkRelation.RelatedTo, Ticket(3));

        Assert.Equal(LinkType.CausedBy, Plan(Ticket(7), LinkRelation.CausedBy, Ticket(3), related).Type);
    }

    [Theory]
    [InlineData(LinkRelation.DuplicateOf)]
    [InlineData(LinkRelation.ParentOf)]
    [InlineData(LinkRelation.CausedBy)] // a project is not caused by a ticket
    [InlineData(LinkRelation.FixedBy)]
    public void Plan_AKindPairTheTypeDoesNotJoin_IsRefusedOnRelation(LinkRelation relation)
    {
        var refused = Assert.Throws<DomainRuleException>(() => Plan(Project(5), relation, Ticket(3)));

        Assert.Equal("relation", refused.Field);
    }

    [Fact]
    public void Plan_ProjectImplementsTicket_AndTicketImplementsProject_AreBothAllowed()
    {
        Assert.Equal(("project", "ticket"), (Plan(Project(5), LinkRelation.Implements, Ticket(3)).FromKind, Plan(Project(5), LinkRelation.Implements, Ticket(3)).ToKind));
        Assert.Equal("ticket", Plan(Project(5), LinkRelation.ImplementedBy, Ticket(3)).FromKind);
    }

    [Fact]
    public void Plan_TicketCausedByProject_IsLeftToTheInsightVerdict()
    {
        var refused = Assert.Throws<DomainRuleException>(() => Plan(Ticket(3), LinkRelation.CausedBy, Project(5)));
        Assert.Equal("relation", refused.Field);
        Assert.Throws<DomainRuleException>(() => Plan(Project(5), LinkRelation.Caused, Ticket(3)));

        var byVerdict = LinkRules.Plan(Ticket(3), LinkRelation.CausedBy, Project(5), "", [], Tech, At, byVerdict: true);
        Assert.True(LinkRules.IsProjectVerdict(byVerdict.Type, byVerdict.FromKind, byVerdict.ToKind));
    }

    [Fact]
    public void Plan_ANoteTooLong_IsRefusedOnNote()
    {
        var refused = Assert.Throws<DomainRuleException>(() =>
            LinkRules.Plan(Ticket(1), LinkRelation.RelatedTo, Ticket(2), new string('x', RecordLink.NoteMaxLength + 1), [], Tech, At));

        Assert.Equal("note", refused.Field);
    }

    [Fact]
    public void RefuseCycle_AParentBelowTheChild_IsRefused()
    {
        // 1 → 2 → 3: making 3 the parent of 1 closes the loop.
        (RecordRef, RecordRef)[] tree = [(Ticket(1).Record, Ticket(2).Record), (Ticket(2).Record, Ticket(3).Record)];

        var refused = Assert.Throws<DomainRuleException>(() => LinkRules.RefuseCycle(Ticket(3), Ticket(1), tree));

        Assert.Equal("INC-000003 is already below INC-000001; a parent cannot also be its own descendant's child.", refused.Message);
    }

    [Fact]
    public void RefuseCycle_ASecondParentOrASibling_IsFine()
    {
        (RecordRef, RecordRef)[] tree = [(Ticket(1).Record, Ticket(2).Record), (Ticket(1).Record, Ticket(3).Record), (Ticket(3).Record, Ticket(2).Record)];

        LinkRules.RefuseCycle(Ticket(4), Ticket(2), tree);
        LinkRules.RefuseCycle(Ticket(2), Ticket(4), tree);
    }

    [Fact]
    public void EveryRelation_HasAPhraseAndAStoredType()
    {
        foreach (var relation in Enum.GetValues<LinkRelation>())
        {
            var (type, saidOnTarget) = LinkTypes.Of(relation);
            Assert.Equal(relation, LinkTypes.IsSymmetric(type) ? LinkRelation.RelatedTo : LinkTypes.RelationSeenFrom(type, !saidOnTarget));
        }
    }
}
