using Baton.Domain.Links;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

/// <summary>
/// Typed links between records of any kind. The ends are (kind name, id) with no foreign key, so problems and changes
/// join without a migration (docs/adr/0011).
/// </summary>
internal sealed class RecordLinkConfiguration : IEntityTypeConfiguration<RecordLink>
{
    public void Configure(EntityTypeBuilder<RecordLink> l)
    {
        l.ToTable("RecordLinks");
        l.Property(x => x.FromKind).HasMaxLength(RecordKind.NameMaxLength);
        l.Property(x => x.ToKind).HasMaxLength(RecordKind.NameMaxLength);
        l.Property(x => x.Note).HasMaxLength(RecordLink.NoteMaxLength);
        l.Property(x => x.CreatedById).HasMaxLength(450);
        l.Property(x => x.CreatedByName).HasMaxLength(120);

        // One link of a type per ordered pair (related-to is stored in a fixed order, so also per unordered pair);
        // the "from" side reads by its prefix, the "to" side by the second index.
        l.HasIndex(x => new { x.FromKind, x.FromId, x.ToKind, x.ToId, x.Type }).IsUnique();
        l.HasIndex(x => new { x.ToKind, x.ToId });
    }
}
