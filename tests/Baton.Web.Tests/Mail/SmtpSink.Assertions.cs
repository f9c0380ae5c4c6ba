namespace Baton.Web.Tests.Mail;

public sealed partial class SmtpSink
{
    /// <summary>The first message that matches, once one has arrived (fails the test when none comes in time).</summary>
    public async Task<Received> WaitForAsync(Func<Received, bool> match, TimeSpan? within = null)
    {
        await WaitUntilAsync(messages => messages.Any(match), within);
        return Assert.Single(Messages.Where(match).Take(1));
    }
}
