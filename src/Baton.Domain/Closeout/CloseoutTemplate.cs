namespace Baton.Domain.Closeout;

/// <summary>
/// One item of a published checklist version. The key stays with the item across versions (and is never reused). An item
/// <see cref="ProvenBy"/> a record is answered by that record, never ticked by hand.
/// </summary>
public sealed record CloseoutItemDefinition(int Key, string Text, bool Required, string Guidance, CloseoutProof ProvenBy = CloseoutProof.None);

/// <summary>A heading of the checklist with its items, in order.</summary>
public sealed record CloseoutSectionDefinition(int Key, string Title, IReadOnlyList<CloseoutItemDefinition> Items);

/// <summary>An item as a support lead asks to publish it: a key names an item of the current version (kept), none adds one.</summary>
public sealed record CloseoutItemDraft(int? Key, string? Text, bool Required, string? Guidance, CloseoutProof ProvenBy = CloseoutProof.None);

/// <summary>A section as a support lead asks to publish it: a key names a section of the current version, none adds one.</summary>
public sealed record CloseoutSectionDraft(int? Key, string? Title, IReadOnlyList<CloseoutItemDraft>? Items);

/// <summary>
/// One published version of the close-out checklist template, owned by support. Versions are immutable: every edit
/// publishes version n + 1 (<see cref="Publish"/>) and leaves n as it was, so a project's checklist can always say which
/// version it was made from, and what changed since. The database refuses updates and deletes too.
/// </summary>
public sealed class CloseoutTemplateVersion
{
    public const int SectionTitleMaxLength = 120;
    public const int ItemTextMaxLength = 300;
    public const int GuidanceMaxLength = 2000;
    public const int NoteMaxLength = 2500;
    public const int MaxSections = 30;
    public const int MaxItemsPerSection = 60;
    public const int MaxItems = 300;

    private List<CloseoutSectionDefinition> _sections = [];
    private List<string> _changes = [];

    private CloseoutTemplateVersion()
    {
        Note = PublishedById = PublishedByName = "";
    }

    public int Id { get; private set; }

    /// <summary>1, 2, 3…: what people call the version ("checklist v4").</summary>
    public int Number { get; private set; }

    public IReadOnlyList<CloseoutSectionDefinition> Sections => _sections;

    /// <summary>The highest key ever issued to a section or item up to this version; new ones count on from it.</summary>
    public int LastKey { get; private set; }

    /// <summary>What this version changed against the one before, in words ("Added ‘…’ to Documentation (required).").</summary>
    public IReadOnlyList<string> Changes => _changes;

    /// <summary>Why, in the support lead's words (or the accepted proposal's reason).</summary>
    public string Note { get; private set; }

    /// <summary>The proposal whose acceptance published this version, if any.</summary>
    public int? ProposalId { get; private set; }

    public DateTimeOffset PublishedAt { get; private set; }
    public string PublishedById { get; private set; }
    public string PublishedByName { get; private set; }

    public IEnumerable<(CloseoutSectionDefinition Section, CloseoutItemDefinition Item)> AllItems =>
        _sections.SelectMany(s => s.Items.Select(i => (s, i)));

    public CloseoutItemDefinition? FindItem(int key) => AllItems.Where(x => x.Item.Key == key).Select(x => x.Item).FirstOrDefault();

    public CloseoutSectionDefinition? FindSection(int key) => _sections.FirstOrDefault(s => s.Key == key);

    /// <summary>The sections and items as a draft to edit and publish again (keys kept).</summary>
    public List<CloseoutSectionDraft> ToDraft() =>
        [.. _sections.Select(s => new CloseoutSectionDraft(s.Key, s.Title, [.. s.Items.Select(i => new CloseoutItemDraft(i.Key, i.Text, i.Required, i.Guidance, i.ProvenBy))]))];

    /// <summary>Version 1, when there is none yet.</summary>
    public static CloseoutTemplateVersion First(IReadOnlyList<CloseoutSectionDraft> sections, string? note, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (built, lastKey) = Build(sections, previous: null);
        return new CloseoutTemplateVersion
        {
            Number = 1, _sections = built, LastKey = lastKey, _changes = ["First version."],
            Note = Text.Optional(note, "note", NoteMaxLength), PublishedAt = now, PublishedById = actor.UserId, PublishedByName = actor.DisplayName,
        };
    }

