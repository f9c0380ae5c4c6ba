using Baton.Domain;
using Baton.Domain.Teams;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>Teams and who sits in them. Only staff can be members; tickets are routed to a team, then to one of its members.</summary>
public sealed class TeamsModel(BatonDb db) : PageModel
{
    public sealed record TeamInput
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
    }

    public sealed record MemberInput
    {
        public int TeamId { get; set; }
        public string? UserId { get; set; }
    }

    public sealed record LeadInput
    {
        public int TeamId { get; set; }
        public string? UserId { get; set; }
    }

    public sealed record Person(string Id, string DisplayName);
    public sealed record TeamRow(int Id, string Name, string Description, List<Person> Members, string? LeadUserId);

    /// <summary>The create form, or the edit form of the team chosen with ?edit=.</summary>
    [BindProperty]
    public TeamInput Input { get; set; } = new();

    [BindProperty]
    public MemberInput Member { get; set; } = new();

    /// <summary>The team lead form: told when the team's tickets are at risk or breach their SLA.</summary>
    [BindProperty]
    public LeadInput Lead { get; set; } = new();

    public List<TeamRow> Teams { get; private set; } = [];

    public List<Person> Staff { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is not null)
        {
            var team = Teams.SingleOrDefault(t => t.Id == edit);
            if (team is null)
            {
                return NotFound();
            }

            Input = new TeamInput { Id = team.Id, Name = team.Name, Description = team.Description };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Input));
        if (ModelState.HasBindingErrors(nameof(Input)))
        {
            return await RedisplayAsync(ct);
        }

        Team? team;
        try
        {
            team = await SaveTeam.ExecuteAsync(db, Input.Id, new TeamRequest(Input.Name ?? "", Input.Description), ct);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
            return await RedisplayAsync(ct);
        }

        if (team is null)
        {
            return NotFound();
        }

        TempData["Flash"] = Input.Id is null ? $"Team {team.Name} created." : $"Team {team.Name} saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddMemberAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Member));
        var team = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == Member.TeamId, ct);
        if (team is null)
        {
            return NotFound();
        }

        var person = string.IsNullOrEmpty(Member.UserId) ? null : (await StaffAsync(ct)).SingleOrDefault(p => p.Id == Member.UserId);
        if (person is null)
        {
            ModelState.AddModelError("Member.UserId", string.IsNullOrEmpty(Member.UserId)
                ? "Choose who to add."
                : "Only agents, managers and administrators can be team members.");
            return await RedisplayAsync(ct);
        }

        if (await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.UserId == person.Id, ct))
        {
            ModelState.AddModelError("Member.UserId", $"{person.DisplayName} is already in {team.Name}.");
            return await RedisplayAsync(ct);
        }

        db.TeamMembers.Add(new TeamMember(team.Id, person.Id));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            ModelState.AddModelError("Member.UserId", $"{person.DisplayName} is already in {team.Name}.");
            return await RedisplayAsync(ct);
        }

        TempData["Flash"] = $"{person.DisplayName} added to {team.Name}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync(int teamId, string userId, CancellationToken ct)
    {
        var membership = await db.TeamMembers.SingleOrDefaultAsync(m => m.TeamId == teamId && m.UserId == userId, ct);
        if (membership is null)
        {
            return NotFound();
        }

        var team = await db.Teams.SingleAsync(t => t.Id == teamId, ct);
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(ct);
        db.TeamMembers.Remove(membership);
        var wasLead = team.LeadUserId == userId;
        if (wasLead)
        {
            team.SetLead(null); // only a member can lead
        }

        await db.SaveChangesAsync(ct);
        TempData["Flash"] = wasLead ? $"{name} removed from {team.Name}; the team has no lead now." : $"{name} removed from {team.Name}.";
        return RedirectToPage();
    }

    /// <summary>Names the team lead among the team's members, or none.</summary>
    public async Task<IActionResult> OnPostLeadAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Lead));
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == Lead.TeamId, ct);
        if (team is null)
        {
            return NotFound();
        }

        var lead = string.IsNullOrEmpty(Lead.UserId) ? null : Lead.UserId;
        if (lead is not null && !await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.UserId == lead, ct))
        {
            ModelState.AddModelError("Lead.UserId", $"Choose the lead among the members of {team.Name}.");
            return await RedisplayAsync(ct);
        }

        team.SetLead(lead);
        await db.SaveChangesAsync(ct);
        var name = lead is null ? null : await db.Users.Where(u => u.Id == lead).Select(u => u.DisplayName).SingleAsync(ct);
        TempData["Flash"] = name is null ? $"{team.Name} has no lead now." : $"{name} leads {team.Name}.";
        return RedirectToPage();
    }

    private async Task<List<Person>> StaffAsync(CancellationToken ct) =>
        (await Agents.ListAsync(db, ct)).Select(a => new Person(a.Id, a.DisplayName)).ToList();

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Staff = await StaffAsync(ct);
        var members = await db.TeamMembers.AsNoTracking().ToListAsync(ct);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        Teams = teams.Select(t => new TeamRow(t.Id, t.Name, t.Description,
                members.Where(m => m.TeamId == t.Id)
                    .Select(m => Staff.SingleOrDefault(p => p.Id == m.UserId) ?? new Person(m.UserId, "(no longer staff)"))
                    .OrderBy(p => p.DisplayName).ToList(),
                t.LeadUserId))
            .ToList();
    }
}
