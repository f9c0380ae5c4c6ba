using Baton.Domain.Audit;
using Baton.Domain.Clients;
using Baton.Domain.Closeout;
using Baton.Domain.Events;
using Baton.Domain.Hypercare;
using Baton.Domain.Insight;
using Baton.Domain.Links;
using Baton.Domain.Projects;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Teams;
using Baton.Domain.Tickets;
using Baton.Web.Features.Shared.Events;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<Baton.Domain.Informing.ConsultRequest> ConsultRequests => Set<Baton.Domain.Informing.ConsultRequest>();
    public DbSet<ProjectType> ProjectTypes => Set<ProjectType>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Engagement> Engagements => Set<Engagement>();
    public DbSet<Deliverable> Deliverables => Set<Deliverable>();
    public DbSet<CleanupItem> CleanupItems => Set<CleanupItem>();
    public DbSet<ScopeChangeRequest> ScopeChangeRequests => Set<ScopeChangeRequest>();
    public DbSet<ProjectAttribution> ProjectAttributions => Set<ProjectAttribution>();
    public DbSet<RecordLink> RecordLinks => Set<RecordLink>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<DailyReportRun> DailyReportRuns => Set<DailyReportRun>();
    public DbSet<Installation> Installation => Set<Installation>();
    public DbSet<InboundMail> InboundMails => Set<InboundMail>();
    public DbSet<Mailbox> Mailboxes => Set<Mailbox>();
    public DbSet<TicketParticipant> TicketParticipants => Set<TicketParticipant>();
    public DbSet<Baton.Domain.Informing.RasciActivity> RasciActivities => Set<Baton.Domain.Informing.RasciActivity>();
    public DbSet<Baton.Domain.Informing.RasciRevision> RasciRevisions => Set<Baton.Domain.Informing.RasciRevision>();
    public DbSet<Baton.Domain.Informing.ContactRole> ContactRoles => Set<Baton.Domain.Informing.ContactRole>();
    public DbSet<Baton.Domain.Informing.ContactRoleMembership> ContactRoleMemberships => Set<Baton.Domain.Informing.ContactRoleMembership>();
    public DbSet<CloseoutTemplateVersion> CloseoutTemplateVersions => Set<CloseoutTemplateVersion>();
    public DbSet<CloseoutProposal> CloseoutProposals => Set<CloseoutProposal>();
    public DbSet<CloseoutChecklist> CloseoutChecklists => Set<CloseoutChecklist>();
    public DbSet<CloseoutChecklistItem> CloseoutChecklistItems => Set<CloseoutChecklistItem>();
    public DbSet<HandoffMeeting> HandoffMeetings => Set<HandoffMeeting>();
    public DbSet<Baton.Domain.Meetings.Meeting> Meetings => Set<Baton.Domain.Meetings.Meeting>();
    public DbSet<HypercareTeam> HypercareTeams => Set<HypercareTeam>();
    public DbSet<HypercareTag> HypercareTags => Set<HypercareTag>();
    public DbSet<HypercareFeedback> HypercareFeedback => Set<HypercareFeedback>();

    public DbSet<Baton.Domain.Automation.AutomationRule> AutomationRules => Set<Baton.Domain.Automation.AutomationRule>();
    public DbSet<AutomationRun> AutomationRuns => Set<AutomationRun>();
    public DbSet<Baton.Domain.Mail.MailTemplate> MailTemplates => Set<Baton.Domain.Mail.MailTemplate>();

    /// <summary>After-commit jobs of record events (Features/Shared/Events, docs/adr/0009).</summary>
    public DbSet<RecordEventJob> RecordEvents => Set<RecordEventJob>();

    /// <summary>The one append-only audit trail of every kind of record (<see cref="AuditTrailWriter"/> writes it).</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every instance (Infrastructure/Auth/KeyRing.cs).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>One row per cached catalogue, stamped with every edit so other instances notice it (ADR 12).</summary>
    public DbSet<CatalogueVersion> CatalogueVersions => Set<CatalogueVersion>();

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

    /// <summary>
    /// The record-event dispatcher of the app this context belongs to (a singleton from the application's services; the
    /// context is pooled, so it cannot take it in its constructor). Null for a context made outside the app.
    /// </summary>
    public RecordEvents? Events => _events ??= this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<RecordEvents>();

    private RecordEvents? _events;

    /// <summary>Set when a save inside someone's transaction wrote after-commit jobs: the commit wakes the drain.</summary>
    internal bool SignalRecordEventsOnCommit { get; set; }

    /// <summary>
    /// Saves, dispatching the pending events of the records being saved: the in-transaction handlers run first, then the
    /// change and the after-commit jobs its events call for are written together (docs/adr/0009).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RejectAuditRewrites();
        var records = Events is null ? null : RecordsWithEvents();
        if (records is null || records.Count == 0)
        {
            return await SaveWithAuditTrailAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        return await Events!.SaveAsync(this, records, () => SaveWithAuditTrailAsync(acceptAllChangesOnSuccess, cancellationToken), cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RejectAuditRewrites();
        if (Events is not null && RecordsWithEvents().Count > 0)
        {
            // Handlers are asynchronous; a synchronous save would have to block on them.
            throw new InvalidOperationException("A record with events is saved with SaveChangesAsync.");
        }

        if (ChangeTracker.Entries<IAudited>().Any(e => e.Entity.PendingAuditEntries.Count > 0))
        {
            throw new InvalidOperationException("Audited changes are saved with SaveChangesAsync, which writes their audit trail.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private List<IRecordWithEvents> RecordsWithEvents()
    {
        var records = new List<IRecordWithEvents>();
        foreach (var entry in ChangeTracker.Entries<IRecordWithEvents>())
        {
            if (entry.State != EntityState.Deleted && entry.Entity.PendingEvents.Count > 0)
            {
                records.Add(entry.Entity);
            }
        }

        return records;
    }

    // Pending audit entries are written with the change (and new records get their id first), in one transaction.
    private Task<int> SaveWithAuditTrailAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken) =>
        AuditTrailWriter.SaveAsync(this, (accept, ct) => base.SaveChangesAsync(accept, ct), acceptAllChangesOnSuccess, cancellationToken);

    // The audit trail is append-only; the database enforces it too (triggers: Data/Migrations/ProviderSql.cs).
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
