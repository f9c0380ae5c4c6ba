using Baton.Domain;
using Baton.Domain.Clients;
using Baton.Web.Data;
using Baton.Web.Features.Contacts;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Errors;
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
public sealed class DetailsModel(BatonDb db, UserManager<BatonUser> users, IMemoryCache cache, Account.AccountMail mail, TimeProvider clock) : PageModel
{
    public sealed record ClientInput
    {
        public string? Name { get; set; }
        public string? Code { get; set; }
        public bool IsActive { get; set; }

        /// <summary>IANA zone the client works in: engagements are scheduled and shown in it.</summary>
        public string? TimeZoneId { get; set; }

        /// <summary>The staff member who is the client's account manager (a user id); none when empty.</summary>
        public string? AccountManagerId { get; set; }
    }

    public sealed record MailInput
    {
        /// <summary>The domains, as typed: separated by commas, spaces or lines.</summary>
        public string? MailDomains { get; set; }
        public bool CreateContactsFromMail { get; set; }
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

        /// <summary>The keys of the contact roles ticked: the contact holds exactly these.</summary>
        public List<string> RoleKeys { get; set; } = [];
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

    public sealed record ClientSummary(int Id, string Name, string Code, bool IsActive, string TimeZoneId, string MailDomains, bool CreatesContactsFromMail, string? AccountManagerId);
    public sealed record SiteRow(int Id, string Name, string Address);
    /// <summary>A contact as the table shows it; Invited: the portal account has no password yet (invited, not yet chosen one).</summary>
    public sealed record ContactRow(int Id, string Name, string Email, string Phone, string JobTitle, int? SiteId, string? PortalSignIn, bool PortalAccessRevoked, PortalAccessChangeResponse? LastAccessChange, bool Invited = false)
    {
        /// <summary>The keys of the contact roles the contact holds.</summary>
        public IReadOnlyList<string> RoleKeys { get; init; } = [];

        /// <summary>Why mail to the address is not sent (it bounced for good); null while it is delivered.</summary>
        public string? MailUndeliverable { get; init; }
    }

    /// <summary>Whether portal access can come with an invitation by mail (else a first password is required).</summary>
    public bool MailEnabled => mail.Enabled;

    public Account.AccountMailOptions MailOptions => mail.Options;
    public sealed record ItemRow(int Id, string Name, string Type, int? SiteId);

    [BindProperty]
    public ClientInput Input { get; set; } = new();

    [BindProperty]
    public MailInput Mail { get; set; } = new();

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

    public ClientSummary Client { get; private set; } = new(0, "", "", false, "UTC", "", false, null);

    /// <summary>Who can be the account manager: active staff, and the current one even if deactivated since.</summary>
    public List<StaffMember> Staff { get; private set; } = [];

    /// <summary>The account manager's name; null when the client has none.</summary>
    public string? AccountManagerName { get; private set; }

    /// <summary>Every contact role, retired ones too (a contact keeps a retired role they hold).</summary>
    public List<ContactRoleResponse> Roles { get; private set; } = [];

    /// <summary>The roles the contact form offers: the active ones, and the retired ones the contact holds.</summary>
    public IEnumerable<ContactRoleResponse> RoleChoices => Roles.Where(r => r.IsActive || Contact.RoleKeys.Contains(r.Key));

    public string RoleNames(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => Roles.SingleOrDefault(r => r.Key == k)?.Name ?? k));
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

        Input = ClientForm();
        Mail = new MailInput { MailDomains = Client.MailDomains.Replace(" ", ", ", StringComparison.Ordinal), CreateContactsFromMail = Client.CreatesContactsFromMail };
        if (site is not null)
        {
            var s = Sites.SingleOrDefault(x => x.Id == site);
            Site = s is null ? new() : new SiteInput { Id = s.Id, Name = s.Name, Address = s.Address };
        }

