using System.Net;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Closeout.CloseoutSetup;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.Closeout;

/// <summary>A checklist stays on its version until someone brings it up to the latest, which merges and says what changed.</summary>
public sealed class CloseoutUpgradeApiTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task BringingUpToDate_AddsNewItems_KeepsAnswers_DropsRemovedOnes_AndSaysWhatChanged()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync());
        using var tech = await app.ApiAsAsync(await app.CreateAgentAsync("Dana Tech"));
        var begun = await BatonAppFactory.BeginCloseoutAsync(tech, project.Number);
        var kept = begun.Items().ElementAt(0);
        var dropped = begun.Items().ElementAt(1);
        await BatonAppFactory.AnswerItemAsync(tech, project.Number, kept, note: "In the vault");
        await BatonAppFactory.AnswerItemAsync(tech, project.Number, dropped, "NotApplicable", "No such thing here");
        var keptText = kept.GetProperty("text").GetString()!;
        var droppedText = dropped.GetProperty("text").GetString()!;
        var added = Unique("Door access badges handed over");
        var next = await PublishAsync(lead, sections =>
        {
            var first = ItemsOf(sections[0]);
            first[0]["text"] = keptText + " (signed)";
            first.RemoveAt(1);
            ItemsOf(sections[^1]).Add(NewItem(added));
        });

        var pending = await tech.GetOkAsync($"/api/v1/projects/{project.Number}/closeout");
        Assert.Equal(begun.GetProperty("templateVersion").GetInt32(), pending.GetProperty("templateVersion").GetInt32());
        Assert.Equal(next.Number(), pending.GetProperty("latestTemplateVersion").GetInt32());
        Assert.Equal([next.Number()], pending.GetProperty("newerVersions").EnumerateArray().Select(v => v.Number()));
        Assert.DoesNotContain(added, pending.Texts());

        var upgraded = await JsonAsync(await tech.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/upgrade", ifMatch: pending.GetProperty("version").GetInt32()), HttpStatusCode.OK);

        Assert.Equal(next.Number(), upgraded.GetProperty("templateVersion").GetInt32());
        Assert.Equal(next.Texts(), upgraded.Texts());
        var keptNow = upgraded.Item(keptText + " (signed)");
        Assert.Equal(("Done", "In the vault", "Dana Tech"), (keptNow.GetProperty("state").GetString(), keptNow.GetProperty("note").GetString(), keptNow.GetProperty("answeredBy").GetString()));
        Assert.Equal("Open", upgraded.Item(added).GetProperty("state").GetString());
        var changes = upgraded.GetProperty("lastUpgrade").GetProperty("changes").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains($"Dropped ‘{droppedText}’ (no longer on the checklist); it was not applicable (No such thing here).", changes);
        Assert.Contains($"Reworded ‘{keptText}’ as ‘{keptText} (signed)’; its answer is kept.", changes);
        Assert.Contains(changes, c => c!.StartsWith($"Added ‘{added}’", StringComparison.Ordinal));
        Assert.Empty(upgraded.GetProperty("newerVersions").EnumerateArray());
        Assert.Contains(Missingtext(added), upgraded.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("message").GetString()));

        var again = await tech.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/upgrade");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already on version", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BringingASignedChecklistUpToDate_IsForTheSupportLead_AndWithdrawsTheSignOff()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync());
        using var tech = await app.ApiAsNewAgentAsync();
        await BatonAppFactory.BeginCloseoutAsync(tech, project.Number);
        await BatonAppFactory.CompleteRequiredItemsAsync(tech, project.Number);
        await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off"), HttpStatusCode.OK);
        await PublishAsync(lead, sections => ItemsOf(sections[0]).Add(NewItem(Unique("Wi-Fi heat map delivered"))));

        var byTech = await tech.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/upgrade");
        var byLead = await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/upgrade"), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, byTech.StatusCode);
        Assert.Contains("The sign-off was withdrawn: sign the updated checklist again.", byLead.GetProperty("lastUpgrade").GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, byLead.GetProperty("signedOffAt").ValueKind);
        Assert.False(byLead.GetProperty("canSignOff").GetBoolean());
        Assert.Null(await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.CloseoutSignedOffAt).SingleAsync()));
    }

    [Fact]
    public async Task AfterTheLeadIsReleased_TheSignedChecklistStands()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync());
        await BatonAppFactory.BeginCloseoutAsync(lead, project.Number);
        await BatonAppFactory.CompleteRequiredItemsAsync(lead, project.Number);
        await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off"), HttpStatusCode.OK);
        await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/release-lead"), HttpStatusCode.OK);
        await PublishAsync(lead, sections => ItemsOf(sections[0]).Add(NewItem(Unique("Late addition"))));

        var refused = await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/upgrade");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("stands as it was signed", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.CloseoutSignedOffAt).SingleAsync()));
    }

    private static string Missingtext(string text) => $"Required item not done: ‘{text}’ (Hand-over to support).";
}
