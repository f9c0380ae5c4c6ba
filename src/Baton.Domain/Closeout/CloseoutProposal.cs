using Baton.Domain.Projects;

namespace Baton.Domain.Closeout;

public enum CloseoutProposalStatus
{
    Pending = 1,
    Accepted = 2,
    Declined = 3,
}

/// <summary>
/// The living document: a technician who was "hung out to dry" by a finished project (a ticket at its client that the
/// checklist should have prevented) proposes a new checklist item. It queues for the support lead, who accepts it
/// (publishing a new template version with the item) or declines it with a reason; the proposer sees the outcome.
/// </summary>
public sealed class CloseoutProposal
{
    public const int ReasonMaxLength = 2000;

    private CloseoutProposal()
    {
        TicketNumber = Text = SectionTitle = Reason = ProposedById = ProposedByName = "";
    }

    /// <summary>
    /// A proposal from <paramref name="ticketNumber"/> (a ticket of the project's client) against a project whose lead has
    /// left it to support (in hypercare or closed), for a section of the <paramref name="current"/> template.
    /// </summary>
    public CloseoutProposal(
        Project project, long ticketId, string ticketNumber, int ticketClientId, CloseoutTemplateVersion current,
        string? text, int sectionKey, bool required, string? reason, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(actor);
        if (project.Status is not (ProjectStatus.Hypercare or ProjectStatus.Closed))
        {
            throw new DomainRuleException(
                $"Proposals come from tickets after a project has been handed to support; {project.Number} is {Project.Describe(project.Status)}.", "status");
        }

        if (ticketClientId != project.ClientId)
        {
            throw new DomainRuleException($"{ticketNumber} is not a ticket of {project.Number}'s client.", "ticketNumber");
        }

        Text = global::Baton.Domain.Text.Required(text, "text", CloseoutTemplateVersion.ItemTextMaxLength, "say what the checklist should have asked for");
        var section = current.FindSection(sectionKey)
            ?? throw new DomainRuleException("Choose a section of the current checklist for the item.", "sectionKey");
        if (current.AllItems.FirstOrDefault(x => string.Equals(x.Item.Text, Text, StringComparison.OrdinalIgnoreCase)) is { Item: not null } existing)
        {
            throw new DomainRuleException($"‘{existing.Item.Text}’ is already on the checklist (in {existing.Section.Title}).", "text");
        }

        Reason = global::Baton.Domain.Text.Required(reason, "reason", ReasonMaxLength, "say what went wrong for support without it");
        ProjectId = project.Id;
        TicketId = ticketId;
        TicketNumber = ticketNumber;
        SectionKey = section.Key;
        SectionTitle = section.Title;
        Required = required;
        ProposedById = actor.UserId;
        ProposedByName = actor.DisplayName;
        ProposedAt = now;
        Status = CloseoutProposalStatus.Pending;
    }

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public long TicketId { get; private set; }
    public string TicketNumber { get; private set; }

    /// <summary>The item as proposed.</summary>
    public string Text { get; private set; }

    public int SectionKey { get; private set; }
    public string SectionTitle { get; private set; }
    public bool Required { get; private set; }

    /// <summary>"We were hung out to dry because …".</summary>
    public string Reason { get; private set; }

    public string ProposedById { get; private set; }
    public string ProposedByName { get; private set; }
    public DateTimeOffset ProposedAt { get; private set; }
    public CloseoutProposalStatus Status { get; private set; }
    public string? DecidedById { get; private set; }
    public string? DecidedByName { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DeclineReason { get; private set; }

    /// <summary>The template version that added the item, once accepted.</summary>
    public int? AcceptedInVersion { get; private set; }

    /// <summary>The key of the item the acceptance added.</summary>
    public int? ItemKey { get; private set; }

    /// <summary>
    /// Accepts the proposal: publishes the next template version with the item added (in the lead's final wording,
    /// section and required flag, which default to the proposal's). The caller saves the returned version.
    /// </summary>
    public CloseoutTemplateVersion Accept(
        CloseoutTemplateVersion current, string? text, int? sectionKey, bool? required, string? guidance, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(actor);
        RequirePending();
        var finalText = string.IsNullOrWhiteSpace(text) ? Text : text;
        var draft = CloseoutTemplateEdits.AddItem(current.ToDraft(), sectionKey ?? SectionKey, finalText, required ?? Required, guidance);
        var next = current.Publish(draft, $"From {TicketNumber}, proposed by {ProposedByName}: {Reason}", actor, now, Id);
        ItemKey = next.LastKey;
        AcceptedInVersion = next.Number;
        Status = CloseoutProposalStatus.Accepted;
        Decided(actor, now);
        return next;
    }

    public void Decline(string? reason, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RequirePending();
        DeclineReason = global::Baton.Domain.Text.Required(reason, "reason", ReasonMaxLength, "tell the proposer why the item is not added");
        Status = CloseoutProposalStatus.Declined;
        Decided(actor, now);
    }

    private void RequirePending()
    {
        if (Status != CloseoutProposalStatus.Pending)
        {
            throw new DomainRuleException($"This proposal was already {(Status == CloseoutProposalStatus.Accepted ? "accepted" : "declined")} by {DecidedByName}.", "status");
        }
    }

    private void Decided(Actor actor, DateTimeOffset now)
    {
        DecidedById = actor.UserId;
        DecidedByName = actor.DisplayName;
        DecidedAt = now;
    }
}
