using Baton.Domain.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

/// <summary>
/// The insight panel's index on projects (issue 4): a client's live projects by status, and its recently closed ones by
/// (status, closed at), are each one range of <c>IX_Projects_ClientId_Status_ClosedAt</c>, however many projects the
/// client closed over the years. It also serves every lookup <c>IX_Projects_ClientId_Status</c> does.
/// </summary>
internal sealed class ProjectInsightConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> p) => p.HasIndex(x => new { x.ClientId, x.Status, x.ClosedAt });
}
