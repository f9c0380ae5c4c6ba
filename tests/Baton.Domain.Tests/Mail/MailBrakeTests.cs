using Baton.Domain.Mail;

namespace Baton.Domain.Tests.Mail;

public sealed class MailBrakeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BelowTheCap_TheMessageGoesNow() =>
        Assert.Null(MailBrake.HeldUntil([Now.AddMinutes(-5), Now.AddMinutes(-1)], cap: 3, MailBrake.Hour, Now));

    [Fact]
    public void AtTheCap_TheMessageWaitsUntilTheOldestSendInTheWindowLeavesIt() =>
        Assert.Equal(Now.AddMinutes(10), MailBrake.HeldUntil([Now.AddMinutes(-50), Now.AddMinutes(-20), Now.AddMinutes(-1)], cap: 3, MailBrake.Hour, Now));

    [Fact]
    public void SendsOutsideTheWindow_DoNotCount() =>
        Assert.Null(MailBrake.HeldUntil([Now.AddHours(-3), Now.AddHours(-2), Now.AddMinutes(-1)], cap: 2, MailBrake.Hour, Now));
}
