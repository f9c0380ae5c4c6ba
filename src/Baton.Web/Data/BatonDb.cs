using Baton.Domain.Audit;
using Baton.Domain.Clients;
using Baton.Domain.Closeout;
using Baton.Domain.Hypercare;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Teams;
using Baton.Domain.Tickets;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Baton.Web.Data;

/// <summary>The one DbContext. Used directly by use cases and queries (no repository layer; see docs/adr).</summary>
public sealed class BatonDb(DbContextOptions<BatonDb> options) : IdentityDbContext<BatonUser>(options), IDataProtectionKeyContext
{
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Site> Sites => Set<Site>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<PortalAccessChange> PortalAccessChanges => Set<PortalAccessChange>();
    public DbSet<ConfigurationItem> ConfigurationItems => Set<ConfigurationItem>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<PriorityCell> PriorityCells => Set<PriorityCell>();
    public DbSet<NumberSequence> NumberSequences => Set<NumberSequence>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<ServiceCalendar> ServiceCalendars => Set<ServiceCalendar>();
    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<SlaEvent> SlaEvents => Set<SlaEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ProjectType> ProjectTypes => Set<ProjectType>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Engagement> Engagements => Set<Engagement>();
    public DbSet<Deliverable> Deliverables => Set<Deliverable>();
    public DbSet<CleanupItem> CleanupItems => Set<CleanupItem>();
    public DbSet<ScopeChangeRequest> ScopeChangeRequests => Set<ScopeChangeRequest>();
    public DbSet<ProjectAttribution> ProjectAttributions => Set<ProjectAttribution>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<DailyReportRun> DailyReportRuns => Set<DailyReportRun>();
    public DbSet<CloseoutTemplateVersion> CloseoutTemplateVersions => Set<CloseoutTemplateVersion>();
    public DbSet<CloseoutProposal> CloseoutProposals => Set<CloseoutProposal>();
    public DbSet<CloseoutChecklist> CloseoutChecklists => Set<CloseoutChecklist>();
    public DbSet<CloseoutChecklistItem> CloseoutChecklistItems => Set<CloseoutChecklistItem>();
    public DbSet<HandoffMeeting> HandoffMeetings => Set<HandoffMeeting>();
    public DbSet<HypercareTeam> HypercareTeams => Set<HypercareTeam>();
    public DbSet<HypercareTag> HypercareTags => Set<HypercareTag>();
    public DbSet<HypercareFeedback> HypercareFeedback => Set<HypercareFeedback>();

    /// <summary>The one append-only audit trail of every kind of record (<see cref="AuditTrailWriter"/> writes it).</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every instance (Infrastructure/Auth/KeyRing.cs).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BatonDb).Assembly);

        // Pending audit entries live on the instance until saved; they are rows of AuditEntries, not a navigation.
        foreach (var type in builder.Model.GetEntityTypes().Select(e => e.ClrType).Where(typeof(IAudited).IsAssignableFrom).ToList())
        {
            builder.Entity(type).Ignore(nameof(IAudited.PendingAuditEntries));
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset in SQL. Everything we store is UTC, so store a UTC
        // DateTime (ISO text that sorts correctly). PostgreSQL keeps its native timestamptz.
        if (IsSqlite)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RejectAuditRewrites();
        return AuditTrailWriter.SaveAsync(this, (accept, ct) => base.SaveChangesAsync(accept, ct), acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RejectAuditRewrites();
        if (ChangeTracker.Entries<IAudited>().Any(e => e.Entity.PendingAuditEntries.Count > 0))
        {
            throw new InvalidOperationException("Audited changes are saved with SaveChangesAsync, which writes their audit trail.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    // The audit trail is append-only; the database enforces it too (triggers in the AuditTrail migration).
    private void RejectAuditRewrites()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit trail is append-only.");
        }
    }

    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
        v => v.UtcDateTime,
        v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
}
