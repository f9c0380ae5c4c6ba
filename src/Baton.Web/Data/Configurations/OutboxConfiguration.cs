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
        o.Property(x => x.ReplyTo).HasMaxLength(320);
        o.Property(x => x.FromAddress).HasMaxLength(320);
        o.Property(x => x.FromName).HasMaxLength(200);
        o.Property(x => x.CalendarPart).HasMaxLength(64000);
        o.Property(x => x.TemplateNote).HasMaxLength(1000);
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
        i.Property(x => x.ReplySecret).HasMaxLength(64);
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

internal sealed class InboundMailConfiguration : IEntityTypeConfiguration<InboundMail>
{
    public void Configure(EntityTypeBuilder<InboundMail> m)
    {
        m.ToTable("InboundMails");
        m.Property(x => x.DedupKey).HasMaxLength(200);
        m.HasIndex(x => x.DedupKey).IsUnique(); // the same mail twice is one row, whichever instance or mailbox saw it
        m.Property(x => x.MessageId).HasMaxLength(300);
        m.HasIndex(x => x.MessageId); // threading on the requester's own earlier mail
        m.Property(x => x.Source).HasMaxLength(330);
        m.Property(x => x.StorageKey).HasMaxLength(200);
        m.Property(x => x.Reason).HasMaxLength(2000);
        m.Property(x => x.FromAddress).HasMaxLength(320);
        m.Property(x => x.FromName).HasMaxLength(200);
        m.Property(x => x.Subject).HasMaxLength(400);
        m.HasIndex(x => new { x.State, x.Id }); // the lists, and the sweep of what is still to file
        m.HasIndex(x => x.TicketId);
    }
}

internal sealed class TicketParticipantConfiguration : IEntityTypeConfiguration<TicketParticipant>
{
    public void Configure(EntityTypeBuilder<TicketParticipant> p)
    {
        p.ToTable("TicketParticipants");
        p.Property(x => x.Email).HasMaxLength(320);
        p.Property(x => x.Name).HasMaxLength(200);
        p.Property(x => x.AddedByName).HasMaxLength(120);
        p.HasIndex(x => new { x.TicketId, x.Email }).IsUnique();
        p.HasIndex(x => x.Email);
        p.HasOne<Baton.Domain.Tickets.Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MailboxConfiguration : IEntityTypeConfiguration<Mailbox>
{
    public void Configure(EntityTypeBuilder<Mailbox> m)
    {
        m.ToTable("Mailboxes");
        m.Property(x => x.Address).HasMaxLength(320);
        m.HasIndex(x => x.Address).IsUnique();
        m.Property(x => x.FromName).HasMaxLength(200);
        m.Property(x => x.Host).HasMaxLength(255);
        m.Property(x => x.UserName).HasMaxLength(320);
        m.Property(x => x.ProtectedPassword).HasMaxLength(2000);
        m.Property(x => x.Folder).HasMaxLength(200);
        m.Property(x => x.ProcessedFolder).HasMaxLength(200);
        m.Property(x => x.LastError).HasMaxLength(2000);
        m.Property(x => x.Version).IsConcurrencyToken();
        m.HasOne<Baton.Domain.Teams.Team>().WithMany().HasForeignKey(x => x.DefaultTeamId).OnDelete(DeleteBehavior.SetNull);
    }
}
