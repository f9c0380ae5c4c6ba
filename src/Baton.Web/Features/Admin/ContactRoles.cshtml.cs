using Baton.Web.Data;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Admin;

/// <summary>
/// The roles a client's contact can hold ("IT manager", "approver"), which the RASCI matrix's columns name. A role is
/// retired, never deleted: its holders keep it, nobody new takes it.
/// </summary>
public sealed class ContactRolesModel(BatonDb db) : PageModel
{
    private const string PagePath = "/Admin/ContactRoles";

    public sealed record RoleInput
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
    }

    /// <summary>The add form, or the rename form of the role chosen with ?edit=.</summary>
    [BindProperty]
    public RoleInput Input { get; set; } = new();

    public List<ContactRoleResponse> Roles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is not null)
        {
            if (Roles.SingleOrDefault(r => r.Id == edit) is not { } role)
            {
                return NotFound();
            }

            Input = new RoleInput { Id = role.Id, Name = role.Name };
        }

        return Page();
    }

    /// <summary>Adds the role, or renames the one the form names; a taken name or key is shown on the name.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Input));
        _ = ModelState.HasBindingErrors(nameof(Input)); // a hidden id that did not bind is said on the form
        var adding = Input.Id is null;
        return await PageUseCase.RunAsync(this, nameof(Input),
            async () => await SaveContactRole.ExecuteAsync(db, Input.Id, new ContactRoleRequest(Input.Name ?? ""), ct) is { } role
                ? this.Done(adding ? $"Contact role {role.Name} added (key {role.Key})." : $"Contact role renamed to {role.Name}.", PagePath)
                : null,
            async problem =>
            {
                if (problem is not null)
                {
                    ModelState.AddModelError(nameof(Input), problem.Message);
                }

                await LoadAsync(ct);
                return Page();
            });
    }

    /// <summary>Retires an active role, restores a retired one.</summary>
    public async Task<IActionResult> OnPostToggleAsync(int id, CancellationToken ct) =>
        await SaveContactRole.ToggleAsync(db, id, ct) is { } role
            ? this.Done(role.IsActive
                ? $"Contact role {role.Name} restored: contacts can take it again."
                : $"Contact role {role.Name} retired; the contacts who hold it keep it, nobody new takes it.", PagePath)
            : NotFound();

    private async Task LoadAsync(CancellationToken ct) => Roles = await SaveContactRole.ListAsync(db, ct);
}
