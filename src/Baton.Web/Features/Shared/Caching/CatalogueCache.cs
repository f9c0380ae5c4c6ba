using System.ComponentModel;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Caching.Hybrid;

namespace Baton.Web.Features.Shared.Caching;

/// <summary>
/// The one cache for catalogues: what every ticket change reads and administrators change rarely (calendars, SLA
/// policies and contracts, the priority matrix, the projects in hypercare). Entries live in <see cref="HybridCache"/>
/// under their catalogue's tag. An edit on this instance evicts the tag at once (<see cref="CatalogueEdits"/>);
/// edits on other instances are noticed through the <c>CatalogueVersions</c> rows, read at most once per
/// <see cref="CheckEvery"/> and only while catalogues are being read, so another instance serves an edit within
/// about a second (ADR 12).
/// </summary>
public sealed class CatalogueCache
{
    /// <summary>How often the version rows are read: the longest another instance's edit can go unseen.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    /// <summary>A safety net only: an entry is read again after this even when no version moved.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);

    private static readonly HybridCacheEntryOptions Options = new() { Expiration = KeepFor, LocalCacheExpiration = KeepFor };

    private readonly HybridCache _cache;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _checking = new(1, 1);
    private volatile Known? _known;

    public CatalogueCache(HybridCache cache, CatalogueEdits edits, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(edits);
        _cache = cache;
        _clock = clock;
        edits.Saved = ForgetAsync;
    }

    /// <summary>The cache of the app <paramref name="db"/> belongs to (catalogue readers are static and take only the context).</summary>
    public static CatalogueCache Of(BatonDb db) => db.GetService<CatalogueCache>();

    /// <summary>
    /// The catalogue under <paramref name="tag"/>, read with <paramref name="read"/> when this instance has no fresh
    /// copy. The value is shared by every caller: it must not be changed.
    /// </summary>
    public async Task<T> GetAsync<T>(BatonDb db, string tag, Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        var known = await VersionsAsync(db, ct);
        // The version in the key: a read that began before another instance's edit committed cannot come back
        // and settle under the key readers use once the edit is known.
        var key = $"{tag}:{known.Versions.GetValueOrDefault(tag)}";
        var entry = await _cache.GetOrCreateAsync(key, read, static async (read, c) => new Entry<T>(await read(c)), Options, [tag], ct);
        return entry.Value;
    }

    /// <summary>This instance changed these catalogues (the save went through): forget them now.</summary>
    private async ValueTask ForgetAsync(IReadOnlyList<string> tags, CancellationToken ct)
    {
        foreach (var tag in tags)
        {
            await _cache.RemoveByTagAsync(tag, ct);
        }
    }

    /// <summary>The catalogue versions as last read, reading them again when <see cref="CheckEvery"/> has passed (one reader at a time).</summary>
    private async ValueTask<Known> VersionsAsync(BatonDb db, CancellationToken ct)
    {
        var known = _known;
        if (known is not null && _clock.GetElapsedTime(known.CheckedAt) < CheckEvery)
        {
            return known;
        }

        if (known is not null && !_checking.Wait(0, CancellationToken.None))
        {
            return known; // another request is reading the versions right now; this one goes on with the last ones
        }

        if (known is null)
        {
            await _checking.WaitAsync(ct);
        }

        try
        {
            var current = _known;
            if (current is not null && !ReferenceEquals(current, known) && _clock.GetElapsedTime(current.CheckedAt) < CheckEvery)
            {
                return current;
            }

            var checkedAt = _clock.GetTimestamp(); // taken before the read: the next check is never later than promised
            var versions = await db.CatalogueVersions.AsNoTracking().ToDictionaryAsync(v => v.Tag, v => v.Version, StringComparer.Ordinal, ct);
            if (current is not null)
            {
                foreach (var (tag, version) in versions)
                {
                    if (current.Versions.GetValueOrDefault(tag) != version)
                    {
                        await _cache.RemoveByTagAsync(tag, ct);
                    }
                }
            }

            var fresh = new Known(versions, checkedAt);
            _known = fresh;
            return fresh;
        }
        finally
        {
            _checking.Release();
        }
    }

    private sealed record Known(IReadOnlyDictionary<string, long> Versions, long CheckedAt);

    /// <summary>Sealed and immutable, so HybridCache hands out the same instance instead of a copy per call.</summary>
    [ImmutableObject(true)]
    private sealed class Entry<T>(T value)
    {
        public T Value { get; } = value;
    }
}

public static class CatalogueCacheSetup
{
    public static IServiceCollection AddCatalogueCache(this IServiceCollection services)
    {
        services.AddHybridCache();
        services.AddSingleton<CatalogueCache>();
        return services;
    }
}
