using Baton.Domain.Clients;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

internal sealed class ProjectTypeConfiguration : IEntityTypeConfiguration<ProjectType>
{
    public void Configure(EntityTypeBuilder<ProjectType> t)
    {
        t.ToTable("ProjectTypes");
        t.Property(x => x.Name).HasMaxLength(ProjectType.NameMaxLength);
        t.Property(x => x.NameKey).HasMaxLength(ProjectType.NameMaxLength);
        t.HasIndex(x => x.NameKey).IsUnique();
    }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> p)
    {
        p.ToTable("Projects");
        p.Property(x => x.Number).HasMaxLength(24);
        p.HasIndex(x => x.Number).IsUnique();
        p.Property(x => x.Name).HasMaxLength(Project.NameMaxLength);
        p.Property(x => x.Description).HasMaxLength(Project.DescriptionMaxLength);
        p.Property(x => x.LeadTechId).HasMaxLength(450);
        p.Property(x => x.ProjectManagerId).HasMaxLength(450);
        p.Property(x => x.CloseoutSignedOffBy).HasMaxLength(120);
        p.Property(x => x.LeadReleasedBy).HasMaxLength(120);
        p.Property(x => x.CancellationReason).HasMaxLength(2000);
        p.Property(x => x.Version).IsConcurrencyToken();
        p.Property(x => x.SiteIds).HasConversion(ValueLists.Ids, ValueLists.IdsComparer).HasMaxLength(4000);
        p.Property(x => x.ConfigurationItemIds).HasConversion(ValueLists.Ids, ValueLists.IdsComparer).HasMaxLength(4000);
        p.Ignore(x => x.EscalationContacts);
        p.Property<List<EscalationContact>>("_escalationContacts")
            .HasColumnName("EscalationContacts")
            .HasConversion(ValueLists.Json<EscalationContact>(), ValueLists.JsonComparer<EscalationContact>())
            .HasMaxLength(20_000);
        p.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        p.HasOne<ProjectType>().WithMany().HasForeignKey(x => x.ProjectTypeId).OnDelete(DeleteBehavior.Restrict);
        p.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.LeadTechId).OnDelete(DeleteBehavior.Restrict);
        p.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.ProjectManagerId).OnDelete(DeleteBehavior.Restrict);

        // The insight panel reads a client's live projects by status and its recently closed ones by (status, closed at):
        // each one range of this index, however many projects the client closed over the years. The daily report reads
        // all projects by status.
        p.HasIndex(x => new { x.ClientId, x.Status, x.ClosedAt });
        p.HasIndex(x => new { x.Status, x.ClosedAt });
    }
}

internal sealed class EngagementConfiguration : IEntityTypeConfiguration<Engagement>
{
    public void Configure(EntityTypeBuilder<Engagement> e)
    {
        e.ToTable("Engagements");
        e.Property(x => x.TimeZoneId).HasMaxLength(64);
        e.Property(x => x.Touches).HasMaxLength(Engagement.TouchesMaxLength);
        e.Property(x => x.Notes).HasMaxLength(Engagement.TouchesMaxLength);
        e.Property(x => x.TechnicianIds).HasConversion(ValueLists.Strings, ValueLists.StringsComparer).HasMaxLength(4000);
        e.Property(x => x.Sequence).IsConcurrencyToken(); // every change bumps it: two schedulers cannot both win
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);

        // "Engagement today or yesterday" and the calendar feeds look up by time, per project and across all.
        e.HasIndex(x => new { x.ProjectId, x.StartsAt });
        e.HasIndex(x => x.StartsAt);
        e.HasIndex(x => x.Date); // the daily report: engagements on a (client-local) day
    }
}

internal sealed class DeliverableConfiguration : IEntityTypeConfiguration<Deliverable>
{
    public void Configure(EntityTypeBuilder<Deliverable> d)
    {
        d.ToTable("Deliverables");
        d.Property(x => x.Title).HasMaxLength(Deliverable.TitleMaxLength);
        d.Property(x => x.Description).HasMaxLength(4000);
        d.Property(x => x.DecidedById).HasMaxLength(450);
        d.Property(x => x.DecidedByName).HasMaxLength(120);
        d.Property(x => x.RejectionReason).HasMaxLength(2000);
        d.Ignore(x => x.BlocksCompletion);
        d.Property(x => x.Acceptance).IsConcurrencyToken(); // an accept and a reject racing: one of them wins, the other is told
        d.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        d.HasOne<ScopeChangeRequest>().WithMany().HasForeignKey(x => x.ScopeChangeRequestId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CleanupItemConfiguration : IEntityTypeConfiguration<CleanupItem>
{
    public void Configure(EntityTypeBuilder<CleanupItem> c)
    {
        c.ToTable("CleanupItems");
        c.Property(x => x.Description).HasMaxLength(2400);
        c.Property(x => x.DoneBy).HasMaxLength(120);
        c.Property(x => x.Status).IsConcurrencyToken();
        c.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        c.HasOne<Deliverable>().WithMany().HasForeignKey(x => x.DeliverableId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ScopeChangeRequestConfiguration : IEntityTypeConfiguration<ScopeChangeRequest>
{
    public void Configure(EntityTypeBuilder<ScopeChangeRequest> s)
    {
        s.ToTable("ScopeChangeRequests");
        s.Property(x => x.Description).HasMaxLength(4000);
        s.Property(x => x.TimeImpact).HasMaxLength(400);
        s.Property(x => x.CostImpact).HasMaxLength(400);
        s.Property(x => x.RequestedBy).HasMaxLength(120);
        s.Property(x => x.DecidedBy).HasMaxLength(120);
        s.Property(x => x.DecisionNote).HasMaxLength(2000);
        s.Property(x => x.Decision).IsConcurrencyToken(); // two deciders racing: one decision, one added deliverable
        s.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProjectAttributionConfiguration : IEntityTypeConfiguration<ProjectAttribution>
{
    public void Configure(EntityTypeBuilder<ProjectAttribution> a)
    {
        a.ToTable("ProjectAttributions");
        a.Property(x => x.Note).HasMaxLength(ProjectAttribution.NoteMaxLength);
        a.Property(x => x.ById).HasMaxLength(450);
        a.Property(x => x.ByName).HasMaxLength(120);
        a.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Restrict);
        a.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);

        // One verdict per ticket and project; the project page and the report read by project.
        a.HasIndex(x => new { x.TicketId, x.ProjectId }).IsUnique();
        a.HasIndex(x => new { x.ProjectId, x.Verdict });
        a.HasIndex(x => x.At); // the daily report: attributions of the last 24 hours
    }
}
