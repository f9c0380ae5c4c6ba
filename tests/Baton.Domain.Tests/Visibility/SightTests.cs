using Baton.Domain.Visibility;

namespace Baton.Domain.Tests.Visibility;

/// <summary>Each shape of "who may see this record", decided for staff, a contact of each client, and nobody.</summary>
public sealed class SightTests
{
    private static readonly Viewer Northwind = Viewer.ContactOf(1);
    private static readonly Viewer Contoso = Viewer.ContactOf(2);
    private static readonly Viewer Fabrikam = Viewer.ContactOf(3);

    [Fact]
    public void OwnedByOneClient_StaffAndThatClientSeeAll_OthersNothing()
    {
        var sight = Sight.OwnedBy(1);

        Assert.Equal(
            (SightLevel.Full, SightLevel.Full, SightLevel.None, SightLevel.None),
            (sight.For(Viewer.Staff), sight.For(Northwind), sight.For(Contoso), sight.For(Viewer.Nobody)));
    }

    [Fact]
    public void OwnedBySeveralClients_EachOwnerSeesAll_OthersNothing()
    {
        var sight = Sight.OwnedBy([1, 2]);

        Assert.Equal(
            (SightLevel.Full, SightLevel.Full, SightLevel.None),
            (sight.For(Northwind), sight.For(Contoso), sight.For(Fabrikam)));
        Assert.True(sight.IsOwnedBy(Contoso));
    }

    [Fact]
    public void OwnedByNoClients_IsRefused_SayingProviderWideIsTheShapeForThat()
    {
        var refused = Assert.Throws<DomainRuleException>(() => Sight.OwnedBy([]));

        Assert.Equal("clientIds", refused.Field);
    }

    [Fact]
    public void ProviderWideStaffOnly_OnlyStaffSeeIt()
    {
        var sight = Sight.StaffOnly;

        Assert.Equal((SightLevel.Full, SightLevel.None), (sight.For(Viewer.Staff), sight.For(Northwind)));
        Assert.True(sight.IsProviderWide);
    }

    [Fact]
    public void ProviderWideWithSummary_EveryContactSeesTheSummary_NobodyElseNothing()
    {
        var sight = Sight.ProviderWideWithSummary;

        Assert.Equal(
            (SightLevel.Full, SightLevel.Summary, SightLevel.Summary, SightLevel.None),
            (sight.For(Viewer.Staff), sight.For(Northwind), sight.For(Fabrikam), sight.For(Viewer.Nobody)));
        Assert.True(sight.Lets(Northwind, SightLevel.Summary));
        Assert.False(sight.Lets(Northwind));
    }

    [Fact]
    public void SharedWithNamedClients_TheyGetTheSharedLevel_OthersKeepTheirs()
    {
        var sight = Sight.StaffOnly.SharedWith([2], SightLevel.Full).SharedWith([3], SightLevel.Summary);

        Assert.Equal(
            (SightLevel.None, SightLevel.Full, SightLevel.Summary),
            (sight.For(Northwind), sight.For(Contoso), sight.For(Fabrikam)));
        Assert.False(sight.IsOwnedBy(Contoso)); // sees it, but it is not Contoso's
    }

    [Fact]
    public void SharedWith_AnOwner_KeepsFullSight_AndAShareNeverLowersAnEarlierOne()
    {
        var sight = Sight.OwnedBy(1).SharedWith([1, 2], SightLevel.Summary).SharedWith([2], SightLevel.Full).SharedWith([2], SightLevel.Summary);

        Assert.Equal((SightLevel.Full, SightLevel.Full), (sight.For(Northwind), sight.For(Contoso)));
    }

    [Fact]
    public void SharedAsSummary_OnAPublishedRecord_IsStillASummary()
    {
        var sight = Sight.ProviderWideWithSummary.SharedWith([2], SightLevel.Summary);

        Assert.Equal(SightLevel.Summary, sight.For(Contoso));
    }

    [Fact]
    public void SharedWith_LevelNone_IsRefused()
    {
        var refused = Assert.Throws<DomainRuleException>(() => Sight.OwnedBy(1).SharedWith([2], SightLevel.None));

        Assert.Equal("level", refused.Field);
    }
}
