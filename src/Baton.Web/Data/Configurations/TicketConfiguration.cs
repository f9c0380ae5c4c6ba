using Baton.Domain.Clients;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Teams;
using Baton.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> t)
    {
        t.ToTable("Tickets");
        t.HasKey(x => x.Id);
        t.Property(x => x.Number).HasMaxLength(24);
        t.HasIndex(x => x.Number).IsUnique();
        t.Property(x => x.Title).HasMaxLength(Ticket.TitleMaxLength);
        t.Property(x => x.Description).HasMaxLength(Ticket.DescriptionMaxLength);
        t.Property(x => x.RequesterName).HasMaxLength(120);
        t.Property(x => x.AssigneeId).HasMaxLength(450);
        t.Property(x => x.ResolutionNote).HasMaxLength(Ticket.MessageMaxLength);
        t.Property(x => x.Version).IsConcurrencyToken();
        t.Ignore(x => x.CurrentTeamName);
        t.Ignore(x => x.CurrentAssigneeName);
        t.Ignore(x => x.AvailableTransitions);

        t.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        t.HasOne<Contact>().WithMany().HasForeignKey(x => x.RequesterId).OnDelete(DeleteBehavior.Restrict);
        t.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        t.HasOne<ConfigurationItem>().WithMany().HasForeignKey(x => x.ConfigurationItemId).OnDelete(DeleteBehavior.Restrict);
        t.HasOne<Category>().WithMany().HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.Restrict);
        t.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
        t.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.AssigneeId).OnDelete(DeleteBehavior.Restrict);

        t.HasMany(x => x.Messages).WithOne().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        t.Navigation(x => x.Messages).UsePropertyAccessMode(PropertyAccessMode.Field);

        // The queue filters on one of these and pages by id (keyset), newest first. Each index's direction matches
        // its ORDER BY, so SQLite walks it without a sort step (see bench/README.md for the plans and numbers).
        t.HasIndex(x => new { x.ClientId, x.Id });
        t.HasIndex(x => new { x.Status, x.Id });
        t.HasIndex(x => new { x.TeamId, x.Id });
        t.HasIndex(x => new { x.AssigneeId, x.Id });
        t.HasIndex(x => new { x.UpdatedAt, x.Id });

        // Priority sort: most urgent first, newest first within a priority; alone, within a status, or for one agent.
        t.HasIndex(x => new { x.Priority, x.Id }).IsDescending(false, true);
        t.HasIndex(x => new { x.Status, x.Priority, x.Id }).IsDescending(false, false, true);
        t.HasIndex(x => new { x.AssigneeId, x.Priority, x.Id }).IsDescending(false, false, true);

        // SLA clocks live in the ticket's row: the queue sorts by time to breach, the escalation job finds crossings.
        t.OwnsOne(x => x.Sla, sla =>
        {
            sla.Property(x => x.ResponseTarget).HasConversion<long>();
            sla.Property(x => x.ResolutionTarget).HasConversion<long>();
            sla.Property(x => x.PausingStatuses).HasMaxLength(200);
            sla.Property(x => x.CoverageNote).HasMaxLength(300);
            sla.Property(x => x.Pauses).HasMaxLength(20_000);

            // PolicyId, ContractId and CalendarId name the terms the ticket was given. No foreign keys on purpose:
            // each would bring an index that every ticket insert pays for, while policies, contracts and calendars
            // are never deleted (contracts end by date, policies and calendars are edited in place).
            sla.HasIndex(x => x.NextDueAt);
            sla.HasIndex(x => x.ResponseWarnAt);
            sla.HasIndex(x => x.ResolutionWarnAt);

            // The keep-informed clock: the queue sorts by the next update, the keep-informed job finds crossings.
            sla.Property(x => x.UpdateEvery).HasConversion<long?>();
            sla.Property(x => x.StuckAfter).HasConversion<long?>();
            sla.HasIndex(x => x.NextUpdateDueAt);
            sla.HasIndex(x => x.UpdateWarnAt);
            sla.HasIndex(x => x.StuckAt);
            sla.Ignore(x => x.ProgressSince);
        });
    }
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> m)
    {
        m.ToTable("TicketMessages");
        m.Property(x => x.Body).HasMaxLength(Ticket.MessageMaxLength);
        m.Property(x => x.AuthorId).HasMaxLength(450);
        m.Property(x => x.AuthorName).HasMaxLength(120);
        m.HasIndex(x => new { x.TicketId, x.Id });
    }
}
