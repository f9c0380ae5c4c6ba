using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Features.Notifications;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>Baton whose escalation service runs every 200 ms on a settable clock, with a channel that fails once.</summary>
public sealed class FastEscalationDesk : IAsyncLifetime
{
    public FastEscalationDesk()
    {
        Desk.App.Settings["ServiceLevels:EscalationInterval"] = "00:00:00.2";
        Desk.App.Settings["Logging:LogLevel:Baton.Web.Features.ServiceLevels.SlaEscalationService"] = "None"; // the failure is provoked
        Desk.App.TestServices.Add(s => s.AddSingleton<INotificationChannel>(Channel));
    }

    public SlaDesk Desk { get; } = new();

    public FailingOnceChannel Channel { get; } = new();

    public Task InitializeAsync() => Desk.InitializeAsync();

    public Task DisposeAsync() => Desk.DisposeAsync();

    /// <summary>The in-app channel, after throwing once (a database or mail hiccup).</summary>
    public sealed class FailingOnceChannel : INotificationChannel
    {
        private readonly InAppNotifications _inApp = new();
        private int _calls;

        public int Failures { get; private set; }

        public void Notify(BatonDb db, IReadOnlyCollection<string> userIds, long ticketId, string text, DateTimeOffset now)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Failures++;
                throw new InvalidOperationException("Channel unavailable (provoked by the test).");
            }

            _inApp.Notify(db, userIds, ticketId, text, now);
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
        await Task.Delay(600);
        Assert.Empty(await desk.EventsAsync(ticket.Id));

        desk.Clock.Set(opened.AddHours(3).AddMinutes(1));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await desk.NoticesAsync(ticket.Id)).Count < 2 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, fast.Channel.Failures);
        Assert.Equal([new(SlaClockKind.FirstResponse, SlaEventKind.AtRisk, opened.AddHours(4))], await desk.EventsAsync(ticket.Id));
        Assert.Equal(2, (await desk.NoticesAsync(ticket.Id)).Count);
    }
}
