using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Browser.Tests.Infrastructure;

/// <summary>
/// <see cref="MailingBrowserFixture"/> on a <see cref="SettableClock"/> that a journey moves forward by hours. Its
/// timers run in real time ("now" only), so the outbox dispatcher and the after-commit jobs keep working in the
/// background, and the SLA and keep-informed jobs look every second (<c>ServiceLevels:EscalationInterval</c>) at the
/// clock's time: after a move, a journey waits for the job's next round (<see cref="BatonAppFactory.RoundAsync{TJob}"/>).
/// </summary>
public sealed class ClockedMailingBrowserFixture : MailingBrowserFixture
{
    public ClockedMailingBrowserFixture()
        : this(SettableClock.StartingNow())
    {
    }

    private ClockedMailingBrowserFixture(SettableClock clock)
        : base(app =>
        {
            app.Settings["ServiceLevels:EscalationInterval"] = "00:00:01";
            app.TestServices.Add(s => s.AddSingleton<TimeProvider>(clock));
        }) => Clock = clock;

    public SettableClock Clock { get; }
}
