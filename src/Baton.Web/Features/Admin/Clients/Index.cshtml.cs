using Baton.Domain;
using Baton.Domain.Clients;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Admin.Clients;

public sealed class IndexModel(BatonDb db, IMemoryCache cache, TimeProvider clock) : PageModel
{
    public sealed record ClientInput
    {
        public string? Name { get; set; }
        public string? Code { get; set; }
        public string? TimeZoneId { get; set; } = "UTC";
    }

    public sealed record ClientRow(int Id, string Name, string Code, bool IsActive, int Sites, int Contacts, int Items);

    [BindProperty]
    public ClientInput Input { get; set; } = new();

    public List<ClientRow> Clients { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Input));
        Client client;
        try
        {
            client = await SaveClient.CreateAsync(db, clock, new ClientRequest(Input.Name ?? "", Input.Code ?? "", TimeZoneId: Input.TimeZoneId ?? ""), ct);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            return Page();
        }

        TempData["Flash"] = $"Client {client.Name} ({client.Code}) created. Add its sites and contacts below.";
        return RedirectToPage("Details", new { id = client.Id });
    }

    public async Task<IActionResult> OnPostToggleAsync(int id, CancellationToken ct)
    {
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (client is null)
        {
            return NotFound();
        }

        client.Update(client.Name, client.Code, !client.IsActive);
        await db.SaveChangesAsync(ct);
        var accounts = await PortalAccess.ClientActivationChangedAsync(db, cache, client.Id, client.IsActive, ct);
        TempData["Flash"] = PortalAccess.DescribeActivation(client.Name, client.IsActive, accounts);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Clients = await db.Clients.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new ClientRow(c.Id, c.Name, c.Code, c.IsActive,
                db.Sites.Count(s => s.ClientId == c.Id),
                db.Contacts.Count(x => x.ClientId == c.Id),
                db.ConfigurationItems.Count(i => i.ClientId == c.Id)))
            .ToListAsync(ct);
}
