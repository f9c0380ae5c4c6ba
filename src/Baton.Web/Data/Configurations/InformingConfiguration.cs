using Baton.Domain.Clients;
using Baton.Domain.Informing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

/// <summary>The matrix's rows: seeded with what exists today; a later record's migration adds its own.</summary>
internal sealed class RasciActivityConfiguration : IEntityTypeConfiguration<RasciActivity>
{
    public void Configure(EntityTypeBuilder<RasciActivity> a)
    {
        a.ToTable("RasciActivities");
        a.HasKey(x => x.Key);
        a.Property(x => x.Key).HasMaxLength(40);
        a.Property(x => x.Name).HasMaxLength(120);
        a.HasData(Activities.Shipped);
    }
}

/// <summary>Saved states of the matrix, one scope each (the default, or a client's overrides); the newest is in force.</summary>
internal sealed class RasciRevisionConfiguration : IEntityTypeConfiguration<RasciRevision>
{
    public void Configure(EntityTypeBuilder<RasciRevision> r)
    {
        r.ToTable("RasciRevisions");
        r.Property(x => x.Scope).HasMaxLength(24);
        r.HasIndex(x => new { x.Scope, x.Number }).IsUnique(); // two saves from one revision: the second is refused
        r.Ignore(x => x.Cells);
        r.Ignore(x => x.Changes);
        r.Property<List<RasciCell>>("_cells").HasColumnName("Cells")
            .HasConversion(CloseoutJson.Converter<RasciCell>(), CloseoutJson.Comparer<RasciCell>());
        r.Property<List<string>>("_changes").HasColumnName("Changes")
            .HasConversion(CloseoutJson.Converter<string>(), CloseoutJson.Comparer<string>());
        r.Property(x => x.Note).HasMaxLength(RasciRevision.NoteMaxLength);
        r.Property(x => x.SavedById).HasMaxLength(450);
        r.Property(x => x.SavedByName).HasMaxLength(120);
        r.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContactRoleConfiguration : IEntityTypeConfiguration<ContactRole>
{
    public void Configure(EntityTypeBuilder<ContactRole> c)
    {
        c.ToTable("ContactRoles");
        c.Property(x => x.Key).HasMaxLength(40);
        c.Property(x => x.Name).HasMaxLength(ContactRole.NameMaxLength);
        c.HasIndex(x => x.Key).IsUnique();
        c.HasData(ContactRoleKeys.Shipped.Select((r, i) => new { Id = i + 1, r.Key, r.Name, IsActive = true }));
    }
}

internal sealed class ContactRoleMembershipConfiguration : IEntityTypeConfiguration<ContactRoleMembership>
{
    public void Configure(EntityTypeBuilder<ContactRoleMembership> m)
    {
        m.ToTable("ContactRoleMemberships");
        m.HasKey(x => new { x.ContactId, x.ContactRoleId });
        m.HasIndex(x => x.ContactRoleId);
        m.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Cascade);
        m.HasOne<ContactRole>().WithMany().HasForeignKey(x => x.ContactRoleId).OnDelete(DeleteBehavior.Restrict);
    }
}