    /// <summary>
    /// Publishes the next version from <paramref name="sections"/>; this version stays as it is. Items and sections with a
    /// key keep their identity (a project's answers follow them); those without get new keys. Refused when nothing changed.
    /// </summary>
    public CloseoutTemplateVersion Publish(IReadOnlyList<CloseoutSectionDraft> sections, string? note, Actor actor, DateTimeOffset now, int? proposalId = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (built, lastKey) = Build(sections, this);
        var changes = Describe(_sections, built);
        if (changes.Count == 0)
        {
            throw new DomainRuleException($"Nothing changed against version {Number}, so there is nothing to publish.", "sections");
        }

        return new CloseoutTemplateVersion
        {
            Number = Number + 1, _sections = built, LastKey = lastKey, _changes = changes,
            Note = Text.Optional(note, "note", NoteMaxLength), ProposalId = proposalId,
            PublishedAt = now, PublishedById = actor.UserId, PublishedByName = actor.DisplayName,
        };
    }

    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>, in words, sections first.</summary>
    public static List<string> Describe(IReadOnlyList<CloseoutSectionDefinition> before, IReadOnlyList<CloseoutSectionDefinition> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        var oldSections = before.ToDictionary(s => s.Key);
        var newSections = after.ToDictionary(s => s.Key);
        foreach (var s in after.Where(s => !oldSections.ContainsKey(s.Key)))
        {
            changes.Add($"Added section {s.Title}.");
        }

        foreach (var s in before.Where(s => !newSections.ContainsKey(s.Key)))
        {
            changes.Add($"Removed section {s.Title}{(s.Items.Count > 0 ? $" and its {Items(s.Items.Count)}" : "")}.");
        }

        foreach (var s in after.Where(s => oldSections.TryGetValue(s.Key, out var old) && old.Title != s.Title))
        {
            changes.Add($"Renamed section {oldSections[s.Key].Title} to {s.Title}.");
        }

        var keptSections = after.Where(s => oldSections.ContainsKey(s.Key)).Select(s => s.Key).ToList();
        if (!keptSections.SequenceEqual(before.Where(s => newSections.ContainsKey(s.Key)).Select(s => s.Key)))
        {
            changes.Add("Reordered the sections.");
        }

        var oldItems = before.SelectMany(s => s.Items.Select(i => (Section: s, Item: i))).ToDictionary(x => x.Item.Key);
        var newItems = after.SelectMany(s => s.Items.Select(i => (Section: s, Item: i))).ToDictionary(x => x.Item.Key);
        var removedSections = before.Where(s => !newSections.ContainsKey(s.Key)).Select(s => s.Key).ToHashSet();
        foreach (var (section, item) in newItems.Values.Where(x => !oldItems.ContainsKey(x.Item.Key)))
        {
            changes.Add($"Added ‘{item.Text}’ to {section.Title} ({(item.Required ? "required" : "optional")}{(item.ProvenBy == CloseoutProof.None ? "" : $", answered by {CloseoutRecords.Name(item.ProvenBy)}")}).");
        }

        foreach (var (section, item) in oldItems.Values.Where(x => !newItems.ContainsKey(x.Item.Key) && !removedSections.Contains(x.Section.Key)))
        {
            changes.Add($"Removed ‘{item.Text}’ from {section.Title}.");
        }

        foreach (var (section, item) in newItems.Values.Where(x => oldItems.ContainsKey(x.Item.Key)))
        {
            var (oldSection, old) = oldItems[item.Key];
            if (old.Text != item.Text)
            {
                changes.Add($"Reworded ‘{old.Text}’ as ‘{item.Text}’.");
            }

            if (old.Required != item.Required)
            {
                changes.Add($"‘{item.Text}’ is now {(item.Required ? "required" : "optional")}.");
            }

            if (old.ProvenBy != item.ProvenBy)
            {
                changes.Add(item.ProvenBy == CloseoutProof.None
                    ? $"‘{item.Text}’ is now ticked by hand."
                    : $"‘{item.Text}’ is now answered by {CloseoutRecords.Name(item.ProvenBy)}.");
            }

            if (old.Guidance != item.Guidance)
            {
                changes.Add($"Changed the guidance of ‘{item.Text}’.");
            }

            if (oldSection.Key != section.Key)
            {
                changes.Add($"Moved ‘{item.Text}’ from {oldSection.Title} to {section.Title}.");
            }
        }

        foreach (var section in after.Where(s => oldSections.ContainsKey(s.Key)))
        {
            var old = oldSections[section.Key];
            var keptHere = section.Items.Where(i => old.Items.Any(o => o.Key == i.Key)).Select(i => i.Key);
            if (!keptHere.SequenceEqual(old.Items.Where(o => section.Items.Any(i => i.Key == o.Key)).Select(o => o.Key)))
            {
                changes.Add($"Reordered the items of {section.Title}.");
            }
        }

        return changes;
    }

