using Baton.Domain.Projects;

namespace Baton.Domain.Closeout;

public enum CloseoutItemState
{
    Open = 1,
    Done = 2,
    NotApplicable = 3,
}

/// <summary>What "bring up to the latest version" did: the items added, dropped (with their answers) and changed.</summary>
public sealed record CloseoutUpgrade(int FromVersion, int ToVersion, IReadOnlyList<string> Changes, bool SignOffWithdrawn);

/// <summary>
/// A project's close-out checklist: an instance of the template version current when close-out began. Support fills
/// it (each item done, or not applicable with a reason), the support lead signs it off when nothing required is
/// missing (<see cref="CloseoutGate"/>), and only then can the project lead be released.
/// </summary>
public sealed class CloseoutChecklist
{
    private readonly List<CloseoutChecklistItem> _items = [];
    private List<string> _upgradeChanges = [];

    private CloseoutChecklist()
    {
        StartedById = StartedByName = "";
    }

    public int Id { get; private set; }
    public int ProjectId { get; private set; }

    /// <summary>The template version the items come from.</summary>
    public int TemplateVersion { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }
    public string StartedById { get; private set; }
    public string StartedByName { get; private set; }

    public DateTimeOffset? SignedOffAt { get; private set; }
    public string? SignedOffById { get; private set; }
    public string? SignedOffByName { get; private set; }

    /// <summary>The last "bring up to the latest version": from which version, when, by whom, and what it changed.</summary>
    public int? UpgradedFromVersion { get; private set; }
    public DateTimeOffset? UpgradedAt { get; private set; }
    public string? UpgradedByName { get; private set; }
    public IReadOnlyList<string> UpgradeChanges => _upgradeChanges;

    /// <summary>Bumped by changes to the checklist as a whole (begin, upgrade, sign-off, withdrawal).</summary>
    public int Version { get; private set; }

    /// <summary>
    /// Bumped (in SQL, atomically) by every answer or re-opening of an item. A concurrency token: a sign-off that read
    /// the items before someone changed one fails instead of signing what it did not see.
    /// </summary>
    public int ItemChanges { get; private set; }

    public IReadOnlyList<CloseoutChecklistItem> Items => _items;

    public bool IsSignedOff => SignedOffAt is not null;

    /// <summary>Begins close-out of an active project with the items of <paramref name="template"/> (the current version).</summary>
    public static CloseoutChecklist Begin(Project project, CloseoutTemplateVersion template, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(actor);
        if (project.Status != ProjectStatus.Active)
        {
            throw new DomainRuleException($"Close-out begins while a project is active; {project.Number} is {Project.Describe(project.Status)}.", "status");
        }

        var checklist = new CloseoutChecklist
        {
            ProjectId = project.Id, TemplateVersion = template.Number, StartedAt = now, StartedById = actor.UserId, StartedByName = actor.DisplayName, Version = 1,
        };
        var position = 0;
        foreach (var (section, item) in template.AllItems)
        {
            checklist._items.Add(new CloseoutChecklistItem(section, item, ++position));
        }

        return checklist;
    }

    public CloseoutChecklistItem? Find(int key) => _items.FirstOrDefault(i => i.Key == key);

    /// <summary>Marks an item done, or not applicable (which needs a reason), with an optional note.</summary>
    public CloseoutChecklistItem Answer(int key, int? expectedItemVersion, CloseoutItemState state, string? reason, string? note, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var item = ItemForChange(key, expectedItemVersion);
        item.Answer(state, reason, note, actor, now);
        return item;
    }

    /// <summary>Puts an answered item back to open (its note is kept, the answer and reason are cleared).</summary>
    public CloseoutChecklistItem Reopen(int key, int? expectedItemVersion, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var item = ItemForChange(key, expectedItemVersion);
        item.Reopen(actor, now);
        return item;
    }

