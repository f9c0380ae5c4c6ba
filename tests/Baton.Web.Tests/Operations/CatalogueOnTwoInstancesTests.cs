using System.Diagnostics;
using System.Net;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Caching;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Operations;

/// <summary>
/// A catalogue edited on one instance is served by the other within the version check's interval (ADR 12): the
/// edit stamps its CatalogueVersions row in its own transaction, and the other instance reads the rows at most once
/// per <see cref="CatalogueCache.CheckEvery"/>.
/// </summary>
public sealed class CatalogueOnTwoInstancesTests
{
    private static Dictionary<string, string> MatrixWith(Priority lowLow) =>
        PriorityMatrix.Default.With(Impact.Low, Urgency.Low, lowLow).Cells()
            .Select((c, i) => (Key: $"Input.Cells[{i}]", Value: c.Priority.ToString())).ToDictionary(x => x.Key, x => x.Value);

    private static async Task<string> LowLowPriorityAsync(HttpClient api, ClientSetup client) =>
        (await OpenIncidentAsync(api, client, "Low and slow", new { impact = "Low", urgency = "Low" })).Priority;

    private static Task<long> VersionAsync(BatonAppFactory app) =>
        app.WithDbAsync(db => db.CatalogueVersions.Where(v => v.Tag == CatalogueTags.PriorityMatrix).Select(v => v.Version).SingleAsync());

    [Fact]
    public async Task MatrixEditedOnOneInstance_IsServedByTheOther_OnceTheVersionRowMoved()
    {
        await using var first = new BatonAppFactory();
        await using var second = Instances.SecondOn(first);
        _ = first.Services;
        _ = second.Services;
        var client = await first.CreateClientAsync();
        using var onSecond = await second.ApiAsNewAgentAsync();
        Assert.Equal("P4", await LowLowPriorityAsync(onSecond, client)); // the second instance now holds the matrix
        var before = await VersionAsync(first);

        using var admin = await first.SignInAsync(AdminEmail, AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/Admin/PriorityMatrix", MatrixWith(Priority.P1))).StatusCode);
        Assert.NotEqual(before, await VersionAsync(first)); // stamped with the edit

        // Wait on the condition, with a ceiling far above the one-second check so a busy machine cannot fail it.
        var waited = Stopwatch.StartNew();
        var priority = "P4";
        while (priority != "P1" && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            priority = await LowLowPriorityAsync(onSecond, client);
        }

        Assert.Equal("P1", priority);
    }

    [Fact]
    public async Task OtherInstance_ServesItsCopyUntilTheCheckInterval_AndTheEditRightAfterIt()
    {
        // The second instance's clock moves only when the test says: "within the interval" and "past it" are exact.
        var clock = new SteppedClock();
        await using var first = new BatonAppFactory();
        await using var second = Instances.SecondOn(first);
        second.TestServices.Add(s => s.AddSingleton<TimeProvider>(clock));
        _ = first.Services;
        _ = second.Services;
        var client = await first.CreateClientAsync();
        using var onSecond = await second.ApiAsNewAgentAsync();
        Assert.Equal("P4", await LowLowPriorityAsync(onSecond, client));

        using var admin = await first.SignInAsync(AdminEmail, AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/Admin/PriorityMatrix", MatrixWith(Priority.P1))).StatusCode);
        using var onFirst = await first.ApiAsNewAgentAsync();
        Assert.Equal("P1", await LowLowPriorityAsync(onFirst, client)); // the editing instance at once

        clock.Advance(CatalogueCache.CheckEvery / 2);
        Assert.Equal("P4", await LowLowPriorityAsync(onSecond, client)); // within the interval: its copy (it does cache)

        clock.Advance(CatalogueCache.CheckEvery / 2);
        Assert.Equal("P1", await LowLowPriorityAsync(onSecond, client)); // at the interval: checked, and the edit served
    }

    /// <summary>Real wall-clock time; a monotonic timestamp that moves only by <see cref="Advance"/>.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
