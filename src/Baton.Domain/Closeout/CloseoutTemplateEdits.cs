namespace Baton.Domain.Closeout;

/// <summary>
/// The small edits the template page offers (add, change, remove, move one item or section), each turning the current
/// version's draft into the draft of the next version. <see cref="CloseoutTemplateVersion.Publish"/> then validates and
/// publishes it, so a page edit and a whole-template PUT through the API obey the same rules.
/// </summary>
public static class CloseoutTemplateEdits
{
    public static List<CloseoutSectionDraft> AddItem(IReadOnlyList<CloseoutSectionDraft> draft, int sectionKey, string? text, bool required, string? guidance, CloseoutProof provenBy = CloseoutProof.None)
    {
        var sections = Copy(draft);
        var i = SectionIndex(sections, sectionKey);
        sections[i] = sections[i] with { Items = [.. sections[i].Items ?? [], new CloseoutItemDraft(null, text, required, guidance, provenBy)] };
        return sections;
    }

    /// <summary>
    /// Changes an item's wording, whether it is required, its guidance and (when given) the record that proves it; a
    /// different section moves it to that section's end.
    /// </summary>
    public static List<CloseoutSectionDraft> UpdateItem(IReadOnlyList<CloseoutSectionDraft> draft, int itemKey, int sectionKey, string? text, bool required, string? guidance, CloseoutProof? provenBy = null)
    {
        var sections = Copy(draft);
        var (from, index) = ItemIndex(sections, itemKey);
        var to = SectionIndex(sections, sectionKey);
        var updated = new CloseoutItemDraft(itemKey, text, required, guidance, provenBy ?? sections[from].Items![index].ProvenBy);
        var items = sections[from].Items!.ToList();
        if (from == to)
        {
            items[index] = updated;
            sections[from] = sections[from] with { Items = items };
        }
        else
        {
            items.RemoveAt(index);
            sections[from] = sections[from] with { Items = items };
            sections[to] = sections[to] with { Items = [.. sections[to].Items ?? [], updated] };
        }

        return sections;
    }

    public static List<CloseoutSectionDraft> RemoveItem(IReadOnlyList<CloseoutSectionDraft> draft, int itemKey)
    {
        var sections = Copy(draft);
        var (s, index) = ItemIndex(sections, itemKey);
        var items = sections[s].Items!.ToList();
        if (items.Count == 1)
        {
            throw new DomainRuleException($"‘{items[0].Text}’ is the only item of {sections[s].Title}; remove the section instead.", "key");
        }

        items.RemoveAt(index);
        sections[s] = sections[s] with { Items = items };
        return sections;
    }

    /// <summary>Moves an item one place up (-1) or down (+1) within its section.</summary>
    public static List<CloseoutSectionDraft> MoveItem(IReadOnlyList<CloseoutSectionDraft> draft, int itemKey, int direction)
    {
        var sections = Copy(draft);
        var (s, index) = ItemIndex(sections, itemKey);
        var items = sections[s].Items!.ToList();
        var target = index + Math.Sign(direction);
        if (direction == 0 || target < 0 || target >= items.Count)
        {
            throw new DomainRuleException($"‘{items[index].Text}’ is already {(direction < 0 ? "first" : "last")} in {sections[s].Title}.", "direction");
        }

        (items[index], items[target]) = (items[target], items[index]);
        sections[s] = sections[s] with { Items = items };
        return sections;
    }

    /// <summary>A new section at the end, with its first item (a section is never empty).</summary>
    public static List<CloseoutSectionDraft> AddSection(IReadOnlyList<CloseoutSectionDraft> draft, string? title, string? firstItemText, bool required, string? guidance)
    {
        var sections = Copy(draft);
        sections.Add(new CloseoutSectionDraft(null, title, [new CloseoutItemDraft(null, firstItemText, required, guidance)]));
        return sections;
    }

    public static List<CloseoutSectionDraft> RenameSection(IReadOnlyList<CloseoutSectionDraft> draft, int sectionKey, string? title)
    {
        var sections = Copy(draft);
        var i = SectionIndex(sections, sectionKey);
        sections[i] = sections[i] with { Title = title };
        return sections;
    }

    public static List<CloseoutSectionDraft> RemoveSection(IReadOnlyList<CloseoutSectionDraft> draft, int sectionKey)
    {
        var sections = Copy(draft);
        var i = SectionIndex(sections, sectionKey);
        if (sections.Count == 1)
        {
            throw new DomainRuleException($"{sections[i].Title} is the only section; a checklist needs at least one.", "key");
        }

        sections.RemoveAt(i);
        return sections;
    }

    public static List<CloseoutSectionDraft> MoveSection(IReadOnlyList<CloseoutSectionDraft> draft, int sectionKey, int direction)
    {
        var sections = Copy(draft);
        var i = SectionIndex(sections, sectionKey);
        var target = i + Math.Sign(direction);
        if (direction == 0 || target < 0 || target >= sections.Count)
        {
            throw new DomainRuleException($"{sections[i].Title} is already the {(direction < 0 ? "first" : "last")} section.", "direction");
        }

        (sections[i], sections[target]) = (sections[target], sections[i]);
        return sections;
    }

    private static List<CloseoutSectionDraft> Copy(IReadOnlyList<CloseoutSectionDraft> draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return [.. draft];
    }

    private static int SectionIndex(List<CloseoutSectionDraft> sections, int key)
    {
        var i = sections.FindIndex(s => s.Key == key);
        return i >= 0 ? i : throw new DomainRuleException("That section is no longer on the checklist; reload the page to see the current version.", "sectionKey");
    }

    private static (int Section, int Index) ItemIndex(List<CloseoutSectionDraft> sections, int key)
    {
        for (var s = 0; s < sections.Count; s++)
        {
            var index = (sections[s].Items ?? []).ToList().FindIndex(i => i.Key == key);
            if (index >= 0)
            {
                return (s, index);
            }
        }

        throw new DomainRuleException("That item is no longer on the checklist; reload the page to see the current version.", "key");
    }
}