    /// <summary>What stands in the way of sign-off now (nothing: it may be signed); <paramref name="records"/> answer the items they prove.</summary>
    public CloseoutGate Gate(Project project, IEnumerable<Deliverable> deliverables, IEnumerable<CleanupItem> cleanupItems, CloseoutRecords? records = null) =>
        CloseoutGate.Evaluate(project, this, deliverables, cleanupItems, records);

    /// <summary>
    /// The support lead's sign-off, recorded here and on the project. Refused, with everything that is missing, while a
    /// required item is open, an in-scope deliverable is not accepted or a clean-up item is open.
    /// </summary>
    public void SignOff(Project project, IEnumerable<Deliverable> deliverables, IEnumerable<CleanupItem> cleanupItems, Actor actor, DateTimeOffset now, CloseoutRecords? records = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(actor);
        RequireOwnProject(project);
        if (IsSignedOff)
        {
            throw new DomainRuleException($"The close-out was already signed off by {SignedOffByName}.", "status");
        }

        var gate = Gate(project, deliverables, cleanupItems, records);
        if (!gate.CanSignOff)
        {
            throw new DomainRuleException(gate.Summary, "closeout");
        }

        project.RecordCloseoutSignOff(actor, now);
        SignedOffAt = now;
        SignedOffById = actor.UserId;
        SignedOffByName = actor.DisplayName;
        Version++;
    }

    /// <summary>Takes the sign-off back (before the lead is released); the checklist can be changed again.</summary>
    public void WithdrawSignOff(Project project, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        RequireOwnProject(project);
        if (!IsSignedOff)
        {
            throw new DomainRuleException("The close-out is not signed off; there is nothing to withdraw.", "status");
        }

        project.WithdrawCloseoutSignOff(actor, now);
        SignedOffAt = null;
        SignedOffById = SignedOffByName = null;
        Version++;
    }

    /// <summary>
    /// Brings the checklist up to <paramref name="latest"/>: new items are added (open), items that still exist keep their
    /// answers (taking the new wording, section and required flag), removed items are dropped with their answers. A
    /// sign-off is withdrawn, since what was signed has changed; after the lead's release the signed close-out stands.
    /// </summary>
    public CloseoutUpgrade UpgradeTo(CloseoutTemplateVersion latest, Project project, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(actor);
        RequireOwnProject(project);
        if (latest.Number <= TemplateVersion)
        {
            throw new DomainRuleException($"The checklist is already on version {TemplateVersion}, the latest.", "templateVersion");
        }

        if (project.LeadReleasedAt is not null)
        {
            throw new DomainRuleException("The lead has been released; the signed close-out stands as it was signed.", "status");
        }

        if (project.Status != ProjectStatus.Active)
        {
            throw new DomainRuleException($"{project.Number} is {Project.Describe(project.Status)}; only an active project's close-out changes.", "status");
        }

        var changes = new List<string>();
        var byKey = _items.ToDictionary(i => i.Key);
        var wanted = latest.AllItems.ToList();
        var wantedKeys = wanted.Select(x => x.Item.Key).ToHashSet();
        foreach (var dropped in _items.Where(i => !wantedKeys.Contains(i.Key)).ToList())
        {
            changes.Add(dropped.State == CloseoutItemState.Open
                ? $"Dropped ‘{dropped.Text}’ (no longer on the checklist)."
                : $"Dropped ‘{dropped.Text}’ (no longer on the checklist); it was {Describe(dropped)}.");
            _items.Remove(dropped);
        }

        var position = 0;
        foreach (var (section, definition) in wanted)
        {
            position++;
            if (byKey.TryGetValue(definition.Key, out var kept))
            {
                if (kept.Text != definition.Text)
                {
                    changes.Add($"Reworded ‘{kept.Text}’ as ‘{definition.Text}’; its answer is kept.");
                }

                if (kept.Required != definition.Required)
                {
                    changes.Add($"‘{definition.Text}’ is now {(definition.Required ? "required" : "optional")}.");
                }

                if (kept.ProvenBy != definition.ProvenBy && definition.ProvenBy != CloseoutProof.None)
                {
                    // A record answers it from now on: an answer given by hand no longer counts.
                    changes.Add(kept.State == CloseoutItemState.Open
                        ? $"‘{definition.Text}’ is now answered by {CloseoutRecords.Name(definition.ProvenBy)}."
                        : $"‘{definition.Text}’ is now answered by {CloseoutRecords.Name(definition.ProvenBy)}; the answer given by hand ({Describe(kept)}) was cleared.");
                    kept.ClearAnswer();
                }
                else if (kept.ProvenBy != definition.ProvenBy)
                {
                    changes.Add($"‘{definition.Text}’ is now ticked by hand; it is open.");
                }

                kept.Redefine(section, definition, position);
            }
            else
            {
                _items.Add(new CloseoutChecklistItem(section, definition, position));
                changes.Add($"Added ‘{definition.Text}’ to {section.Title} ({(definition.Required ? "required" : "optional")}).");
            }
        }

        _items.Sort((a, b) => a.Position.CompareTo(b.Position));
        var withdrawn = false;
        if (IsSignedOff)
        {
            project.WithdrawCloseoutSignOff(actor, now);
            SignedOffAt = null;
            SignedOffById = SignedOffByName = null;
            withdrawn = true;
            changes.Add("The sign-off was withdrawn: sign the updated checklist again.");
        }

        if (changes.Count == 0 || (withdrawn && changes.Count == 1))
        {
            changes.Insert(0, "No item changed (the new versions changed only guidance or order).");
        }

        var upgrade = new CloseoutUpgrade(TemplateVersion, latest.Number, changes, withdrawn);
        UpgradedFromVersion = TemplateVersion;
        UpgradedAt = now;
        UpgradedByName = actor.DisplayName;
        _upgradeChanges = changes;
        TemplateVersion = latest.Number;
        Version++;
        return upgrade;
    }

