using Baton.Domain.Clients;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

internal sealed class ServiceCalendarConfiguration : IEntityTypeConfiguration<ServiceCalendar>
{
    public void Configure(EntityTypeBuilder<ServiceCalendar> c)
    {
        c.ToTable("ServiceCalendars");
        c.Property(x => x.Name).HasMaxLength(BusinessCalendar.NameMaxLength);
        c.Property(x => x.NameKey).HasMaxLength(BusinessCalendar.NameMaxLength);
        c.HasIndex(x => x.NameKey).IsUnique();
        c.Property(x => x.TimeZoneId).HasMaxLength(64);
        c.Property(x => x.HoursText).HasMaxLength(4000);
        c.Property(x => x.HolidaysText).HasMaxLength(20_000);
        c.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> p)
    {
        p.ToTable("SlaPolicies");
        p.Property(x => x.Name).HasMaxLength(SlaPolicy.NameMaxLength);
        p.Property(x => x.NameKey).HasMaxLength(SlaPolicy.NameMaxLength);
        p.HasIndex(x => x.NameKey).IsUnique();
        p.HasOne<ServiceCalendar>().WithMany().HasForeignKey(x => x.CalendarId).OnDelete(DeleteBehavior.Restrict);
        p.Property(x => x.PausingStatuses)
            .HasConversion(StatusList.Converter, StatusList.Comparer)
            .HasMaxLength(200);
        // One text column, "P1=ticks/ticks;…": the four cadences are always read and written together with the policy.
        p.Property(x => x.Cadence)
            .HasConversion(v => v.Serialize(), v => ProgressCadence.Parse(v))
            .HasMaxLength(400);
        p.OwnsMany(x => x.Targets, t =>
        {
            t.ToTable("SlaPolicyTargets");
            t.WithOwner().HasForeignKey("SlaPolicyId");
            t.HasKey("SlaPolicyId", nameof(SlaTarget.Priority));
            t.Property(x => x.FirstResponse).HasConversion<long>();
            t.Property(x => x.Resolution).HasConversion<long>();
        });
        p.Navigation(x => x.Targets).UsePropertyAccessMode(PropertyAccessMode.Field);
    }

    private static class StatusList
    {
        public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<IReadOnlyList<TicketStatus>, string> Converter = new(
            v => string.Join(',', v),
            v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<TicketStatus>).ToList());

        public static readonly ValueComparer<IReadOnlyList<TicketStatus>> Comparer = new(
            (a, b) => a!.SequenceEqual(b!),
            v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)),
            v => v.ToList());
    }
}

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> c)
    {
        c.ToTable("Contracts");
        c.Property(x => x.Name).HasMaxLength(Contract.NameMaxLength);
        c.Property(x => x.Exclusions).HasMaxLength(4000);
        c.HasIndex(x => new { x.ClientId, x.StartsOn });
        c.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        c.HasOne<SlaPolicy>().WithMany().HasForeignKey(x => x.SlaPolicyId).OnDelete(DeleteBehavior.Restrict);
        c.HasOne<ServiceCalendar>().WithMany().HasForeignKey(x => x.CoverageCalendarId).OnDelete(DeleteBehavior.Restrict);
        c.Property(x => x.CoveredCategoryIds).HasConversion(ValueLists.Ids, ValueLists.IdsComparer).HasMaxLength(4000);
        c.Property(x => x.CoveredItemIds).HasConversion(ValueLists.Ids, ValueLists.IdsComparer).HasMaxLength(4000);
        c.Ignore(x => x.ExclusionList);
    }
}

internal sealed class SlaEventConfiguration : IEntityTypeConfiguration<SlaEvent>
{
    public void Configure(EntityTypeBuilder<SlaEvent> e)
    {
        e.ToTable("SlaEvents");
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Restrict);

        // Exactly once per crossing, whoever looks: the database refuses the second record. A crossing is its instant
        // (a paused and resumed clock has a new due instant but the same warning instant: the same at-risk).
        e.HasIndex(x => new { x.TicketId, x.Clock, x.Kind, x.CrossedAt }).IsUnique();
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> n)
    {
        n.ToTable("Notifications");
        n.Property(x => x.UserId).HasMaxLength(450);
        n.Property(x => x.Text).HasMaxLength(Notification.TextMaxLength);
        n.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        n.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Restrict);
        n.HasOne<Baton.Domain.Projects.Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        n.HasIndex(x => new { x.UserId, x.Id });
        n.HasIndex(x => new { x.DigestPending, x.UserId }); // the digest sender's look-up: who has notices waiting
        n.Property(x => x.Count).HasDefaultValue(1);
        n.HasIndex(x => new { x.UserId, x.TicketId, x.Kind, x.CreatedAt }); // the grouping look-up: an unread notice of this kind on this ticket
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> p)
    {
        p.ToTable("NotificationPreferences");
        p.HasKey(x => new { x.UserId, x.Kind });
        p.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsultRequestConfiguration : IEntityTypeConfiguration<Baton.Domain.Informing.ConsultRequest>
{
    public void Configure(EntityTypeBuilder<Baton.Domain.Informing.ConsultRequest> c)
    {
        c.ToTable("ConsultRequests");
        c.Property(x => x.AskedById).HasMaxLength(450);
        c.Property(x => x.ConsulteeId).HasMaxLength(450);
        c.Property(x => x.Question).HasMaxLength(Baton.Domain.Informing.ConsultRequest.QuestionMaxLength);
        c.Property(x => x.Answer).HasMaxLength(Baton.Domain.Informing.ConsultRequest.AnswerMaxLength);
        c.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        c.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.AskedById).OnDelete(DeleteBehavior.Restrict);
        c.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.ConsulteeId).OnDelete(DeleteBehavior.Restrict);
        c.HasIndex(x => x.TicketId);
        c.HasIndex(x => new { x.ConsulteeId, x.AnsweredAt });
        c.HasIndex(x => x.RemindAt); // the reminder sweep: open requests whose reminder is due
    }
}
