using Baton.Domain.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> m)
    {
        m.ToTable("Meetings");
        m.HasKey(x => x.Id);
        // Keyed to a record by kind and id, no foreign key: a change or a major incident holds meetings the same way.
        m.Property(x => x.RecordKind).HasMaxLength(Baton.Domain.Audit.AuditEntry.RecordKindMaxLength);
        m.HasIndex(x => new { x.RecordKind, x.RecordId, x.StartsAt });
        m.Property(x => x.Uid).HasMaxLength(200);
        m.HasIndex(x => x.Uid).IsUnique(); // a REPLY finds its meeting by UID
        m.Property(x => x.Title).HasMaxLength(Meeting.TitleMaxLength);
        m.Property(x => x.Location).HasMaxLength(Meeting.LocationMaxLength);
        m.Property(x => x.OnlineUrl).HasMaxLength(Meeting.UrlMaxLength);
        m.Property(x => x.Agenda).HasMaxLength(Meeting.AgendaMaxLength);
        m.Property(x => x.Minutes).HasMaxLength(Meeting.MinutesMaxLength);
        m.Property(x => x.OrganizerId).HasMaxLength(450);
        m.Property(x => x.OrganizerName).HasMaxLength(120);
        m.Property(x => x.Version).IsConcurrencyToken();
        m.HasMany(x => x.Attendees).WithOne().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        m.Navigation(x => x.Attendees).HasField("_attendees").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> a)
    {
        a.ToTable("MeetingAttendees");
        a.HasKey(x => x.Id);
        a.Ignore(x => x.Key);
        a.Property(x => x.UserId).HasMaxLength(450);
        a.Property(x => x.Name).HasMaxLength(120);
        a.Property(x => x.Email).HasMaxLength(320);
        a.HasIndex(x => x.ContactId); // a contact's portal lists the meetings they attend
    }
}
