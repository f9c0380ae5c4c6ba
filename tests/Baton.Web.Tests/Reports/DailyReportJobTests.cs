using Baton.Web.Data;
using Baton.Web.Features.Outbox;
using Baton.Web.Features.Reports;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Reports;

/// <summary>Baton whose daily report goes at 07:00 Europe/London to two recipients, checked every minute of a fake-timer clock.</summary>
public sealed class MorningReportDesk : IAsyncLifetime
{
    public MorningReportDesk()
    {
        App.Settings["DailyReport:SendAt"] = "07:00";
        App.Settings["DailyReport:TimeZone"] = "Europe/London";
        App.Settings["DailyReport:Recipients"] = "support@msp.example; lead@msp.example";
        App.Settings["DailyReport:CheckInterval"] = "00:01:00";
        App.Settings["DailyReport:LinkBase"] = "https://desk.msp.example/";
        App.TestServices.Add(s => s.AddSingleton<TimeProvider>(Clock));
    }

    // A summer morning, before the hour (06:00 BST).
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    public SettableClock Clock { get; } = SettableClock.WithFakeTimers(new DateTimeOffset(2031, 6, 10, 5, 0, 0, TimeSpan.Zero));

    public BatonAppFactory App { get; } = new();

    /// <summary>Starts the host once, before tests race on it, and waits for the job's first round (its timer now exists).</summary>
    public Task InitializeAsync() => App.RoundAsync<DailyReportService>(Clock.Now);

    public async Task DisposeAsync() => await App.DisposeAsync();

    public async Task<DailyReportRun?> RunAsync(DateTimeOffset now)
    {
        using var scope = App.Services.CreateScope();
        return await App.Services.GetRequiredService<DailyReportJob>().RunIfDueAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), now, default);
    }
}

public sealed class DailyReportJobTests(MorningReportDesk desk) : IClassFixture<MorningReportDesk>
{
    private BatonAppFactory App => desk.App;

    [Fact]
    public async Task TheService_ProducesTheReportOnItsOwn_OnceTheLocalHourPasses_AndOnlyOnce()
    {
        var day = new DateOnly(2031, 6, 10);
        await App.NextRoundAsync<DailyReportService>(desk.Clock, MorningReportDesk.CheckInterval); // 06:01 BST: looked, too early
        Assert.Equal(0, await DailyReportWorld.RunsOnAsync(App, day));

        desk.Clock.Set(new DateTimeOffset(2031, 6, 10, 6, 0, 30, TimeSpan.Zero)); // 07:00:30 BST
        await App.RoundAsync<DailyReportService>(desk.Clock.Now);
        Assert.Equal(1, await DailyReportWorld.RunsOnAsync(App, day));
        for (var i = 0; i < 3; i++)
        {
            await App.NextRoundAsync<DailyReportService>(desk.Clock, MorningReportDesk.CheckInterval); // several more checks
        }

        var message = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Key == "daily-report:2031-06-10"));

        Assert.Equal(1, await DailyReportWorld.RunsOnAsync(App, day));
        Assert.Equal("support@msp.example, lead@msp.example", message.Recipients);
        Assert.StartsWith("Baton daily project report 2031-06-10", message.Subject, StringComparison.Ordinal);
        Assert.Contains("<!DOCTYPE html>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Engagements on Tuesday 10 June 2031", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("As of 2031-06-10 07:00 UTC+01:00", message.HtmlBody, StringComparison.Ordinal);
        Assert.Null(message.SentAt);
    }

    [Fact]
    public async Task TwoRunnersRacing_ProduceOneReportAndOneEmail_AndALaterRunThatDayDoesNothing()
    {
        var day = new DateOnly(2031, 7, 2);
        var at = new DateTimeOffset(2031, 7, 2, 6, 15, 0, TimeSpan.Zero); // 07:15 BST

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => desk.RunAsync(at))));

        Assert.Single(runs, r => r is not null);
        Assert.Equal(1, await DailyReportWorld.RunsOnAsync(App, day));
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Key == "daily-report:2031-07-02")));
        Assert.Null(await desk.RunAsync(at.AddHours(10))); // a restart later that day: the record says it is done
        Assert.Equal(1, await DailyReportWorld.RunsOnAsync(App, day));
    }

    [Fact]
    public async Task BeforeTheLocalHour_NothingIsProduced_AndTheDayFollowsTheReportZone()
    {
        // 06:30 UTC on 3 Dec is 06:30 GMT: not yet; 07:00 GMT is.
        Assert.Null(await desk.RunAsync(new DateTimeOffset(2031, 12, 3, 6, 30, 0, TimeSpan.Zero)));
        var run = await desk.RunAsync(new DateTimeOffset(2031, 12, 3, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2031, 12, 3), run?.ReportDate);

        // 23:30 UTC on 3 Dec is 23:30 GMT, still the 3rd: already produced, nothing new.
        Assert.Null(await desk.RunAsync(new DateTimeOffset(2031, 12, 3, 23, 30, 0, TimeSpan.Zero)));
        // In July, 23:30 UTC is 00:30 BST the next day: before 07:00, so nothing for that day yet either.
        Assert.Null(await desk.RunAsync(new DateTimeOffset(2031, 7, 20, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal(0, await DailyReportWorld.RunsOnAsync(App, new DateOnly(2031, 7, 21)));
    }

    [Fact]
    public async Task TheOutbox_HandsEachMessageToTheSenderOnce_AndKeepsAFailureForTheNextTry()
    {
        Assert.NotNull(await desk.RunAsync(new DateTimeOffset(2031, 8, 5, 6, 0, 0, TimeSpan.Zero)));
        var sender = new RecordingSender { FailFirstAttemptOf = "daily-report:2031-08-05" };

        await App.WithDbAsync(db => OutboxQueue.DispatchAsync(db, sender, new DateTimeOffset(2031, 8, 5, 6, 1, 0, TimeSpan.Zero), default));
        var failed = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Key == "daily-report:2031-08-05"));
        Assert.Null(failed.SentAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("SMTP server unavailable", failed.LastError);

        await App.WithDbAsync(db => OutboxQueue.DispatchAsync(db, sender, new DateTimeOffset(2031, 8, 5, 6, 2, 0, TimeSpan.Zero), default));
        await App.WithDbAsync(db => OutboxQueue.DispatchAsync(db, sender, new DateTimeOffset(2031, 8, 5, 6, 3, 0, TimeSpan.Zero), default));
        var sent = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Key == "daily-report:2031-08-05"));
        Assert.Equal(new DateTimeOffset(2031, 8, 5, 6, 2, 0, TimeSpan.Zero), sent.SentAt);
        Assert.Equal(1, sender.Delivered.Count(k => k == "daily-report:2031-08-05"));
    }


    private sealed class RecordingSender : IOutboxSender
    {
        public string? FailFirstAttemptOf { get; set; }

        public List<string> Delivered { get; } = [];

        public Task SendAsync(OutboxMessage message, CancellationToken ct)
        {
            if (message.Key == FailFirstAttemptOf)
            {
                FailFirstAttemptOf = null;
                throw new InvalidOperationException("SMTP server unavailable");
            }

            Delivered.Add(message.Key);
            return Task.CompletedTask;
        }
    }
}

public sealed class DailyReportSettingsTests
{
    [Fact]
    public void AnUnknownReportZone_StopsStartup_NamingTheSetting()
    {
        using var app = new BatonAppFactory();
        app.Settings["DailyReport:TimeZone"] = "Mars/Olympus";
        var e = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("DailyReport:TimeZone 'Mars/Olympus'", e.ToString(), StringComparison.Ordinal);
    }
}
