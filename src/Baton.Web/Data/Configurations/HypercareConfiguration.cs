using Baton.Domain.Hypercare;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

internal sealed class HypercareTeamConfiguration : IEntityTypeConfiguration<HypercareTeam>
{
    public void Configure(EntityTypeBuilder<HypercareTeam> t)
    {
        t.ToTable("HypercareTeams");
        t.Ignore(x => x.Roles);
        t.Ignore(x => x.TeamIds);

        // Four roles, read and written with their project's team, never queried by element: one JSON column.
        t.Property<List<HypercareRoleAssignment>>("_roles")
            .HasColumnName("Roles")
            .HasConversion(ValueLists.Json<HypercareRoleAssignment>(), ValueLists.JsonComparer<HypercareRoleAssignment>())
            .HasMaxLength(20_000);
        t.Property(x => x.UpdatedById).HasMaxLength(450);
        t.Property(x => x.UpdatedByName).HasMaxLength(120);
        t.Property(x => x.Version).IsConcurrencyToken();
        t.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        t.HasIndex(x => x.ProjectId).IsUnique();
    }
}

internal sealed class HypercareTagConfiguration : IEntityTypeConfiguration<HypercareTag>
{
    public void Configure(EntityTypeBuilder<HypercareTag> t)
    {
        t.ToTable("HypercareTags");
        t.Property(x => x.RoutedAgentId).HasMaxLength(450);
        t.Property(x => x.RoutedTo).HasMaxLength(HypercareTag.RoutedToMaxLength);
        t.Property(x => x.TaggedById).HasMaxLength(450);
        t.Property(x => x.TaggedByName).HasMaxLength(120);
        t.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Restrict);
        t.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);

        // One tag per ticket (it also makes routing a ticket twice impossible); the dashboard reads a project's tags.
        t.HasIndex(x => x.TicketId).IsUnique();
        t.HasIndex(x => new { x.ProjectId, x.TaggedAt });
    }
}

internal sealed class HypercareFeedbackConfiguration : IEntityTypeConfiguration<HypercareFeedback>
{
    public void Configure(EntityTypeBuilder<HypercareFeedback> f)
    {
        f.ToTable("HypercareFeedback");
        f.Property(x => x.UserId).HasMaxLength(450);
        f.Property(x => x.UserName).HasMaxLength(120);
        f.Property(x => x.Comment).HasMaxLength(HypercareFeedback.CommentMaxLength);
        f.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        f.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);

        // One per user per hypercare week; its ProjectId prefix serves the dashboard's read of a project's feedback.
        f.HasIndex(x => new { x.ProjectId, x.UserId, x.Week }).IsUnique();
    }
}
