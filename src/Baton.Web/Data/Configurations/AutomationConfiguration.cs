using Baton.Domain.Automation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baton.Web.Data.Configurations;

internal sealed class AutomationRuleConfiguration : IEntityTypeConfiguration<AutomationRule>
{
    public void Configure(EntityTypeBuilder<AutomationRule> r)
    {
        r.ToTable("AutomationRules");
        r.Property(x => x.Key).HasMaxLength(60);
        r.HasIndex(x => x.Key).IsUnique(); // the seed finds a shipped rule by it; nulls (an administrator's own) do not clash
        r.Property(x => x.Name).HasMaxLength(RuleDefinition.NameMaxLength);
        r.Property(x => x.Trigger).HasConversion<int>();
        r.Property(x => x.ConditionsJson).HasMaxLength(20_000);
        r.Property(x => x.ActionsJson).HasMaxLength(40_000);
        r.Property(x => x.Version).IsConcurrencyToken();
        r.Ignore(x => x.Conditions);
        r.Ignore(x => x.Actions);
        r.Ignore(x => x.Definition);
    }
}

internal sealed class AutomationRunConfiguration : IEntityTypeConfiguration<AutomationRun>
{
    public void Configure(EntityTypeBuilder<AutomationRun> r)
    {
        r.ToTable("AutomationRuns");
        r.Property(x => x.Key).HasMaxLength(200);
        r.HasIndex(x => x.Key).IsUnique(); // one run per event and rule, one per occasion of a timed rule: two instances cannot both act
        r.HasIndex(x => new { x.TicketId, x.At }); // the loop guard counts a ticket's recent rule actions
        r.Property(x => x.Outcome).HasConversion<int>();
        r.Property(x => x.Detail).HasMaxLength(1000);
        r.HasOne<AutomationRule>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Cascade);
        r.HasOne<Baton.Domain.Tickets.Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MailTemplateConfiguration : IEntityTypeConfiguration<Baton.Domain.Mail.MailTemplate>
{
    public void Configure(EntityTypeBuilder<Baton.Domain.Mail.MailTemplate> t)
    {
        t.ToTable("MailTemplates");
        t.Property(x => x.Key).HasMaxLength(80);
        t.HasIndex(x => x.Key).IsUnique(); // one administrator's version per shipped template
        t.Property(x => x.Subject).HasMaxLength(Baton.Domain.Mail.MailTemplate.SubjectMaxLength);
        t.Property(x => x.Body).HasMaxLength(Baton.Domain.Mail.MailTemplate.BodyMaxLength);
        t.Property(x => x.UpdatedBy).HasMaxLength(200);
        t.Property(x => x.Version).IsConcurrencyToken();
    }
}
