using Baton.Domain.Informing;

namespace Baton.Domain.Tests.Informing;

public sealed class NoticeKindsTests
{
    [Fact]
    public void NothingChosen_MeansMailAndInApp()
    {
        Assert.Equal(NoticeDelivery.MailAndInApp, NoticeKinds.Effective(NoticeKind.CustomerReplied, null));
        Assert.Equal(NoticeDelivery.Off, NoticeKinds.Effective(NoticeKind.CustomerReplied, NoticeDelivery.Off));
    }

    [Fact]
    public void ASlaBreach_CannotBeTurnedOff_OnlyItsMailCan()
    {
        Assert.Equal("preferences[SlaBreached]", Assert.Throws<DomainRuleException>(() => NoticeKinds.Check(NoticeKind.SlaBreached, NoticeDelivery.Off, "preferences[SlaBreached]")).Field);
        Assert.Equal(NoticeDelivery.InAppOnly, NoticeKinds.Check(NoticeKind.SlaBreached, NoticeDelivery.InAppOnly, "f"));
        Assert.Equal(NoticeDelivery.InAppOnly, NoticeKinds.Effective(NoticeKind.SlaBreached, NoticeDelivery.Off)); // a stored "off" from before still reaches them
    }

    [Fact]
    public void SeveralRepliesAtOnce_ReadAsOneNotice()
    {
        Assert.Equal("3 new replies on INC-000123", NoticeKinds.Grouped(NoticeKind.CustomerReplied, "INC-000123", 3, "Mia replied on INC-000123"));
        Assert.Equal("Mia replied on INC-000123", NoticeKinds.Grouped(NoticeKind.CustomerReplied, "INC-000123", 1, "Mia replied on INC-000123"));
    }

    [Fact]
    public void SlaCrossings_AreNeverFoldedTogether_RepliesAre()
    {
        Assert.False(NoticeKinds.Groups(NoticeKind.SlaBreached));
        Assert.False(NoticeKinds.Groups(NoticeKind.SlaAtRisk));
        Assert.True(NoticeKinds.Groups(NoticeKind.CustomerReplied));
    }
}
