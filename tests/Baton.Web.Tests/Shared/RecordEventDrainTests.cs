using System.Collections.Concurrent;
using Baton.Domain;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Shared;

/// <summary>
/// The after-commit queue (docs/adr/0009): every job is handled exactly once by its idempotent handler, whichever
/// instances drain it, and a failing one is retried with back-off, its attempts and last error on record.
/// </summary>
public sealed class RecordEventDrainTests : IAsyncLifetime
{
    /// <summary>Counts its runs per job (by record id: unique across the tests' databases); fails a job's first runs when its resolution note says "fail N".</summary>
    private sealed class CountingHandler : IAfterCommitHandler<TicketResolved>
    {
        public static readonly ConcurrentDictionary<long, int> Runs = new();

        public string Name => "test-counting";

        public ValueTask<bool> ConcernsAsync(TicketResolved e, BatonDb db, CancellationToken ct) => ValueTask.FromResult(false);

        public async Task HandleAsync(TicketResolved e, AfterCommit context, CancellationToken ct)
        {
            var run = Runs.AddOrUpdate(context.RecordId, 1, (_, n) => n + 1);
            await Task.Delay(Random.Shared.Next(0, 3), ct); // widen the window in which two instances could collide
            if (e.ResolutionNote.StartsWith("fail ", StringComparison.Ordinal) && run <= int.Parse(e.ResolutionNote[5..], System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"boom {run}");
            }
        }
    }

    private readonly SettableClock _clock = SettableClock.StartingNow();
    private readonly long _records = Random.Shared.NextInt64(1, 1_000_000) * 1_000;
    private readonly BatonAppFactory _first = new();
    private BatonAppFactory? _second;

    public RecordEventDrainTests()
    {
        Configure(_first);
    }

    private void Configure(BatonAppFactory app)
    {
        app.TestServices.Add(s => s.AddSingleton<TimeProvider>(_clock));
        app.TestServices.Add(s => s.AddAfterCommitHandler<TicketResolved, CountingHandler>());
    }

    public Task InitializeAsync() => _first.WithDbAsync(_ => Task.CompletedTask);

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        await _first.DisposeAsync();
    }

    private Task<List<long>> QueueAsync(int count, string note) => _first.WithDbAsync(async db =>
    {
        var jobs = Enumerable.Range(0, count).Select(i => new RecordEventJob
        {
            Kind = nameof(TicketResolved), Handler = "test-counting", RecordKind = Ticket.RecordKind, RecordId = _records + i,
            Payload = RecordEvents.PayloadOf(new TicketResolved($"INC-{i:000000}", note, new Actor("u", "Test"), _clock.Now)), OccurredAt = _clock.Now,
        }).ToList();
        db.RecordEvents.AddRange(jobs);
        await db.SaveChangesAsync();
        return jobs.ConvertAll(j => j.Id);
    });

    private Task<List<RecordEventJob>> JobsAsync(IReadOnlyList<long> ids) =>
        _first.WithDbAsync(db => db.RecordEvents.AsNoTracking().Where(j => ids.Contains(j.Id)).OrderBy(j => j.Id).ToListAsync());

    private static async Task<int> DrainAsync(BatonAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RecordEvents>().DrainAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), default);
    }

    [Fact]
    public async Task TwoInstancesDrainingOneQueue_HandleEachJobExactlyOnce()
    {
        _second = _first.AnotherInstance(_first.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>().ContentRootPath);
        Configure(_second);
        await _second.WithDbAsync(_ => Task.CompletedTask);
        var ids = await QueueAsync(200, "done");

        // Each instance's own drain runs too (signalled and sweeping); these make both compete for the whole queue at once.
        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { Task.Run(() => DrainAsync(_first)), Task.Run(() => DrainAsync(_second)) }));

        var jobs = await JobsAsync(ids);
        Assert.All(jobs, j => Assert.NotNull(j.ProcessedAt));
        Assert.All(jobs, j => Assert.Equal(1, j.Attempts));
        Assert.All(jobs, j => Assert.Equal(1, CountingHandler.Runs.GetValueOrDefault(j.RecordId)));
    }

    [Fact]
    public async Task AFailingHandler_IsRetriedAfterItsBackOff_WithAttemptsAndLastErrorOnRecord()
    {
        var id = Assert.Single(await QueueAsync(1, "fail 2"));

        // The app's own drain (signalled by the save) may hold the attempt while this one finds nothing to claim: wait for its record.
        await DrainAsync(_first);
        await Eventually.HoldsAsync(async () => (await JobsAsync([id]))[0].LastError is not null, "the first attempt's failure is on record");
        var failed = Assert.Single(await JobsAsync([id]));
        Assert.Equal((1, "boom 1", (DateTimeOffset?)null), (failed.Attempts, failed.LastError, failed.ProcessedAt));
        Assert.Equal(_clock.Now + RecordEvents.BackOff(1), failed.ClaimedUntil);

        await DrainAsync(_first); // still backing off: not tried again
        Assert.Equal(1, CountingHandler.Runs[failed.RecordId]);

        _clock.Advance(RecordEvents.BackOff(1) + TimeSpan.FromSeconds(1));
        await DrainAsync(_first);
        await Eventually.HoldsAsync(async () => (await JobsAsync([id]))[0].LastError == "boom 2", "the second attempt's failure is on record");
        Assert.Equal((2, "boom 2"), ((await JobsAsync([id]))[0].Attempts, (await JobsAsync([id]))[0].LastError));

        _clock.Advance(RecordEvents.BackOff(2) + TimeSpan.FromSeconds(1));
        await DrainAsync(_first);
        await Eventually.HoldsAsync(async () => (await JobsAsync([id]))[0].ProcessedAt is not null, "the third attempt succeeded");
        var done = (await JobsAsync([id]))[0];
        Assert.Equal((3, (string?)null), (done.Attempts, done.LastError));
        Assert.NotNull(done.ProcessedAt);
        Assert.Equal(3, CountingHandler.Runs[done.RecordId]);
    }
}