    private CloseoutChecklistItem ItemForChange(int key, int? expectedItemVersion)
    {
        if (IsSignedOff)
        {
            throw new DomainRuleException($"The close-out was signed off by {SignedOffByName}; withdraw the sign-off before changing it.", "status");
        }

        var item = Find(key) ?? throw new DomainRuleException("That item is not on this project's checklist (it may have been dropped by an upgrade). Reload the page.", "key");
        if (expectedItemVersion is { } expected && expected != item.Version)
        {
            throw new StaleCloseoutItemException(item, expected);
        }

        return item;
    }

    private void RequireOwnProject(Project project)
    {
        if (project.Id != ProjectId)
        {
            throw new InvalidOperationException($"Checklist {Id} belongs to project {ProjectId}, not {project.Id}.");
        }
    }

    private static string Describe(CloseoutChecklistItem item) => item.State switch
    {
        CloseoutItemState.Done => $"done by {item.AnsweredByName}",
        CloseoutItemState.NotApplicable => $"not applicable ({item.Reason})",
        CloseoutItemState.Open => "open",
    };
}

/// <summary>One line of a project's checklist: the template item as it was, and support's answer.</summary>
public sealed class CloseoutChecklistItem
{
    public const int ReasonMaxLength = 2000;
    public const int NoteMaxLength = 2000;

    private CloseoutChecklistItem()
    {
        SectionTitle = Text = Guidance = Reason = Note = "";
    }

    internal CloseoutChecklistItem(CloseoutSectionDefinition section, CloseoutItemDefinition item, int position)
    {
        SectionTitle = Text = Guidance = Reason = Note = "";
        Key = item.Key;
        Redefine(section, item, position);
        State = CloseoutItemState.Open;
        Version = 1;
    }

    public int Id { get; private set; }
    public int ChecklistId { get; private set; }

    /// <summary>The template item's key: the same item in every template version.</summary>
    public int Key { get; private set; }

    public int SectionKey { get; private set; }
    public string SectionTitle { get; private set; }

