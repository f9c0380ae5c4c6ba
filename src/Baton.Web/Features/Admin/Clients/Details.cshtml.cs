using Baton.Domain;
using Baton.Domain.Clients;
using Baton.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Admin.Clients;

/// <summary>
/// One client and what belongs to it: sites, contacts (and their portal accounts), configuration items.
/// Each has one form that adds, or edits the row chosen with ?site=, ?contact=, ?item= (or ?portal= for portal access).
/// </summary>
public sealed class DetailsModel(BatonDb db, UserManager<BatonUser> users, IMemoryCache cache, TimeProvider clock) : PageModel
{
    public sealed record ClientInput
    {
        public string? Name { get; set; }
        public string? Code { get; set; }
        public bool IsActive { get; set; }

        /// <summary>IANA zone the client works in: engagements are scheduled and shown in it.</summary>
        public string? TimeZoneId { get; set; }
    }

    public sealed record SiteInput
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
        public string? Address { get; set; }
    }

    public sealed record ContactInput
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? JobTitle { get; set; }
        public int? SiteId { get; set; }
    }

    public sealed record ItemInput
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
        public string? Type { get; set; }
        public int? SiteId { get; set; }
    }

    public sealed record PortalInput
    {
        public int ContactId { get; set; }
        public string? Password { get; set; }
    }

    public sealed record AccessInput
    {
        public int ContactId { get; set; }
        public string? Reason { get; set; }
    }

    public sealed record ClientSummary(int Id, string Name, string Code, bool IsActive, string TimeZoneId);
    public sealed record SiteRow(int Id, string Name, string Address);
    public sealed record ContactRow(int Id, string Name, string Email, string Phone, string JobTitle, int? SiteId, string? PortalSignIn, bool PortalAccessRevoked, PortalAccessChangeResponse? LastAccessChange);
    public sealed record ItemRow(int Id, string Name, string Type, int? SiteId);

    [BindProperty]
    public ClientInput Input { get; set; } = new();

    [BindProperty]
    public SiteInput Site { get; set; } = new();

    [BindProperty]
    public ContactInput Contact { get; set; } = new();

    [BindProperty]
    public ItemInput Item { get; set; } = new();

    [BindProperty]
    public PortalInput Portal { get; set; } = new();

    /// <summary>The revoke-access form (?access= chooses the contact).</summary>
    [BindProperty]
    public AccessInput Access { get; set; } = new();

    public ClientSummary Client { get; private set; } = new(0, "", "", false, "UTC");
    public List<SiteRow> Sites { get; private set; } = [];
    public List<ContactRow> Contacts { get; private set; } = [];
    public List<ItemRow> Items { get; private set; } = [];

    /// <summary>The contact the portal-access form is for, when one was chosen.</summary>
    public ContactRow? PortalContact => Portal.ContactId == 0 ? null : Contacts.SingleOrDefault(c => c.Id == Portal.ContactId);

    /// <summary>The contact the revoke-access form is for, when one was chosen.</summary>
    public ContactRow? AccessContact => Access.ContactId == 0 ? null : Contacts.SingleOrDefault(c => c.Id == Access.ContactId);

    public string SiteName(int? siteId) => Sites.SingleOrDefault(s => s.Id == siteId)?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(int? id, int? site, int? contact, int? item, int? portal, int? access, CancellationToken ct)
    {
        if (id is null || !await LoadAsync(id.Value, ct))
        {
            return NotFound();
        }

        Input = new ClientInput { Name = Client.Name, Code = Client.Code, IsActive = Client.IsActive, TimeZoneId = Client.TimeZoneId };
        if (site is not null)
        {
            var s = Sites.SingleOrDefault(x => x.Id == site);
            Site = s is null ? new() : new SiteInput { Id = s.Id, Name = s.Name, Address = s.Address };
        }

        if (contact is not null)
        {
            var c = Contacts.SingleOrDefault(x => x.Id == contact);
            Contact = c is null ? new() : new ContactInput { Id = c.Id, Name = c.Name, Email = c.Email, Phone = c.Phone, JobTitle = c.JobTitle, SiteId = c.SiteId };
        }

        if (item is not null)
        {
            var i = Items.SingleOrDefault(x => x.Id == item);
            Item = i is null ? new() : new ItemInput { Id = i.Id, Name = i.Name, Type = i.Type, SiteId = i.SiteId };
        }

        if (portal is not null && Contacts.Any(c => c.Id == portal && c.PortalSignIn is null))
        {
            Portal = new PortalInput { ContactId = portal.Value };
        }

        if (access is not null && Contacts.Any(c => c.Id == access && c.PortalSignIn is not null && !c.PortalAccessRevoked))
        {
            Access = new AccessInput { ContactId = access.Value };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostClientAsync(int id, CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Input));
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (client is null)
        {
            return NotFound();
        }

        if (ModelState.HasBindingErrors(nameof(Input)))
        {
            return await RedisplayClientFormAsync(id, ct);
        }

        var wasActive = client.IsActive;
        try
        {
            client.Update(Input.Name ?? "", Input.Code ?? "", Input.IsActive);
            if (Input.TimeZoneId is not null)
            {
                client.SetTimeZone(Input.TimeZoneId);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddRule(nameof(Input), e);
            return await RedisplayClientFormAsync(id, ct);
        }

        if (await db.Clients.AnyAsync(c => c.Code == client.Code && c.Id != id, ct))
        {
            ModelState.AddModelError("Input.Code", $"Another client already uses the code {client.Code}.");
            return await RedisplayClientFormAsync(id, ct);
        }

        if (!await TrySaveAsync("Input.Code", $"Another client already uses the code {client.Code}.", ct))
        {
            return await RedisplayClientFormAsync(id, ct);
        }

        TempData["Flash"] = wasActive == client.IsActive
            ? $"Client {client.Name} saved."
            : PortalAccess.DescribeActivation(client.Name, client.IsActive,
                await PortalAccess.ClientActivationChangedAsync(db, cache, id, client.IsActive, ct));
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostSiteAsync(int id, CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Site));
        if (!await db.Clients.AnyAsync(c => c.Id == id, ct))
        {
            return NotFound();
        }

        if (ModelState.HasBindingErrors(nameof(Site)))
        {
            return await RedisplayAsync(id, ct);
        }

        Site? site;
        try
        {
            if (Site.Id is { } siteId)
            {
                site = await db.Sites.SingleOrDefaultAsync(s => s.Id == siteId && s.ClientId == id, ct);
                if (site is null)
                {
                    return NotFound();
                }

                site.Update(Site.Name ?? "", Site.Address);
            }
            else
            {
                site = new Site(id, Site.Name ?? "", Site.Address);
                db.Sites.Add(site);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddRule(nameof(Site), e);
            return await RedisplayAsync(id, ct);
        }

        await db.SaveChangesAsync(ct);
        TempData["Flash"] = Site.Id is null ? $"Site {site.Name} added." : $"Site {site.Name} saved.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostContactAsync(int id, CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Contact));
        if (!await db.Clients.AnyAsync(c => c.Id == id, ct))
        {
            return NotFound();
        }

        if (ModelState.HasBindingErrors(nameof(Contact)))
        {
            return await RedisplayAsync(id, ct);
        }

        Contact? contact;
        try
        {
            if (Contact.Id is { } contactId)
            {
                contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == contactId && c.ClientId == id, ct);
                if (contact is null)
                {
                    return NotFound();
                }

                contact.Update(Contact.Name ?? "", Contact.Email ?? "", Contact.Phone, Contact.JobTitle, Contact.SiteId);
            }
            else
            {
                contact = new Contact(id, Contact.Name ?? "", Contact.Email ?? "", Contact.Phone, Contact.JobTitle, Contact.SiteId);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddRule(nameof(Contact), e);
            return await RedisplayAsync(id, ct);
        }

        await CheckSiteAsync(id, Contact.SiteId, "Contact.SiteId", ct);
        if (await db.Contacts.AnyAsync(c => c.ClientId == id && c.Email == contact.Email && c.Id != contact.Id, ct))
        {
            ModelState.AddModelError("Contact.Email", $"{contact.Email} is already a contact of this client.");
        }

        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(id, ct);
        }

        if (Contact.Id is null)
        {
            db.Contacts.Add(contact);
        }

        // A contact with portal access signs in with their contact e-mail: keep the account in step, or neither changes.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await TrySaveAsync("Contact.Email", $"{contact.Email} is already a contact of this client.", ct))
        {
            return await RedisplayAsync(id, ct);
        }

        var account = Contact.Id is null ? null : await users.Users.SingleOrDefaultAsync(u => u.ContactId == contact.Id, ct);
        if (account is not null && (account.Email != contact.Email || account.DisplayName != contact.Name))
        {
            account.Email = account.UserName = contact.Email;
            account.DisplayName = contact.Name;
            var result = await users.UpdateAsync(account);
            if (!result.Succeeded)
            {
                await tx.RollbackAsync(ct);
                ModelState.AddIdentityErrors(result, "Contact.Email", "Contact.Email");
                return await RedisplayAsync(id, ct);
            }
        }

        await tx.CommitAsync(ct);
        TempData["Flash"] = Contact.Id is null ? $"Contact {contact.Name} added." : $"Contact {contact.Name} saved.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostItemAsync(int id, CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Item));
        if (!await db.Clients.AnyAsync(c => c.Id == id, ct))
        {
            return NotFound();
        }

        if (ModelState.HasBindingErrors(nameof(Item)))
        {
            return await RedisplayAsync(id, ct);
        }

        ConfigurationItem? item;
        try
        {
            if (Item.Id is { } itemId)
            {
                item = await db.ConfigurationItems.SingleOrDefaultAsync(i => i.Id == itemId && i.ClientId == id, ct);
                if (item is null)
                {
                    return NotFound();
                }

                item.Update(Item.Name ?? "", Item.Type ?? "", Item.SiteId);
            }
            else
            {
                item = new ConfigurationItem(id, Item.Name ?? "", Item.Type ?? "", Item.SiteId);
                db.ConfigurationItems.Add(item);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddRule(nameof(Item), e);
            return await RedisplayAsync(id, ct);
        }

        await CheckSiteAsync(id, Item.SiteId, "Item.SiteId", ct);
        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(id, ct);
        }

        await db.SaveChangesAsync(ct);
        TempData["Flash"] = Item.Id is null ? $"Configuration item {item.Name} added." : $"Configuration item {item.Name} saved.";
        return RedirectToPage(new { id });
    }

    /// <summary>Gives a contact a portal account: they sign in with their contact e-mail and see only this client's tickets.</summary>
    public async Task<IActionResult> OnPostPortalAsync(int id, CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Portal));
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == Portal.ContactId && c.ClientId == id, ct);
        if (contact is null)
        {
            return NotFound();
        }

        if (await db.Users.AnyAsync(u => u.ContactId == contact.Id, ct))
        {
            ModelState.AddModelError(nameof(Portal), $"{contact.Name} already has portal access.");
        }
        else if (await users.FindByEmailAsync(contact.Email) is not null)
        {
            ModelState.AddModelError(nameof(Portal), $"Another account already signs in as {contact.Email}; change the contact's e-mail first.");
        }

        if (string.IsNullOrEmpty(Portal.Password) || Portal.Password.Length < 10)
        {
            ModelState.AddModelError("Portal.Password", "Type a password of at least 10 characters for the contact's first sign-in.");
        }

        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(id, ct);
        }

        var account = new BatonUser
        {
            UserName = contact.Email,
            Email = contact.Email,
            EmailConfirmed = true,
            DisplayName = contact.Name,
            ClientId = id,
            ContactId = contact.Id,
        };

        // Account and role together, or neither: a contact account without its role would be a user who sees nothing.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.CreateAsync(account, Portal.Password!);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(account, Roles.ClientContact);
        }

        if (!result.Succeeded)
        {
            await tx.RollbackAsync(ct);
            ModelState.AddIdentityErrors(result, nameof(Portal), "Portal.Password");
            return await RedisplayAsync(id, ct);
        }

        await tx.CommitAsync(ct);
        TempData["Flash"] = $"{contact.Name} can now sign in to the portal as {contact.Email}. Give them the password you chose.";
        return RedirectToPage(new { id });
    }

    /// <summary>Revokes a contact's portal access (a leaver): sign-in, open sessions and API tokens stop at once.</summary>
    public async Task<IActionResult> OnPostRevokeAccessAsync(int id, CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Access));
        try
        {
            if (await PortalAccess.RevokeAsync(db, cache, Infrastructure.Auth.CurrentUser.From(User), id, Access.ContactId, Access.Reason, clock, ct) is not { } done)
            {
                return NotFound();
            }

            TempData["Flash"] = $"Portal and API access of {done.SignIn} revoked: their sessions and tokens stop working now.";
            return RedirectToPage(new { id });
        }
        catch (DomainRuleException e)
        {
            ModelState.AddRule(nameof(Access), e);
            return await RedisplayAsync(id, ct);
        }
    }

    public async Task<IActionResult> OnPostRestoreAccessAsync(int id, CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Access));
        try
        {
            if (await PortalAccess.RestoreAsync(db, Infrastructure.Auth.CurrentUser.From(User), id, Access.ContactId, Access.Reason, clock, ct) is not { } done)
            {
                return NotFound();
            }

            TempData["Flash"] = done.CanSignIn
                ? $"Portal access of {done.SignIn} restored: they can sign in again with their password, and their tokens work again."
                : $"Portal access of {done.SignIn} restored; they can sign in once the client is active again.";
            return RedirectToPage(new { id });
        }
        catch (DomainRuleException e)
        {
            ModelState.AddRule(nameof(Access), e);
            return await RedisplayAsync(id, ct);
        }
    }

    private async Task CheckSiteAsync(int clientId, int? siteId, string key, CancellationToken ct)
    {
        if (siteId is { } s && !await db.Sites.AnyAsync(x => x.Id == s && x.ClientId == clientId, ct))
        {
            ModelState.AddModelError(key, "Choose one of this client's sites.");
        }
    }

    private async Task<bool> TrySaveAsync(string key, string takenMessage, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            ModelState.AddModelError(key, takenMessage);
            return false;
        }
    }

    /// <summary>Shows the page again with the posted form and its errors; everything else is read fresh.</summary>
    private async Task<IActionResult> RedisplayAsync(int id, CancellationToken ct)
    {
        var page = await RedisplayClientFormAsync(id, ct);
        Input = new ClientInput { Name = Client.Name, Code = Client.Code, IsActive = Client.IsActive, TimeZoneId = Client.TimeZoneId };
        return page;
    }

    /// <summary>As <see cref="RedisplayAsync"/>, keeping what was typed into the client's own form.</summary>
    private async Task<IActionResult> RedisplayClientFormAsync(int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new ClientSummary(c.Id, c.Name, c.Code, c.IsActive, c.TimeZoneId)).SingleOrDefaultAsync(ct);
        if (client is null)
        {
            return false;
        }

        Client = client;
        Sites = await db.Sites.AsNoTracking().Where(s => s.ClientId == id).OrderBy(s => s.Name)
            .Select(s => new SiteRow(s.Id, s.Name, s.Address)).ToListAsync(ct);
        var accounts = await db.Users.AsNoTracking().Where(u => u.ClientId == id && u.ContactId != null)
            .Select(u => new { ContactId = u.ContactId!.Value, u.Email }).ToListAsync(ct);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.ClientId == id).OrderBy(c => c.Name).ToListAsync(ct);
        var history = await PortalAccess.HistoryAsync(db, contacts.Select(c => c.Id).ToList(), ct);
        Contacts = contacts
            .Select(c => new ContactRow(c.Id, c.Name, c.Email, c.Phone, c.JobTitle, c.SiteId,
                accounts.FirstOrDefault(a => a.ContactId == c.Id)?.Email, c.PortalAccessRevoked, history.GetValueOrDefault(c.Id)?.FirstOrDefault()))
            .ToList();
        Items = await db.ConfigurationItems.AsNoTracking().Where(i => i.ClientId == id).OrderBy(i => i.Name)
            .Select(i => new ItemRow(i.Id, i.Name, i.Type, i.SiteId)).ToListAsync(ct);
        return true;
    }
}