        if (contact is not null)
        {
            var c = Contacts.SingleOrDefault(x => x.Id == contact);
            Contact = c is null ? new() : new ContactInput { Id = c.Id, Name = c.Name, Email = c.Email, Phone = c.Phone, JobTitle = c.JobTitle, SiteId = c.SiteId, RoleKeys = [.. c.RoleKeys] };
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
        if (!await db.Clients.AnyAsync(c => c.Id == id, ct))
        {
            return NotFound();
        }

        if (ModelState.HasBindingErrors(nameof(Input)))
        {
            return await RedisplayClientFormAsync(id, ct);
        }

        SaveClient.Saved? saved;
        try
        {
            saved = await SaveClient.UpdateAsync(db, cache, clock, id, new ClientRequest(Input.Name ?? "", Input.Code ?? "", Input.IsActive, Input.TimeZoneId, AccountManagerId: Input.AccountManagerId ?? ""), ct);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
            return await RedisplayClientFormAsync(id, ct);
        }

        if (saved is not { Client: var client })
        {
            return NotFound();
        }

        TempData["Flash"] = saved.AccountsChanged is { } accounts
            ? PortalAccess.DescribeActivation(client.Name, client.IsActive, accounts)
            : $"Client {client.Name} saved.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostMailAsync(int id, CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Mail));
        if (ModelState.HasBindingErrors(nameof(Mail)))
        {
            return await RedisplayClientFormAsync(id, ct);
        }

        Client? client;
        try
        {
            client = await SaveClient.SetMailDomainsAsync(db, id, [Mail.MailDomains ?? ""], Mail.CreateContactsFromMail, ct);
        }
        catch (Exception e) when (this.Refused(nameof(Mail), e))
        {
            return await RedisplayClientFormAsync(id, ct);
        }

        if (client is null)
        {
            return NotFound();
        }

        TempData["Flash"] = client.MailDomainList.Count == 0
            ? $"{client.Name} has no mail domains: mail from unknown addresses waits in the unknown senders list."
            : $"Mail domains of {client.Name} saved: {string.Join(", ", client.MailDomainList)}" +
                (client.CreatesContactsFromMail ? "; an unknown sender there becomes a new contact." : "; an unknown sender there waits in the unknown senders list.");
        return RedirectToPage(null, null, new { id }, "mail");
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
        catch (Exception e) when (this.Refused(nameof(Site), e))
        {
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
            var request = new ContactRequest(Contact.Name ?? "", Contact.Email ?? "", Contact.Phone, Contact.JobTitle, Contact.SiteId, Contact.RoleKeys);
            var by = Infrastructure.Auth.CurrentUser.From(User);
            contact = Contact.Id is { } contactId
                ? await SaveContact.UpdateAsync(db, users, by, id, contactId, request, ct)
                : await SaveContact.CreateAsync(db, users, by, id, request, ct);
        }
        catch (Exception e) when (this.Refused(nameof(Contact), e))
        {
            return await RedisplayAsync(id, ct);
        }

        if (contact is null)
        {
            return NotFound();
        }

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
        catch (Exception e) when (this.Refused(nameof(Item), e))
        {
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
        PortalAccessResponse? granted;
        try
        {
            granted = await GrantPortalAccess.ExecuteAsync(db, users, mail, Infrastructure.Auth.CurrentUser.From(User), id, Portal.ContactId, new GrantPortalAccessRequest(Portal.Password), ct);
        }
        catch (Exception e) when (this.Refused(nameof(Portal), e))
        {
            return await RedisplayAsync(id, ct);
        }

        if (granted is null)
        {
            return NotFound();
        }

        var name = await db.Contacts.Where(c => c.Id == Portal.ContactId).Select(c => c.Name).SingleAsync(ct);
        TempData["Flash"] = granted.InvitationPending
            ? $"{name} has a portal account and an invitation on its way to {granted.SignIn} to choose a password (the link works for {Account.AccountMail.Lifespan(mail.Options.InvitationLifespan)})."
            : $"{name} can now sign in to the portal as {granted.SignIn}. Give them the password you chose.";
        return RedirectToPage(new { id });
    }

    /// <summary>A new invitation for a contact who has not chosen a password yet; the earlier links stop working.</summary>
    public async Task<IActionResult> OnPostInviteAsync(int id, CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Access));
        try
        {
            if (await GrantPortalAccess.InviteAgainAsync(db, users, mail, clock, Infrastructure.Auth.CurrentUser.From(User), id, Access.ContactId, ct) is not { } done)
            {
                return NotFound();
            }

            TempData["Flash"] = $"A new invitation is on its way to {done.SignIn}; the earlier links no longer work.";
            return RedirectToPage(new { id });
        }
        catch (Exception e) when (this.Refused(nameof(Access), e))
        {
            return await RedisplayAsync(id, ct);
        }
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
        catch (Exception e) when (this.Refused(nameof(Access), e))
        {
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
        catch (Exception e) when (this.Refused(nameof(Access), e))
        {
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

    /// <summary>Shows the page again with the posted form and its errors; everything else is read fresh.</summary>
    private async Task<IActionResult> RedisplayAsync(int id, CancellationToken ct)
    {
        var page = await RedisplayClientFormAsync(id, ct);
        Input = ClientForm();
        return page;
    }

    private ClientInput ClientForm() =>
        new() { Name = Client.Name, Code = Client.Code, IsActive = Client.IsActive, TimeZoneId = Client.TimeZoneId, AccountManagerId = Client.AccountManagerId };

    /// <summary>As <see cref="RedisplayAsync"/>, keeping what was typed into the client's own form.</summary>
    private async Task<IActionResult> RedisplayClientFormAsync(int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new ClientSummary(c.Id, c.Name, c.Code, c.IsActive, c.TimeZoneId, c.MailDomains, c.CreatesContactsFromMail, c.AccountManagerId)).SingleOrDefaultAsync(ct);
        if (client is null)
        {
            return false;
        }

        Client = client;
        Staff = await Agents.ActiveStaffAsync(db, clock.GetUtcNow(), ct);
        AccountManagerName = client.AccountManagerId is null ? null
            : Staff.SingleOrDefault(s => s.Id == client.AccountManagerId)?.DisplayName
                ?? await db.Users.Where(u => u.Id == client.AccountManagerId).Select(u => u.DisplayName + " (deactivated)").SingleOrDefaultAsync(ct);
        if (client.AccountManagerId is { } manager && Staff.All(s => s.Id != manager) && AccountManagerName is { } name)
        {
            Staff.Add(new StaffMember(manager, name));
        }

        Roles = await SaveContactRole.ListAsync(db, ct);
        Sites = await db.Sites.AsNoTracking().Where(s => s.ClientId == id).OrderBy(s => s.Name)
            .Select(s => new SiteRow(s.Id, s.Name, s.Address)).ToListAsync(ct);
        var accounts = await db.Users.AsNoTracking().Where(u => u.ClientId == id && u.ContactId != null)
            .Select(u => new { ContactId = u.ContactId!.Value, u.Email, Invited = u.PasswordHash == null }).ToListAsync(ct);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.ClientId == id).OrderBy(c => c.Name).ToListAsync(ct);
        var history = await PortalAccess.HistoryAsync(db, contacts.Select(c => c.Id).ToList(), ct);
        var roleKeys = await SaveContact.RoleKeysAsync(db, contacts.Select(c => c.Id).ToList(), ct);
        Contacts = contacts
            .Select(c => new ContactRow(c.Id, c.Name, c.Email, c.Phone, c.JobTitle, c.SiteId,
                accounts.FirstOrDefault(a => a.ContactId == c.Id)?.Email, c.PortalAccessRevoked, history.GetValueOrDefault(c.Id)?.FirstOrDefault(),
                accounts.FirstOrDefault(a => a.ContactId == c.Id)?.Invited == true)
            {
                MailUndeliverable = c.MailUndeliverable,
                RoleKeys = roleKeys.GetValueOrDefault(c.Id) ?? [],
            })
            .ToList();
        Items = await db.ConfigurationItems.AsNoTracking().Where(i => i.ClientId == id).OrderBy(i => i.Name)
            .Select(i => new ItemRow(i.Id, i.Name, i.Type, i.SiteId)).ToListAsync(ct);
        return true;
    }
}
