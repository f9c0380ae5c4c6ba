using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Features.Shared.Events;

/// <summary>
/// One after-commit handler's job for one record event, written in the transaction of the change that raised it (the
/// outbox of docs/adr/0009). Claimed by an instance for <see cref="RecordEventOptions.Lease"/> through
/// <see cref="ClaimedUntil"/>, which after a failure holds the retry back (back-off) instead.
/// </summary>
public sealed class RecordEventJob
{
    public long Id { get; set; }

    /// <summary>The event's type name, "TicketOpened": how <see cref="Payload"/> is read back.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The after-commit handler's <see cref="IAfterCommitHandler{TEvent}.Name"/>.</summary>
    public string Handler { get; set; } = "";

    public string RecordKind { get; set; } = "";
    public long RecordId { get; set; }

    /// <summary>The event as JSON.</summary>
    public string Payload { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Null: waiting. In the future: claimed (or backing off after a failure). In the past: free to claim again.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>Who holds the claim; the "processed" mark is written only by its holder.</summary>
    public string? ClaimToken { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>How many times it was claimed (a crash mid-way counts).</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

internal sealed class RecordEventJobConfiguration : IEntityTypeConfiguration<RecordEventJob>
{
    public void Configure(EntityTypeBuilder<RecordEventJob> j)
    {
        j.ToTable("RecordEvents");
        j.Property(x => x.Kind).HasMaxLength(100);
        j.Property(x => x.Handler).HasMaxLength(100);
        j.Property(x => x.RecordKind).HasMaxLength(40);
        j.Property(x => x.ClaimToken).HasMaxLength(40);
        j.Property(x => x.LastError).HasMaxLength(2000);

        // The drain looks for what is still waiting, oldest first; the clean-up for what was processed long ago.
        j.HasIndex(x => new { x.ProcessedAt, x.Id });
        j.HasIndex(x => x.ClaimToken);
        j.HasIndex(x => new { x.RecordKind, x.RecordId });
    }
}
