using Baton.Domain.Closeout;
using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Closeout;

/// <summary>A small template, projects in any status and the people involved, for the close-out tests.</summary>
internal static class CloseoutWorld
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly Actor Lead = new("lead-1", "Grace Lead");
    public static readonly Actor Tech = new("tech-1", "Dana Tech");

    /// <summary>v1: Documentation (network diagram required, as-built optional), Monitoring (monitoring required).</summary>
    public static CloseoutTemplateVersion Template() => CloseoutTemplateVersion.First(
        [
            new CloseoutSectionDraft(null, "Documentation",
            [
                new CloseoutItemDraft(null, "Network diagram delivered", true, "In the documentation system, current as of go-live."),
                new CloseoutItemDraft(null, "As-built document", false, null),
            ]),
            new CloseoutSectionDraft(null, "Monitoring", [new CloseoutItemDraft(null, "Monitoring in place", true, null)]),
        ],
        null, Lead, Now);

    public static Project ActiveProject(int clientId = 7)
    {
        var project = Project.Plan(clientId, new ProjectDetails("Phone system", 1, "lead-tech", null, null, null, null, null, null, [], []), "PRJ-000001", Someone.Staff, Now);
        project.Start(Someone.Staff, Now);
        return project;
    }

    public static Project ClosedProject(int clientId = 7)
    {
        var project = ActiveProject(clientId);
        project.RecordCloseoutSignOff(Lead, Now);
        project.ReleaseLead(Lead, Now);
        project.EnterHypercare(Project.DefaultHypercareDays, Someone.Staff, Now);
        project.Close(Someone.Staff, Now.AddDays(1));
        return project;
    }

    public static int KeyOf(CloseoutTemplateVersion version, string text) => version.AllItems.Single(x => x.Item.Text == text).Item.Key;

    public static int KeyOf(CloseoutChecklist checklist, string text) => checklist.Items.Single(i => i.Text == text).Key;

    public static int SectionKey(CloseoutTemplateVersion version, string title) => version.Sections.Single(s => s.Title == title).Key;

    /// <summary>Answers every required item done.</summary>
    public static void CompleteRequired(CloseoutChecklist checklist)
    {
        foreach (var item in checklist.Items.Where(i => i.Required).ToList())
        {
            checklist.Answer(item.Key, item.Version, CloseoutItemState.Done, null, null, Tech, Now);
        }
    }
}
