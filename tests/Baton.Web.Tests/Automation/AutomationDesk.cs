using Baton.Web.Data;
using Baton.Web.Features.Automation;
using Baton.Web.Features.Outbox;
using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Automation;

/// <summary>
/// Baton on a settable clock with mail to a real SMTP sink: the sweep of timed rules runs only when a test runs it, at
/// the instant it sets. Each test scopes its rules to a client of its own, so the rules of one test never act on another's.
/// </summary>
public sealed class AutomationDesk : IAsyncLifetime
{
    public AutomationDesk()
    {
        MailingDesk.SendThrough(App, Sink);
        App.Settings["ServiceLevels:EscalationInterval"] = "01:00:00";
        App.Settings["Informing:ConsultReminderInterval"] = "01:00:00";
        App.TestServices.Add(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public SettableClock Clock { get; } = SettableClock.StartingNow();

    public SmtpSink Sink { get; } = new();

    public BatonAppFactory App { get; } = new();

    public Task InitializeAsync() => App.WithDbAsync(db => db.Clients.AnyAsync());

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Sink.DisposeAsync();
    }

    /// <summary>Runs the timed rules as one instance's sweep would, at the clock's instant; how many times rules acted.</summary>
    public async Task<int> SweepAsync()
    {
        using var scope = App.Services.CreateScope();
        return await App.Services.GetRequiredService<AutomationSweep>().SweepAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), Clock.Now, CancellationToken.None);
    }

    /// <summary>
    /// The rules are in force on this instance: a rule saved is read again by the catalogue cache at once, or within
    /// <see cref="Features.Shared.Caching.CatalogueCache.CheckEvery"/> when a read that began before the save was cached.
    /// </summary>
    public Task InForceAsync(params string[] names) => Eventually.HoldsAsync(async () =>
    {
        using var scope = App.Services.CreateScope();
        var enabled = await AutomationCatalogue.EnabledAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), CancellationToken.None);
        return names.All(n => enabled.Any(r => r.Name == n));
    }, "the saved rules are in force");

    /// <summary>Every after-commit job of the ticket has run (rules included), then the outbox is sent to the sink.</summary>
    public async Task SettleAsync(long ticketId)
    {
        await Informing.TicketNoticesRead.AllHandledAsync(App, ticketId);
        await App.WithDbAsync(db => OutboxQueue.DispatchAsync(db, App.Services.GetRequiredService<IOutboxSender>(), Clock.Now, default));
    }
}
