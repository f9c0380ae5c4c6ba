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

/// <summary>
/// The one DbContext. Used directly by use cases and queries (no repository layer; see docs/adr). Abstract only so each
/// provider has a type of its own that EF's migrations attach to (<see cref="SqliteBatonDb"/>, <see cref="PostgresBatonDb"/>,
/// docs/adr/0002): everything else injects and uses <c>BatonDb</c>.
/// </summary>
public abstract class BatonDb(DbContextOptions options) : IdentityDbContext<BatonUser>(options), IDataProtectionKeyContext
{
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();
    public DbSet<TicketAuditEntry> TicketAuditEntries => Set<TicketAuditEntry>();
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

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every instance (Infrastructure/Auth/KeyRing.cs).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BatonDb).Assembly);
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
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RejectAuditRewrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    // The audit trail is append-only; the database enforces it too (triggers: Data/Migrations/ProviderSql.cs).
    private void RejectAuditRewrites()
    {
        if (ChangeTracker.Entries<TicketAuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit trail is append-only.");
        }
    }

    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
        v => v.UtcDateTime,
        v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
}