    private static string Items(int n) => Text.Count(n, "item");

    private static (List<CloseoutSectionDefinition> Sections, int LastKey) Build(IReadOnlyList<CloseoutSectionDraft> drafts, CloseoutTemplateVersion? previous)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            throw new DomainRuleException("A checklist needs at least one section with one item.", "sections");
        }

        if (drafts.Count > MaxSections)
        {
            throw new DomainRuleException($"A checklist can have at most {MaxSections} sections (this one has {drafts.Count}).", "sections");
        }

        var lastKey = previous?.LastKey ?? 0;
        var knownSections = previous?._sections.Select(s => s.Key).ToHashSet() ?? [];
        var knownItems = previous?.AllItems.Select(x => x.Item.Key).ToHashSet() ?? [];
        var usedKeys = new HashSet<int>();
        var titles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var sections = new List<CloseoutSectionDefinition>();
        var total = 0;
        for (var si = 0; si < drafts.Count; si++)
        {
            var draft = drafts[si] ?? throw new DomainRuleException("A section is missing.", $"sections[{si}]");
            var field = $"sections[{si}]";
            var title = Text.Required(draft.Title, field + ".title", SectionTitleMaxLength, "a section needs a title");
            if (!titles.Add(title))
            {
                throw new DomainRuleException($"There are two sections called {title}; merge them or rename one.", field + ".title");
            }

            var sectionKey = Key(draft.Key, knownSections, usedKeys, field + ".key", "section", previous, ref lastKey);
            var items = new List<CloseoutItemDefinition>();
            var itemDrafts = draft.Items ?? [];
            if (itemDrafts.Count == 0)
            {
                throw new DomainRuleException($"Section {title} has no items; add one or remove the section.", field + ".items");
            }

            if (itemDrafts.Count > MaxItemsPerSection)
            {
                throw new DomainRuleException($"Section {title} can have at most {MaxItemsPerSection} items (it has {itemDrafts.Count}).", field + ".items");
            }

            for (var ii = 0; ii < itemDrafts.Count; ii++)
            {
                var itemDraft = itemDrafts[ii] ?? throw new DomainRuleException("An item is missing.", $"{field}.items[{ii}]");
                var itemField = $"{field}.items[{ii}]";
                var text = Text.Required(itemDraft.Text, itemField + ".text", ItemTextMaxLength, "an item needs a text saying what must be in place");
                if (!texts.TryAdd(text, title))
                {
                    throw new DomainRuleException($"‘{text}’ is already on the checklist (in {texts[text]}).", itemField + ".text");
                }

                var guidance = Text.Optional(itemDraft.Guidance, itemField + ".guidance", GuidanceMaxLength);
                var itemKey = Key(itemDraft.Key, knownItems, usedKeys, itemField + ".key", "item", previous, ref lastKey);
                if (!Enum.IsDefined(itemDraft.ProvenBy))
                {
                    throw new DomainRuleException($"‘{text}’: say what proves it (None, HandoffMeeting or DeliverablesAccepted).", itemField + ".provenBy");
                }

                items.Add(new CloseoutItemDefinition(itemKey, text, itemDraft.Required, guidance, itemDraft.ProvenBy));
            }

            total += items.Count;
            sections.Add(new CloseoutSectionDefinition(sectionKey, title, items));
        }

        if (total > MaxItems)
        {
            throw new DomainRuleException($"A checklist can have at most {MaxItems} items (this one has {total}).", "sections");
        }

        return (sections, lastKey);
    }

    private static int Key(int? given, HashSet<int> known, HashSet<int> used, string field, string what, CloseoutTemplateVersion? previous, ref int lastKey)
    {
        if (given is not { } key)
        {
            return ++lastKey;
        }

        if (!known.Contains(key))
        {
            throw new DomainRuleException(previous is null
                ? $"The first version has no {what}s yet; leave out the key of a new {what}."
                : $"Version {previous.Number} has no {what} with key {key}; leave the key out to add a new {what}.", field);
        }

        if (!used.Add(key))
        {
            throw new DomainRuleException($"Key {key} is given twice; each {what} appears once.", field);
        }

        return key;
    }
}
