using Baton.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

/// <summary>
/// The one audit trail for every kind of record. No foreign key on purpose: the record is named by kind and id, so a
/// new kind of record writes here without a migration; entries are never deleted, and neither are the records.
/// </summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> a)
    {
        a.ToTable("AuditEntries");
        a.HasKey(x => x.Id);
        a.Property(x => x.RecordKind).HasMaxLength(AuditEntry.RecordKindMaxLength).IsUnicode(false);
        a.Property(x => x.ActorId).HasMaxLength(AuditEntry.ActorIdMaxLength);
        a.Property(x => x.ActorName).HasMaxLength(AuditEntry.ActorNameMaxLength);
        a.Property(x => x.Field).HasMaxLength(AuditEntry.FieldMaxLength);
        a.HasIndex(x => new { x.RecordKind, x.RecordId, x.Id });
    }
}
