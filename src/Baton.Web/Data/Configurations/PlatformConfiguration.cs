using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

internal sealed class BatonUserConfiguration : IEntityTypeConfiguration<BatonUser>
{
    public void Configure(EntityTypeBuilder<BatonUser> u)
    {
        u.Property(x => x.DisplayName).HasMaxLength(120);
        u.Property(x => x.TimeZoneId).HasMaxLength(64);
        u.HasOne<Baton.Domain.Clients.Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        u.HasOne<Baton.Domain.Clients.Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> t)
    {
        t.ToTable("ApiTokens");
        t.Property(x => x.Name).HasMaxLength(80);
        t.Property(x => x.Prefix).HasMaxLength(16);
        t.Property(x => x.Hash).HasMaxLength(64);
        t.HasIndex(x => x.Hash).IsUnique();
        t.Property(x => x.Feed).HasMaxLength(32);
        t.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> r)
    {
        r.ToTable("IdempotencyRecords");
        r.Property(x => x.Key).HasMaxLength(200);
        r.Property(x => x.RequestHash).HasMaxLength(64);
        r.HasIndex(x => new { x.UserId, x.Key }).IsUnique();
        r.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        r.HasOne(x => x.Ticket).WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NumberSequenceConfiguration : IEntityTypeConfiguration<NumberSequence>
{
    public void Configure(EntityTypeBuilder<NumberSequence> s)
    {
        s.ToTable("NumberSequences");
        s.HasKey(x => x.Name);
        s.Property(x => x.Name).HasMaxLength(16);
    }
}

internal sealed class PriorityCellConfiguration : IEntityTypeConfiguration<PriorityCell>
{
    public void Configure(EntityTypeBuilder<PriorityCell> c)
    {
        c.ToTable("PriorityMatrix");
        c.HasKey(x => new { x.Impact, x.Urgency });
    }
}

internal sealed class CatalogueVersionConfiguration : IEntityTypeConfiguration<CatalogueVersion>
{
    public void Configure(EntityTypeBuilder<CatalogueVersion> v)
    {
        v.ToTable("CatalogueVersions");
        v.HasKey(x => x.Tag);
        v.Property(x => x.Tag).HasMaxLength(64);
        // Every catalogue has its row from the start: an edit's stamp is a blind UPDATE, never an insert race.
        v.HasData(CatalogueTags.All.Select(tag => new CatalogueVersion { Tag = tag, Version = 0 }));
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> a)
    {
        a.ToTable("Attachments");
        a.Property(x => x.FileName).HasMaxLength(255);
        a.Property(x => x.ContentType).HasMaxLength(200);
        a.Property(x => x.StorageKey).HasMaxLength(200);
        a.Property(x => x.UploadedByName).HasMaxLength(120);
        a.HasIndex(x => x.TicketId);
        a.HasOne<Baton.Domain.Tickets.Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        a.HasOne<Baton.Domain.Tickets.TicketMessage>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Restrict);
    }
}
