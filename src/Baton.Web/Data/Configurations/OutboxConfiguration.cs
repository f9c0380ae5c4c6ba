using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> o)
    {
        o.ToTable("OutboxMessages");
        o.Property(x => x.Key).HasMaxLength(200);
        o.HasIndex(x => x.Key).IsUnique();
        o.Property(x => x.Kind).HasMaxLength(40);
        o.Property(x => x.Recipients).HasMaxLength(4000);
        o.Property(x => x.Subject).HasMaxLength(400);
        o.Property(x => x.LastError).HasMaxLength(2000);

        o.Property(x => x.MessageId).HasMaxLength(300);
        o.HasIndex(x => x.MessageId).IsUnique();
        o.Property(x => x.ClaimToken).HasMaxLength(32);
        o.Property(x => x.References).HasMaxLength(4000);
        o.HasIndex(x => new { x.TicketId, x.Id }); // a ticket's earlier mail, for the thread headers

        // The sender reads what is still waiting, oldest first.
        o.HasIndex(x => new { x.SentAt, x.Id });
    }
}

internal sealed class InstallationConfiguration : IEntityTypeConfiguration<Installation>
{
    public void Configure(EntityTypeBuilder<Installation> i)
    {
        i.ToTable("Installation");
        i.Property(x => x.Id).ValueGeneratedNever();
        i.Property(x => x.Key).HasMaxLength(32);
    }
}

internal sealed class DailyReportRunConfiguration : IEntityTypeConfiguration<DailyReportRun>
{
    public void Configure(EntityTypeBuilder<DailyReportRun> r)
    {
        r.ToTable("DailyReportRuns");
        r.HasIndex(x => x.ReportDate).IsUnique(); // exactly once per day, whoever runs the job
        r.Property(x => x.ProducedBy).HasMaxLength(200);
        r.HasOne(x => x.OutboxMessage).WithMany().HasForeignKey(x => x.OutboxMessageId).OnDelete(DeleteBehavior.Restrict);
    }
}
