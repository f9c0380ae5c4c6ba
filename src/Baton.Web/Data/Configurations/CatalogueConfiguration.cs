using Baton.Domain.Clients;
using Baton.Domain.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> c)
    {
        c.ToTable("Clients");
        c.Property(x => x.Name).HasMaxLength(120);
        c.Property(x => x.Code).HasMaxLength(16);
        c.Property(x => x.TimeZoneId).HasMaxLength(64);
        c.Property(x => x.MailDomains).HasMaxLength(5200); // at most 20 domains of at most 253 characters
        c.Ignore(x => x.MailDomainList);
        c.Property(x => x.AccountManagerId).HasMaxLength(450);
        c.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.AccountManagerId).OnDelete(DeleteBehavior.SetNull);
        c.HasIndex(x => x.Code).IsUnique();
    }
}

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> s)
    {
        s.ToTable("Sites");
        s.Property(x => x.Name).HasMaxLength(120);
        s.Property(x => x.Address).HasMaxLength(400);
        s.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> c)
    {
        c.ToTable("Contacts");
        c.Property(x => x.Name).HasMaxLength(120);
        c.Property(x => x.Email).HasMaxLength(254);
        c.Property(x => x.Phone).HasMaxLength(40);
        c.Property(x => x.JobTitle).HasMaxLength(120);
        c.HasIndex(x => new { x.ClientId, x.Email }).IsUnique();
        c.HasIndex(x => x.Email); // who sent an incoming mail
        c.Property(x => x.MailUndeliverable).HasMaxLength(500);
        c.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        c.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class PortalAccessChangeConfiguration : IEntityTypeConfiguration<PortalAccessChange>
{
    public void Configure(EntityTypeBuilder<PortalAccessChange> c)
    {
        c.ToTable("PortalAccessChanges");
        c.Property(x => x.Reason).HasMaxLength(500);
        c.Property(x => x.ActorId).HasMaxLength(450);
        c.Property(x => x.ActorName).HasMaxLength(120);
        c.HasIndex(x => new { x.ContactId, x.Id });
        c.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        c.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConfigurationItemConfiguration : IEntityTypeConfiguration<ConfigurationItem>
{
    public void Configure(EntityTypeBuilder<ConfigurationItem> c)
    {
        c.ToTable("ConfigurationItems");
        c.Property(x => x.Name).HasMaxLength(120);
        c.Property(x => x.Type).HasMaxLength(60);
        c.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        c.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> t)
    {
        t.ToTable("Teams");
        t.Property(x => x.Name).HasMaxLength(80);
        t.Property(x => x.Description).HasMaxLength(400);
        t.Property(x => x.NameKey).HasMaxLength(80);
        t.HasIndex(x => x.NameKey).IsUnique();
        t.Property(x => x.LeadUserId).HasMaxLength(450);
        t.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.LeadUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> m)
    {
        m.ToTable("TeamMembers");
        m.HasKey(x => new { x.TeamId, x.UserId });
        m.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Cascade);
        m.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> c)
    {
        c.ToTable("Categories");
        c.Property(x => x.Name).HasMaxLength(80);
        c.Property(x => x.NameKey).HasMaxLength(80);
        c.HasIndex(x => x.NameKey).IsUnique();
    }
}
