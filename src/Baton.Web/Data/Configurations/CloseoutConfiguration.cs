using System.Text.Json;
using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Baton.Web.Data.Configurations;

/// <summary>
/// A published template version is one row: its sections and items are a JSON document read and written whole
/// (never queried by item). The row is immutable; the migration adds triggers that refuse UPDATE and DELETE.
/// </summary>
internal sealed class CloseoutTemplateVersionConfiguration : IEntityTypeConfiguration<CloseoutTemplateVersion>
{
    public void Configure(EntityTypeBuilder<CloseoutTemplateVersion> t)
    {
        t.ToTable("CloseoutTemplateVersions");
        t.HasIndex(x => x.Number).IsUnique();
        t.Ignore(x => x.Sections);
        t.Ignore(x => x.Changes);
        t.Ignore(x => x.AllItems);
        t.Property<List<CloseoutSectionDefinition>>("_sections").HasColumnName("Sections")
            .HasConversion(CloseoutJson.Converter<CloseoutSectionDefinition>(), CloseoutJson.Comparer<CloseoutSectionDefinition>());
        t.Property<List<string>>("_changes").HasColumnName("Changes")
            .HasConversion(CloseoutJson.Converter<string>(), CloseoutJson.Comparer<string>());
        t.Property(x => x.Note).HasMaxLength(CloseoutTemplateVersion.NoteMaxLength);
        t.Property(x => x.PublishedById).HasMaxLength(450);
        t.Property(x => x.PublishedByName).HasMaxLength(120);
        t.HasOne<CloseoutProposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CloseoutProposalConfiguration : IEntityTypeConfiguration<CloseoutProposal>
{
    public void Configure(EntityTypeBuilder<CloseoutProposal> p)
    {
        p.ToTable("CloseoutProposals");
        p.Property(x => x.TicketNumber).HasMaxLength(24);
        p.Property(x => x.Text).HasMaxLength(CloseoutTemplateVersion.ItemTextMaxLength);
        p.Property(x => x.SectionTitle).HasMaxLength(CloseoutTemplateVersion.SectionTitleMaxLength);
        p.Property(x => x.Reason).HasMaxLength(CloseoutProposal.ReasonMaxLength);
        p.Property(x => x.ProposedById).HasMaxLength(450);
        p.Property(x => x.ProposedByName).HasMaxLength(120);
        p.Property(x => x.DecidedById).HasMaxLength(450);
        p.Property(x => x.DecidedByName).HasMaxLength(120);
        p.Property(x => x.DeclineReason).HasMaxLength(CloseoutProposal.ReasonMaxLength);
        p.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        p.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Restrict);
        p.HasOne<BatonUser>().WithMany().HasForeignKey(x => x.ProposedById).OnDelete(DeleteBehavior.Restrict);

        // The support lead's queue (pending, oldest first), the proposer's own list, and a project's proposals.
        p.HasIndex(x => new { x.Status, x.ProposedAt });
        p.HasIndex(x => new { x.ProposedById, x.ProposedAt });
        p.HasIndex(x => x.ProjectId);
    }
}

internal sealed class CloseoutChecklistConfiguration : IEntityTypeConfiguration<CloseoutChecklist>
{
    public void Configure(EntityTypeBuilder<CloseoutChecklist> c)
    {
        c.ToTable("CloseoutChecklists");
        c.HasIndex(x => x.ProjectId).IsUnique();
        c.Property(x => x.StartedById).HasMaxLength(450);
        c.Property(x => x.StartedByName).HasMaxLength(120);
        c.Property(x => x.SignedOffById).HasMaxLength(450);
        c.Property(x => x.SignedOffByName).HasMaxLength(120);
        c.Property(x => x.UpgradedByName).HasMaxLength(120);
        c.Ignore(x => x.UpgradeChanges);
        c.Ignore(x => x.IsSignedOff);
        c.Property<List<string>>("_upgradeChanges").HasColumnName("UpgradeChanges")
            .HasConversion(CloseoutJson.Converter<string>(), CloseoutJson.Comparer<string>());
        c.Property(x => x.Version).IsConcurrencyToken();
        c.Property(x => x.ItemChanges).IsConcurrencyToken();
        c.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        c.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.ChecklistId).OnDelete(DeleteBehavior.Cascade);
        c.Navigation(x => x.Items).HasField("_items").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CloseoutChecklistItemConfiguration : IEntityTypeConfiguration<CloseoutChecklistItem>
{
    public void Configure(EntityTypeBuilder<CloseoutChecklistItem> i)
    {
        i.ToTable("CloseoutChecklistItems");
        i.HasIndex(x => new { x.ChecklistId, x.Key }).IsUnique();
        i.Property(x => x.SectionTitle).HasMaxLength(CloseoutTemplateVersion.SectionTitleMaxLength);
        i.Property(x => x.Text).HasMaxLength(CloseoutTemplateVersion.ItemTextMaxLength);
        i.Property(x => x.Guidance).HasMaxLength(CloseoutTemplateVersion.GuidanceMaxLength);
        i.Property(x => x.Reason).HasMaxLength(CloseoutChecklistItem.ReasonMaxLength);
        i.Property(x => x.Note).HasMaxLength(CloseoutChecklistItem.NoteMaxLength);
        i.Property(x => x.AnsweredById).HasMaxLength(450);
        i.Property(x => x.AnsweredByName).HasMaxLength(120);
        i.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class HandoffMeetingConfiguration : IEntityTypeConfiguration<HandoffMeeting>
{
    public void Configure(EntityTypeBuilder<HandoffMeeting> h)
    {
        h.ToTable("HandoffMeetings");
        h.HasIndex(x => x.ProjectId).IsUnique();
        h.Ignore(x => x.Attendees);
        h.Ignore(x => x.ContactMatrix);
        h.Ignore(x => x.DocumentationLinks);
        h.Ignore(x => x.OpenRisks);
        h.Ignore(x => x.HasBothSides);
        h.Property<List<HandoffAttendee>>("_attendees").HasColumnName("Attendees")
            .HasConversion(CloseoutJson.Converter<HandoffAttendee>(), CloseoutJson.Comparer<HandoffAttendee>());
        h.Property<List<ContactMatrixEntry>>("_contactMatrix").HasColumnName("ContactMatrix")
            .HasConversion(CloseoutJson.Converter<ContactMatrixEntry>(), CloseoutJson.Comparer<ContactMatrixEntry>());
        h.Property<List<DocumentationLink>>("_links").HasColumnName("DocumentationLinks")
            .HasConversion(CloseoutJson.Converter<DocumentationLink>(), CloseoutJson.Comparer<DocumentationLink>());
        h.Property<List<HandoffRisk>>("_risks").HasColumnName("OpenRisks")
            .HasConversion(CloseoutJson.Converter<HandoffRisk>(), CloseoutJson.Comparer<HandoffRisk>());
        h.Property(x => x.Notes).HasMaxLength(HandoffMeeting.NotesMaxLength);
        h.Property(x => x.UpdatedById).HasMaxLength(450);
        h.Property(x => x.UpdatedByName).HasMaxLength(120);
        h.Property(x => x.Version).IsConcurrencyToken();
        h.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// JSON columns of the close-out tables. Compared by their JSON text, so nested records (a section's item list) count
/// as unchanged when they are, and an immutable template row is never written back by mistake.
/// </summary>
internal static class CloseoutJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static ValueConverter<List<T>, string> Converter<T>() => new(
        v => JsonSerializer.Serialize(v, Options),
        v => JsonSerializer.Deserialize<List<T>>(v, Options) ?? new List<T>());

    public static ValueComparer<List<T>> Comparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
        v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Options), Options)!);
}
