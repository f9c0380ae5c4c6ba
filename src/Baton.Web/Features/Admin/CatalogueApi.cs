using Baton.Domain.Clients;
using Baton.Domain.Teams;
using Baton.Web.Data;
using Baton.Web.Features.Account;
using Baton.Web.Features.Admin.Clients;
using Baton.Web.Features.Contacts;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Admin;

/// <summary>A client; <see cref="AccountManagerId"/> is the user id of the staff member who is its account manager (see /api/v1/agents), or null.</summary>
public sealed record ClientResponse(int Id, string Name, string Code, bool IsActive, string TimeZoneId, IReadOnlyList<string> MailDomains, bool CreateContactsFromMail, string? AccountManagerId);

/// <summary>
/// A client; <see cref="TimeZoneId"/> (IANA, e.g. Europe/London) is the zone its engagements are scheduled in.
/// <see cref="MailDomains"/> are the domains its people write from (northwind.example; no public mail services), and
/// <see cref="CreateContactsFromMail"/> makes an unknown sender there a new contact of the client.
/// <see cref="AccountManagerId"/> is the user id of an active administrator, manager or agent who is the client's
/// account manager; "" for none. Omitted: UTC, no domains, off and no account manager on create; unchanged on update.
/// </summary>
public sealed record ClientRequest(string Name, string Code, bool IsActive = true, string? TimeZoneId = null, IReadOnlyList<string>? MailDomains = null, bool? CreateContactsFromMail = null, string? AccountManagerId = null);
public sealed record SiteResponse(int Id, int ClientId, string Name, string Address);
public sealed record ConfigurationItemResponse(int Id, int ClientId, string Name, string Type, int? SiteId);
public sealed record TeamResponse(int Id, string Name, string Description, IReadOnlyList<string> MemberIds);
public sealed record TeamRequest(string Name, string? Description = null);

