using Baton.Web.Data;
using Microsoft.AspNetCore.Authorization;

namespace Baton.Web.Infrastructure.Auth;

public static class Policies
{
    /// <summary>Agents, managers and administrators.</summary>
    public const string Staff = "staff";

    /// <summary>Clients, sites, contacts, configuration items, teams, categories: managers and administrators.</summary>
    public const string CatalogueAdmin = "catalogue-admin";

    /// <summary>Agents' accounts and the priority matrix: administrators only.</summary>
    public const string Administrator = "administrator";

    /// <summary>On the whole API: a read-only token may only GET (and HEAD); everything else answers 403.</summary>
    public const string TokenScope = "token-scope";

    public static AuthorizationBuilder AddBatonPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Staff, p => p.RequireRole(Roles.Staff))
        .AddPolicy(CatalogueAdmin, p => p.RequireRole(Roles.Administrator, Roles.Manager))
        .AddPolicy(Administrator, p => p.RequireRole(Roles.Administrator))
        .AddPolicy(TokenScope, p => p.AddRequirements(new TokenScopes.ReadOnlyRequirement()));
}
