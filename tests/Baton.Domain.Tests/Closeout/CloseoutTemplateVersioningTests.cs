using Baton.Domain.Closeout;
using static Baton.Domain.Tests.Closeout.CloseoutWorld;

namespace Baton.Domain.Tests.Closeout;

public sealed class CloseoutTemplateVersioningTests
{
    [Fact]
    public void First_IsVersionOne_WithAKeyForEverySectionAndItem()
    {
        var v1 = Template();

        Assert.Equal(1, v1.Number);
        Assert.Equal(["Documentation", "Monitoring"], v1.Sections.Select(s => s.Title));
        var keys = v1.Sections.Select(s => s.Key).Concat(v1.AllItems.Select(x => x.Item.Key)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(keys.Max(), v1.LastKey);
        Assert.Equal(["First version."], v1.Changes);
        Assert.Equal("In the documentation system, current as of go-live.", v1.FindItem(KeyOf(v1, "Network diagram delivered"))!.Guidance);
    }

    [Fact]
    public void Publish_CreatesVersionNPlusOne_AndLeavesTheOldVersionUnchanged()
    {
        var v1 = Template();
        var before = v1.Sections.SelectMany(s => s.Items.Select(i => $"{s.Title}/{i.Key}/{i.Text}/{i.Required}")).ToList();

        var v2 = v1.Publish(CloseoutTemplateEdits.AddItem(v1.ToDraft(), SectionKey(v1, "Monitoring"), "Backups tested by a restore", true, "Restore one file."), "After INC-000042", Lead, Now.AddDays(1));

        Assert.Equal(2, v2.Number);
        Assert.Equal(before, v1.Sections.SelectMany(s => s.Items.Select(i => $"{s.Title}/{i.Key}/{i.Text}/{i.Required}")));
        Assert.Equal(3, v1.AllItems.Count());
        Assert.Equal(4, v2.AllItems.Count());
        Assert.Equal(["Added ‘Backups tested by a restore’ to Monitoring (required)."], v2.Changes);
        Assert.Equal("After INC-000042", v2.Note);
        Assert.Equal(Now.AddDays(1), v2.PublishedAt);
        Assert.Equal(v1.LastKey + 1, KeyOf(v2, "Backups tested by a restore"));
        Assert.Equal(KeyOf(v1, "Network diagram delivered"), KeyOf(v2, "Network diagram delivered"));
    }

    [Fact]
    public void Publish_ReportsEveryKindOfChange_InWords()
    {
        var v1 = Template();
        var diagram = KeyOf(v1, "Network diagram delivered");
        var asBuilt = KeyOf(v1, "As-built document");
        var monitoring = KeyOf(v1, "Monitoring in place");
        var draft = CloseoutTemplateEdits.UpdateItem(v1.ToDraft(), diagram, SectionKey(v1, "Documentation"), "Network diagram in the vault", false, "New guidance");
        draft = CloseoutTemplateEdits.UpdateItem(draft, monitoring, SectionKey(v1, "Documentation"), "Monitoring in place", true, null);
        draft = CloseoutTemplateEdits.RenameSection(draft, SectionKey(v1, "Monitoring"), "Operations");
        draft = CloseoutTemplateEdits.AddItem(draft, SectionKey(v1, "Monitoring"), "Alerts go to the service desk", true, null);
        draft = CloseoutTemplateEdits.RemoveItem(draft, asBuilt);

        var v2 = v1.Publish(draft, null, Lead, Now);

        Assert.Equal(
            [
                "Renamed section Monitoring to Operations.",
                "Added ‘Alerts go to the service desk’ to Operations (required).",
                "Removed ‘As-built document’ from Documentation.",
                "Reworded ‘Network diagram delivered’ as ‘Network diagram in the vault’.",
                "‘Network diagram in the vault’ is now optional.",
                "Changed the guidance of ‘Network diagram in the vault’.",
                "Moved ‘Monitoring in place’ from Monitoring to Documentation.",
            ],
            v2.Changes);
    }

    [Fact]
    public void Publish_ReordersAndRemovesSections_AndSaysSo()
    {
        var v1 = Template();
        var v2 = v1.Publish(CloseoutTemplateEdits.MoveSection(v1.ToDraft(), SectionKey(v1, "Monitoring"), -1), null, Lead, Now);
        var v3 = v2.Publish(CloseoutTemplateEdits.RemoveSection(v2.ToDraft(), SectionKey(v2, "Documentation")), null, Lead, Now);

        Assert.Equal(["Reordered the sections."], v2.Changes);
        Assert.Equal(["Monitoring", "Documentation"], v2.Sections.Select(s => s.Title));
        Assert.Equal(["Removed section Documentation and its 2 items."], v3.Changes);
        Assert.Equal(3, v3.Number);
    }

    [Fact]
    public void KeysAreNeverReused_AfterAnItemIsRemoved()
    {
        var v1 = Template();
        var asBuilt = KeyOf(v1, "As-built document");
        var v2 = v1.Publish(CloseoutTemplateEdits.RemoveItem(v1.ToDraft(), asBuilt), null, Lead, Now);
        var v3 = v2.Publish(CloseoutTemplateEdits.AddItem(v2.ToDraft(), SectionKey(v2, "Documentation"), "As-built document", false, null), null, Lead, Now);

        Assert.NotEqual(asBuilt, KeyOf(v3, "As-built document"));
        var reuse = Assert.Throws<DomainRuleException>(() => v3.Publish(
            [.. v3.ToDraft(), new CloseoutSectionDraft(null, "Extra", [new CloseoutItemDraft(asBuilt, "Old key", true, null)])], null, Lead, Now));
        Assert.Equal("sections[2].items[0].key", reuse.Field);
    }

    [Fact]
    public void Publish_WithNothingChanged_IsRefused()
    {
        var v1 = Template();

        var e = Assert.Throws<DomainRuleException>(() => v1.Publish(v1.ToDraft(), "no-op", Lead, Now));

        Assert.Equal("sections", e.Field);
        Assert.Contains("Nothing changed against version 1", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadDrafts => new()
    {
        { "no sections", "sections" },
        { "untitled section", "sections[0].title" },
        { "two sections of one name", "sections[1].title" },
        { "empty section", "sections[0].items" },
        { "item without text", "sections[0].items[0].text" },
        { "same item twice", "sections[1].items[0].text" },
        { "unknown item key", "sections[0].items[0].key" },
        { "item key given twice", "sections[0].items[1].key" },
        { "guidance too long", "sections[0].items[0].guidance" },
        { "unknown section key", "sections[0].key" },
    };

    [Theory]
    [MemberData(nameof(BadDrafts))]
    public void ABadDraft_IsRefused_NamingTheField(string name, string field)
    {
        var v1 = Template();
        var diagram = KeyOf(v1, "Network diagram delivered");
        List<CloseoutSectionDraft> draft = name switch
        {
            "no sections" => [],
            "untitled section" => [new(null, " ", [new(null, "A", true, null)])],
            "two sections of one name" => [new(null, "Docs", [new(null, "A", true, null)]), new(null, "docs", [new(null, "B", true, null)])],
            "empty section" => [new(null, "Docs", [])],
            "item without text" => [new(null, "Docs", [new(null, "", true, null)])],
            "same item twice" => [new(null, "Docs", [new(null, "Backups", true, null)]), new(null, "Other", [new(null, "backups", true, null)])],
            "unknown item key" => [new(null, "Docs", [new(9999, "A", true, null)])],
            "item key given twice" => [new(null, "Docs", [new(diagram, "A", true, null), new(diagram, "B", true, null)])],
            "guidance too long" => [new(null, "Docs", [new(null, "A", true, new string('g', CloseoutTemplateVersion.GuidanceMaxLength + 1))])],
            "unknown section key" => [new(9999, "Docs", [new(null, "A", true, null)])],
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var e = Assert.Throws<DomainRuleException>(() => v1.Publish(draft, null, Lead, Now));

        Assert.Equal(field, e.Field);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void PageEdits_RefuseToEmptyTheChecklistOrMovePastTheEnds()
    {
        var v1 = Template();
        var monitoringOnly = KeyOf(v1, "Monitoring in place");

        Assert.Equal("key", Assert.Throws<DomainRuleException>(() => CloseoutTemplateEdits.RemoveItem(v1.ToDraft(), monitoringOnly)).Field);
        Assert.Equal("direction", Assert.Throws<DomainRuleException>(() => CloseoutTemplateEdits.MoveItem(v1.ToDraft(), KeyOf(v1, "Network diagram delivered"), -1)).Field);
        Assert.Equal("direction", Assert.Throws<DomainRuleException>(() => CloseoutTemplateEdits.MoveSection(v1.ToDraft(), SectionKey(v1, "Monitoring"), 1)).Field);
        Assert.Equal("key", Assert.Throws<DomainRuleException>(() => CloseoutTemplateEdits.RemoveItem(v1.ToDraft(), 424242)).Field);
        var single = v1.Publish(CloseoutTemplateEdits.RemoveSection(v1.ToDraft(), SectionKey(v1, "Documentation")), null, Lead, Now);
        Assert.Equal("key", Assert.Throws<DomainRuleException>(() => CloseoutTemplateEdits.RemoveSection(single.ToDraft(), SectionKey(single, "Monitoring"))).Field);
    }

    [Fact]
    public void MoveItem_SwapsWithItsNeighbour_AndTheVersionSaysTheSectionWasReordered()
    {
        var v1 = Template();

        var v2 = v1.Publish(CloseoutTemplateEdits.MoveItem(v1.ToDraft(), KeyOf(v1, "As-built document"), -1), null, Lead, Now);

        Assert.Equal(["As-built document", "Network diagram delivered"], v2.Sections[0].Items.Select(i => i.Text));
        Assert.Equal(["Reordered the items of Documentation."], v2.Changes);
    }
}