    /// <summary>Order on the checklist (template order).</summary>
    public int Position { get; private set; }

    public string Text { get; private set; }
    public bool Required { get; private set; }
    public string Guidance { get; private set; }

    /// <summary>The record that answers this item (none: ticked by hand). Such an item is never answered by hand.</summary>
    public CloseoutProof ProvenBy { get; private set; }

    /// <summary>The answer given by hand; always Open for an item <see cref="ProvenBy"/> a record.</summary>
    public CloseoutItemState State { get; private set; }

    /// <summary>Why the item does not apply to this project (required for not applicable).</summary>
    public string Reason { get; private set; }

    public string Note { get; private set; }
    public string? AnsweredById { get; private set; }
    public string? AnsweredByName { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }

    /// <summary>Per-item concurrency token: two people answering the same item cannot overwrite each other unseen.</summary>
    public int Version { get; private set; }

    /// <summary>Whether the item is answered: by hand (done or not applicable), or by the record it names being there.</summary>
    public bool IsAnswered(CloseoutRecords records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return ProvenBy == CloseoutProof.None ? State != CloseoutItemState.Open : records.Read(ProvenBy).Proven;
    }

    internal void Answer(CloseoutItemState state, string? reason, string? note, Actor actor, DateTimeOffset now)
    {
        RefuseIfProven();
        switch (state)
        {
            case CloseoutItemState.Done:
                Reason = "";
                break;
            case CloseoutItemState.NotApplicable:
                Reason = global::Baton.Domain.Text.Required(reason, "reason", ReasonMaxLength, $"say why ‘{Text}’ does not apply to this project");
                break;
            case CloseoutItemState.Open:
                throw new DomainRuleException("To open an answered item again, re-open it.", "state");
            default:
                throw new DomainRuleException("Say whether the item is done or not applicable.", "state");
        }

        Note = global::Baton.Domain.Text.Optional(note, "note", NoteMaxLength);
        State = state;
        AnsweredById = actor.UserId;
        AnsweredByName = actor.DisplayName;
        AnsweredAt = now;
        Version++;
    }

    internal void Reopen(Actor actor, DateTimeOffset now)
    {
        RefuseIfProven();
        if (State == CloseoutItemState.Open)
        {
            throw new DomainRuleException($"‘{Text}’ is already open.", "state");
        }

        State = CloseoutItemState.Open;
        Reason = "";
        AnsweredById = actor.UserId;
        AnsweredByName = actor.DisplayName;
        AnsweredAt = now;
        Version++;
    }

    internal void ClearAnswer()
    {
        State = CloseoutItemState.Open;
        Reason = "";
        Version++;
    }

    private void RefuseIfProven()
    {
        if (ProvenBy != CloseoutProof.None)
        {
            throw new DomainRuleException(
                $"‘{Text}’ cannot be ticked by hand: it is answered by {CloseoutRecords.Name(ProvenBy)}, and shows as done once that record is there.", "state");
        }
    }

    internal void Redefine(CloseoutSectionDefinition section, CloseoutItemDefinition item, int position)
    {
        ProvenBy = item.ProvenBy;
        SectionKey = section.Key;
        SectionTitle = section.Title;
        Text = item.Text;
        Required = item.Required;
        Guidance = item.Guidance;
        Position = position;
    }
}

/// <summary>
/// The caller answered an item that someone else has changed since they read it. The web layer turns it into its one
/// stale-record answer, naming the item and who answered it.
/// </summary>
public sealed class StaleCloseoutItemException(CloseoutChecklistItem item, int expected)
    : Exception($"‘{item.Text}’ was changed by {item.AnsweredByName ?? "someone else"} since you opened it (you had version {expected}, it is now {item.Version}). Check their answer, then try again.")
{
    public CloseoutChecklistItem Item { get; } = item;

    public int ExpectedVersion { get; } = expected;

    public int CurrentVersion { get; } = item.Version;
}
