using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Features.Notifications;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Shared;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>Baton whose escalation service runs every minute of a fake-timer clock, with a channel that fails once.</summary>
public sealed class FastEscalationDesk : IAsyncLifetime
{
    public FastEscalationDesk()
    {
        Desk.App.Settings["ServiceLevels:EscalationInterval"] = "00:01:00";
        Desk.App.Settings["Logging:LogLevel:Baton.Web.Features.ServiceLevels.SlaEscalationService"] = "None"; // the failure is provoked
        Desk.App.TestServices.Add(s => s.AddSingleton<INotificationChannel>(Channel));
    }

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public SlaDesk Desk { get; } = new(SettableClock.StartingNowWithFakeTimers());

    public FailingOnceChannel Channel { get; } = new();

    /// <summary>Starts the host and waits for the service's first round (its timer now exists).</summary>
    public Task InitializeAsync() => Desk.App.RoundAsync<SlaEscalationService>(Desk.Clock.Now);

    public Task DisposeAsync() => Desk.DisposeAsync();

    /// <summary>The in-app channel, after throwing once (a database or mail hiccup).</summary>
    public sealed class FailingOnceChannel : INotificationChannel
    {
        private readonly InAppNotifications _inApp = new();
        private int _calls;

        public int Failures { get; private set; }

        public Task NotifyAsync(BatonDb db, IReadOnlyCollection<string> userIds, Notice notice, CancellationToken ct)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Failures++;
                throw new InvalidOperationException("Channel unavailable (provoked by the test).");
            }

            return _inApp.NotifyAsync(db, userIds, notice, ct);
        }
    }
}

public sealed class EscalationServiceTests(FastEscalationDesk fast) : IClassFixture<FastEscalationDesk>
{
    [Fact]
    public async Task Service_RecordsACrossingOnItsOwn_OnTheInjectedClock_AndSurvivesAFailedRun()
    {
        var desk = fast.Desk;
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);
        await desk.App.NextRoundAsync<SlaEscalationService>(desk.Clock, FastEscalationDesk.Interval);
        Assert.Empty(await desk.EventsAsync(ticket.Id)); // a round after the opening found nothing due

        desk.Clock.Set(opened.AddHours(3).AddMinutes(1));
        await desk.App.RoundAsync<SlaEscalationService>(desk.Clock.Now); // the warning is due: the channel fails
        Assert.Equal(1, fast.Channel.Failures);
        await desk.App.NextRoundAsync<SlaEscalationService>(desk.Clock, FastEscalationDesk.Interval); // the next round tries again

        Assert.Equal(1, fast.Channel.Failures);
        Assert.Equal([new(SlaClockKind.FirstResponse, SlaEventKind.AtRisk, opened.AddHours(4))], await desk.EventsAsync(ticket.Id));
        Assert.Equal(2, (await desk.NoticesAsync(ticket.Id)).Count);
    }
}
