namespace Baton.Domain.Informing;

/// <summary>
/// The rules of the contact-role list and of a contact's roles: a role's name and key are each one role's (the matrix
/// names the key, people read the name); a contact takes only known, active roles, and keeps a retired one they hold.
/// </summary>
public static class ContactRoleRules
{
    /// <summary>The request field a contact's roles are named on.</summary>
    public const string RoleKeysField = "roleKeys";

    /// <summary>Why <paramref name="role"/> cannot be saved beside <paramref name="others"/> (its name or key taken), or null.</summary>
    public static string? Clash(ContactRole role, IEnumerable<ContactRole> others)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(others);
        var rest = others.Where(o => !ReferenceEquals(o, role) && (role.Id == 0 || o.Id != role.Id)).ToList();
        return rest.FirstOrDefault(o => Text.NameKey(o.Name) == Text.NameKey(role.Name)) is { } named
                ? $"There is already a contact role called {named.Name}."
            : rest.FirstOrDefault(o => o.Key == role.Key) is { } keyed
                ? $"The key {role.Key} is already the contact role {keyed.Name}'s: choose a name that differs in more than spaces and punctuation."
            : null;
    }

    /// <summary>
    /// The roles <paramref name="keys"/> name, for a contact who holds <paramref name="heldRoleIds"/> now. An unknown key,
    /// or a retired role the contact does not already hold, is refused on <see cref="RoleKeysField"/>.
    /// </summary>
    public static IReadOnlyList<ContactRole> Choose(IEnumerable<string> keys, IReadOnlyCollection<ContactRole> roles, IReadOnlyCollection<int> heldRoleIds)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(heldRoleIds);
        var chosen = new List<ContactRole>();
        foreach (var key in keys.Select(k => (k ?? "").Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var role = roles.FirstOrDefault(r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase));
            if (role is null)
            {
                var known = string.Join(", ", roles.Where(r => r.IsActive).Select(r => r.Key).Order(StringComparer.Ordinal));
                throw new DomainRuleException($"'{key}' is not a contact role. The roles are: {known}.", RoleKeysField);
            }

            if (!role.IsActive && !heldRoleIds.Contains(role.Id))
            {
                throw new DomainRuleException($"The contact role {role.Name} is retired: a contact keeps it, but nobody new takes it.", RoleKeysField);
            }

            chosen.Add(role);
        }

        return chosen;
    }
}
