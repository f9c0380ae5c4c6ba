using System.Security.Cryptography;
using Baton.Domain.Projects;
using Baton.Domain.ServiceLevels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Baton.Web.Data;

/// <summary>
/// One row per cached catalogue: its <see cref="Version"/> changes in the same transaction as every edit of what the
/// catalogue is read from, so an instance that sees the row move knows its copy is stale (ADR 12).
/// </summary>
public sealed class CatalogueVersion
{
    public string Tag { get; set; } = "";

    /// <summary>
    /// A fresh random number on every edit: written blind (no read inside the save), and two instances writing at
    /// once can never leave the value a third instance already saw.
    /// </summary>
    public long Version { get; set; }
}

/// <summary>The catalogues kept in memory, by the tag they are cached and invalidated under.</summary>
public static class CatalogueTags
{
    /// <summary>Calendars, SLA policies and contracts (<c>ServiceLevelCatalogue</c>).</summary>
    public const string ServiceLevels = "service-levels";

    /// <summary>The administrator's priority matrix.</summary>
    public const string PriorityMatrix = "priority-matrix";

    /// <summary>The projects in hypercare, which new tickets are routed against.</summary>
    public const string Hypercare = "hypercare";

    /// <summary>The RASCI matrix: its activities, the contact roles, and the newest default and client revisions.</summary>
    public const string Rasci = "rasci";

    /// <summary>The automation rules, compiled for the events and the sweep.</summary>
    public const string Automation = "automation";

    /// <summary>The administrator's versions of the mail templates.</summary>
    public const string MailTemplates = "mail-templates";

    public static readonly IReadOnlyList<string> All = [ServiceLevels, PriorityMatrix, Hypercare, Rasci, Automation, MailTemplates];

    /// <summary>The catalogue a change of this entry makes stale, if any. Every write path goes through here (an interceptor), so none can forget.</summary>
    public static string? Of(EntityEntry entry) => entry.Entity switch
    {
        ServiceCalendar or SlaPolicy or Contract => ServiceLevels,
        PriorityCell => PriorityMatrix,
        Baton.Domain.Automation.AutomationRule => Automation,
        Baton.Domain.Mail.MailTemplate => MailTemplates,
        Baton.Domain.Informing.RasciRevision or Baton.Domain.Informing.RasciActivity or Baton.Domain.Informing.ContactRole => Rasci,
        Project when entry.State is EntityState.Added or EntityState.Deleted
            || entry.Property(nameof(Project.Status)).IsModified
            || entry.Property(nameof(Project.HypercareStartedAt)).IsModified
            || entry.Property(nameof(Project.HypercareEndsAt)).IsModified
            || entry.Property(nameof(Project.SiteIds)).IsModified
            || entry.Property(nameof(Project.ConfigurationItemIds)).IsModified => Hypercare,
        _ => null,
    };
}

/// <summary>
/// Writes a new <see cref="CatalogueVersion"/> for each catalogue a save touches, inside that save's transaction,
/// and tells this instance's cache (<see cref="Saved"/>) once the save went through.
/// </summary>
public sealed class CatalogueEdits : SaveChangesInterceptor
{
    /// <summary>Called after a save that changed catalogues, with their tags: this instance forgets its copies at once.</summary>
    public Func<IReadOnlyList<string>, CancellationToken, ValueTask>? Saved { get; set; }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        var tags = Release(eventData.Context);
        if (tags.Count > 0 && Saved is { } saved)
        {
            // The sync path is only used by tests and tools; the eviction itself completes synchronously in memory.
            saved(tags, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var tags = Release(eventData.Context);
        if (tags.Count > 0 && Saved is { } saved)
        {
            await saved(tags, cancellationToken);
        }

        return result;
    }

    private static void Stamp(DbContext? context)
    {
        if (context is not BatonDb db)
        {
            return;
        }

        List<string>? tags = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && CatalogueTags.Of(entry) is { } tag)
            {
                (tags ??= []).Add(tag);
            }
        }

        foreach (var tag in tags?.Distinct(StringComparer.Ordinal) ?? [])
        {
            var stamp = db.ChangeTracker.Entries<CatalogueVersion>().FirstOrDefault(e => e.Entity.Tag == tag)?.Entity;
            if (stamp is null)
            {
                stamp = new CatalogueVersion { Tag = tag };
                db.Attach(stamp);
            }

            stamp.Version = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
            db.Entry(stamp).Property(v => v.Version).IsModified = true;
        }
    }

    /// <summary>The tags this save stamped; the stamps are detached, so a long-lived context does not carry them on.</summary>
    private static List<string> Release(DbContext? context)
    {
        if (context is not BatonDb db)
        {
            return [];
        }

        var stamps = db.ChangeTracker.Entries<CatalogueVersion>().Where(e => e.State == EntityState.Unchanged).ToList();
        stamps.ForEach(e => e.State = EntityState.Detached);
        return stamps.Select(e => e.Entity.Tag).ToList();
    }
}