/// <summary>
/// Clients, contacts, teams and agents over the API. Client contacts see only their own organisation here too;
/// everything else answers 404 to them, exactly as the pages do.
/// </summary>
public static class CatalogueApi
{
    public static RouteGroupBuilder MapCatalogueApi(this RouteGroupBuilder api)
    {
        var clients = api.MapGroup("/clients").WithTags("Clients");
        clients.MapGet("/", ListClients).WithName("ListClients");
        clients.MapPost("/", CreateClient).WithName("CreateClient").RequireAuthorization(Policies.CatalogueAdmin);
        clients.MapGet("/{clientId:int}", GetClient).WithName("GetClient");
        clients.MapPut("/{clientId:int}", UpdateClient).WithName("UpdateClient").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Rename, recode, (de)activate a client, set its time zone (IANA id) or its account manager (an active staff member's user id; \"\" for none).");
        clients.MapGet("/{clientId:int}/contacts", ListContacts).WithName("ListContacts");
        clients.MapPost("/{clientId:int}/contacts", CreateContact).WithName("CreateContact").RequireAuthorization(Policies.Staff)
            .WithSummary("Add a contact to a client (any of the service desk: a caller not in Baton yet). The e-mail is unique within the client.");
        clients.MapPut("/{clientId:int}/contacts/{contactId:int}", UpdateContact).WithName("UpdateContact").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Change a contact; a contact with portal access then signs in with the new e-mail.");
        clients.MapPost("/{clientId:int}/contacts/{contactId:int}/portal-access", GrantPortalAccessTo).WithName("GrantPortalAccess")
            .RequireAuthorization(Policies.CatalogueAdmin).WithSummary("Give a contact a portal account. Without a password (the default) the contact is mailed an invitation to choose their own (the link works once, for Mail:Accounts:InvitationLifespan, 7 days by default); with a first password (at least 10 characters) you pass it on yourself. When the desk sends no mail, the password is required.");
        clients.MapPost("/{clientId:int}/contacts/{contactId:int}/portal-access/invitation", InvitePortalContactAgain).WithName("InvitePortalContactAgain")
            .RequireAuthorization(Policies.CatalogueAdmin).WithSummary("Mail a contact who has not chosen a password yet a new invitation; the links of earlier invitations stop working.");
        clients.MapGet("/{clientId:int}/contacts/{contactId:int}/portal-access", GetPortalAccess).WithName("GetPortalAccess")
            .RequireAuthorization(Policies.CatalogueAdmin).WithSummary("Whether the contact can use the portal and the API, and who revoked or restored it, when and why.");
        clients.MapPost("/{clientId:int}/contacts/{contactId:int}/portal-access/revoke", RevokePortalAccess).WithName("RevokePortalAccess")
            .RequireAuthorization(Policies.CatalogueAdmin).WithSummary("Cut a contact off (a leaver): sign-in, open sessions and API tokens stop at once. A reason is required.");
        clients.MapPost("/{clientId:int}/contacts/{contactId:int}/portal-access/restore", RestorePortalAccess).WithName("RestorePortalAccess")
            .RequireAuthorization(Policies.CatalogueAdmin).WithSummary("Give a revoked contact their portal access back (the same account and tokens).");
        clients.MapGet("/{clientId:int}/sites", ListSites).WithName("ListSites");
        clients.MapGet("/{clientId:int}/configuration-items", ListItems).WithName("ListConfigurationItems");

        api.MapGet("/contacts", SearchContacts).WithTags("Clients").WithName("SearchContacts")
            .WithSummary($"Find requesters by part of a name, e-mail or client's name (q, every word must match); at most {RequesterSearch.Limit}, active clients only. A client contact finds their own organisation's contacts only.");

        var teams = api.MapGroup("/teams").WithTags("Teams").RequireAuthorization(Policies.Staff);
        teams.MapGet("/", ListTeams).WithName("ListTeams");
        teams.MapPost("/", CreateTeam).WithName("CreateTeam").RequireAuthorization(Policies.CatalogueAdmin);
        teams.MapPut("/{teamId:int}", UpdateTeam).WithName("UpdateTeam").RequireAuthorization(Policies.CatalogueAdmin);

        var categories = api.MapGroup("/categories").WithTags("Categories").RequireAuthorization(Policies.Staff);
        categories.MapGet("/", ListCategories).WithName("ListCategories");
        categories.MapPost("/", CreateCategory).WithName("CreateCategory").RequireAuthorization(Policies.CatalogueAdmin);
        categories.MapPut("/{categoryId:int}", UpdateCategory).WithName("UpdateCategory").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Rename a category, or deactivate it (tickets that use it keep it).");

        var contactRoles = api.MapGroup("/contact-roles").WithTags("Contact roles").RequireAuthorization(Policies.Staff);
        contactRoles.MapGet("/", ListContactRoles).WithName("ListContactRoles")
            .WithSummary("The roles a client's contact can hold (IT manager, approver, …), with how many contacts hold each; the RASCI matrix names them by key.");
        contactRoles.MapPost("/", CreateContactRole).WithName("CreateContactRole").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Add a contact role; its key is derived from the name (Finance lead → finance-lead) and never changes. A name or key another role has is refused.");
        contactRoles.MapPut("/{contactRoleId:int}", UpdateContactRole).WithName("UpdateContactRole").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Rename a contact role (its key stays), or retire it (isActive false: its contacts keep it, nobody new takes it) or restore it. A role is never deleted.");

        api.MapGet("/agents", ListAgents).WithTags("Agents").WithName("ListAgents").RequireAuthorization(Policies.Staff);
        return api;
    }

    private static bool MaySee(CurrentUser user, int clientId) => user.IsStaff || user.ClientId == clientId;

    private static ProblemHttpResult NoClient(int clientId) =>
        TypedResults.Problem(title: "Not found", detail: $"There is no client {clientId} that you can see.", statusCode: 404);

    public static async Task<Ok<List<ClientResponse>>> ListClients(BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var clients = await db.Clients.AsNoTracking()
            .Where(c => user.IsStaff || c.Id == user.ClientId)
            .OrderBy(c => c.Name)
            .ToListAsync(ct);
        return TypedResults.Ok(clients.Select(SaveClient.Describe).ToList());
    }

    public static async Task<Results<Ok<ClientResponse>, ProblemHttpResult>> GetClient(int clientId, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var client = MaySee(user, clientId)
            ? await db.Clients.AsNoTracking().Where(c => c.Id == clientId).SingleOrDefaultAsync(ct)
            : null;
        return client is null ? NoClient(clientId) : TypedResults.Ok(SaveClient.Describe(client));
    }

    public static async Task<Created<ClientResponse>> CreateClient(ClientRequest request, BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        var client = await SaveClient.CreateAsync(db, clock, request, ct);
        return TypedResults.Created($"/api/v1/clients/{client.Id}", SaveClient.Describe(client));
    }

    public static async Task<Results<Ok<ClientResponse>, ProblemHttpResult>> UpdateClient(int clientId, ClientRequest request, BatonDb db, IMemoryCache cache, TimeProvider clock, CancellationToken ct) =>
        await SaveClient.UpdateAsync(db, cache, clock, clientId, request, ct) is { } saved ? TypedResults.Ok(SaveClient.Describe(saved.Client)) : NoClient(clientId);

    private static ProblemHttpResult NoContact(int clientId, int contactId) =>
        TypedResults.Problem(title: "Not found", detail: $"Client {clientId} has no contact {contactId}.", statusCode: 404);

    public static async Task<Results<Ok<PortalAccessResponse>, ProblemHttpResult>> GetPortalAccess(int clientId, int contactId, BatonDb db, CancellationToken ct) =>
        await PortalAccess.DescribeAsync(db, clientId, contactId, ct) is { } access ? TypedResults.Ok(access) : NoContact(clientId, contactId);

    public static async Task<Results<Ok<PortalAccessResponse>, ProblemHttpResult>> RevokePortalAccess(
        int clientId, int contactId, PortalAccessRequest request, BatonDb db, IMemoryCache cache, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await PortalAccess.RevokeAsync(db, cache, CurrentUser.From(http.User), clientId, contactId, request.Reason, clock, ct) is { } access
            ? TypedResults.Ok(access)
            : NoContact(clientId, contactId);

    public static async Task<Results<Ok<PortalAccessResponse>, ProblemHttpResult>> RestorePortalAccess(
        int clientId, int contactId, PortalAccessRequest? request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await PortalAccess.RestoreAsync(db, CurrentUser.From(http.User), clientId, contactId, request?.Reason, clock, ct) is { } access
            ? TypedResults.Ok(access)
            : NoContact(clientId, contactId);

    public static async Task<Results<Ok<List<ContactResponse>>, ProblemHttpResult>> ListContacts(int clientId, BatonDb db, HttpContext http, CancellationToken ct)
    {
        if (!MaySee(CurrentUser.From(http.User), clientId) || !await db.Clients.AnyAsync(c => c.Id == clientId, ct))
        {
            return NoClient(clientId);
        }

        var contacts = await db.Contacts.AsNoTracking().Where(c => c.ClientId == clientId).OrderBy(c => c.Name).ToListAsync(ct);
        var roles = await SaveContact.RoleKeysAsync(db, contacts.Select(c => c.Id).ToList(), ct);
        return TypedResults.Ok(contacts.Select(c => SaveContact.Describe(c, roles.GetValueOrDefault(c.Id) ?? [])).ToList());
    }

    public sealed record ContactMatchResponse(int Id, string Name, string Email, int ClientId, string ClientName, string Label);

    public static async Task<Ok<List<ContactMatchResponse>>> SearchContacts(string? q, BatonDb db, HttpContext http, CancellationToken ct)
    {
        if (q is { Length: > RequesterSearch.MaxQueryLength })
        {
            throw InputInvalidException.For("q", $"Search with at most {RequesterSearch.MaxQueryLength} characters.");
        }

        var matches = await RequesterSearch.FindAsync(db, CurrentUser.From(http.User), q, ct);
        return TypedResults.Ok(matches.Select(m => new ContactMatchResponse(m.ContactId, m.Name, m.Email, m.ClientId, m.ClientName, m.Label)).ToList());
    }

    public static async Task<Results<Created<ContactResponse>, ProblemHttpResult>> CreateContact(
        int clientId, ContactRequest request, BatonDb db, UserManager<BatonUser> users, HttpContext http, CancellationToken ct) =>
        await SaveContact.CreateAsync(db, users, CurrentUser.From(http.User), clientId, request, ct) is { } contact
            ? TypedResults.Created($"/api/v1/clients/{clientId}/contacts", await SaveContact.DescribeAsync(db, contact, ct))
            : NoClient(clientId);

    public static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> UpdateContact(
        int clientId, int contactId, ContactRequest request, BatonDb db, UserManager<BatonUser> users, HttpContext http, CancellationToken ct) =>
        await SaveContact.UpdateAsync(db, users, CurrentUser.From(http.User), clientId, contactId, request, ct) is { } contact
            ? TypedResults.Ok(await SaveContact.DescribeAsync(db, contact, ct))
            : NoContact(clientId, contactId);

    public static async Task<Results<Ok<PortalAccessResponse>, ProblemHttpResult>> GrantPortalAccessTo(
        int clientId, int contactId, GrantPortalAccessRequest? request, BatonDb db, UserManager<BatonUser> users, AccountMail mail, HttpContext http, CancellationToken ct) =>
        await GrantPortalAccess.ExecuteAsync(db, users, mail, CurrentUser.From(http.User), clientId, contactId, request ?? new GrantPortalAccessRequest(), ct) is { } access
            ? TypedResults.Ok(access)
            : NoContact(clientId, contactId);

    public static async Task<Results<Ok<PortalAccessResponse>, ProblemHttpResult>> InvitePortalContactAgain(
        int clientId, int contactId, BatonDb db, UserManager<BatonUser> users, AccountMail mail, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        await GrantPortalAccess.InviteAgainAsync(db, users, mail, clock, CurrentUser.From(http.User), clientId, contactId, ct) is { } access
            ? TypedResults.Ok(access)
            : NoContact(clientId, contactId);

    public static async Task<Results<Ok<List<SiteResponse>>, ProblemHttpResult>> ListSites(int clientId, BatonDb db, HttpContext http, CancellationToken ct)
    {
        if (!MaySee(CurrentUser.From(http.User), clientId) || !await db.Clients.AnyAsync(c => c.Id == clientId, ct))
        {
            return NoClient(clientId);
        }

        return TypedResults.Ok(await db.Sites.AsNoTracking().Where(s => s.ClientId == clientId).OrderBy(s => s.Name)
            .Select(s => new SiteResponse(s.Id, s.ClientId, s.Name, s.Address)).ToListAsync(ct));
    }

    public static async Task<Results<Ok<List<ConfigurationItemResponse>>, ProblemHttpResult>> ListItems(int clientId, BatonDb db, HttpContext http, CancellationToken ct)
    {
        if (!MaySee(CurrentUser.From(http.User), clientId) || !await db.Clients.AnyAsync(c => c.Id == clientId, ct))
        {
            return NoClient(clientId);
        }

        return TypedResults.Ok(await db.ConfigurationItems.AsNoTracking().Where(c => c.ClientId == clientId).OrderBy(c => c.Name)
            .Select(c => new ConfigurationItemResponse(c.Id, c.ClientId, c.Name, c.Type, c.SiteId)).ToListAsync(ct));
    }

    public static async Task<Ok<List<TeamResponse>>> ListTeams(BatonDb db, CancellationToken ct)
    {
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        var members = await db.TeamMembers.AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(teams.Select(t => new TeamResponse(t.Id, t.Name, t.Description,
            members.Where(m => m.TeamId == t.Id).Select(m => m.UserId).ToList())).ToList());
    }

    public static async Task<Created<TeamResponse>> CreateTeam(TeamRequest request, BatonDb db, CancellationToken ct)
    {
        var team = (await SaveTeam.ExecuteAsync(db, null, request, ct))!;
        return TypedResults.Created($"/api/v1/teams/{team.Id}", new TeamResponse(team.Id, team.Name, team.Description, []));
    }

    public static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> UpdateTeam(int teamId, TeamRequest request, BatonDb db, CancellationToken ct)
    {
        if (await SaveTeam.ExecuteAsync(db, teamId, request, ct) is not { } team)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no team {teamId}.", statusCode: 404);
        }

        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId).Select(m => m.UserId).ToListAsync(ct);
        return TypedResults.Ok(new TeamResponse(team.Id, team.Name, team.Description, members));
    }

    public static async Task<Ok<List<CategoryResponse>>> ListCategories(BatonDb db, CancellationToken ct) =>
        TypedResults.Ok(await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new CategoryResponse(c.Id, c.Name, c.IsActive)).ToListAsync(ct));

    public static async Task<Created<CategoryResponse>> CreateCategory(CategoryRequest request, BatonDb db, CancellationToken ct)
    {
        var category = (await SaveCategory.ExecuteAsync(db, null, request, ct))!;
        return TypedResults.Created($"/api/v1/categories/{category.Id}", SaveCategory.Describe(category));
    }

    public static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> UpdateCategory(int categoryId, CategoryRequest request, BatonDb db, CancellationToken ct) =>
        await SaveCategory.ExecuteAsync(db, categoryId, request, ct) is { } category
            ? TypedResults.Ok(SaveCategory.Describe(category))
            : TypedResults.Problem(title: "Not found", detail: $"There is no category {categoryId}.", statusCode: 404);

    public static async Task<Ok<List<ContactRoleResponse>>> ListContactRoles(BatonDb db, CancellationToken ct) =>
        TypedResults.Ok(await SaveContactRole.ListAsync(db, ct));

    public static async Task<Created<ContactRoleResponse>> CreateContactRole(ContactRoleRequest request, BatonDb db, CancellationToken ct)
    {
        var role = (await SaveContactRole.ExecuteAsync(db, null, request, ct))!;
        return TypedResults.Created($"/api/v1/contact-roles/{role.Id}", await SaveContactRole.DescribeAsync(db, role, ct));
    }

    public static async Task<Results<Ok<ContactRoleResponse>, ProblemHttpResult>> UpdateContactRole(int contactRoleId, ContactRoleRequest request, BatonDb db, CancellationToken ct) =>
        await SaveContactRole.ExecuteAsync(db, contactRoleId, request, ct) is { } role
            ? TypedResults.Ok(await SaveContactRole.DescribeAsync(db, role, ct))
            : TypedResults.Problem(title: "Not found", detail: $"There is no contact role {contactRoleId}.", statusCode: 404);

    public static async Task<Ok<List<AgentResponse>>> ListAgents(BatonDb db, CancellationToken ct) =>
        TypedResults.Ok(await Agents.ListAsync(db, ct));
}
