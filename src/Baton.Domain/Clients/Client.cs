namespace Baton.Domain.Clients;

/// <summary>A client organisation: the tenant boundary. Its contacts see its tickets and nobody else's.</summary>
public sealed class Client
{
    private Client()
    {
        Name = Code = "";
    }

    public Client(string name, string code)
    {
        Name = Code = "";
        Update(name, code, true);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }

    /// <summary>A short code (ACME) used in lists and reports.</summary>
    public string Code { get; private set; }

    public bool IsActive { get; private set; } = true;

    /// <summary>IANA zone the client works in: engagement times are entered and shown in it.</summary>
    public string TimeZoneId { get; private set; } = "UTC";

    /// <summary>The mail domains its people write from, space-separated (<see cref="Clients.MailDomains"/>); empty for none.</summary>
    public string MailDomains { get; private set; } = "";

    /// <summary>Whether a mail from an unknown address at one of its domains makes that sender a new contact.</summary>
    public bool CreatesContactsFromMail { get; private set; }

    /// <summary>The staff member who owns the relationship with the client (the matrix's "account manager" role); null for none.</summary>
    public string? AccountManagerId { get; private set; }

    /// <summary>Names the account manager (a staff member's user id; the caller checks it is one) or clears it.</summary>
    public void SetAccountManager(string? userId) => AccountManagerId = string.IsNullOrWhiteSpace(userId) ? null : userId.Trim();

    public IReadOnlyList<string> MailDomainList => MailDomains.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Sets the client's mail domains (checked by <see cref="Clients.MailDomains.Parse"/>) and whether unknown senders there become contacts.</summary>
    public void SetMailDomains(IEnumerable<string>? domains, bool createContacts)
    {
        var parsed = Clients.MailDomains.Parse(domains);
        if (createContacts && parsed.Count == 0)
        {
            throw new DomainRuleException("Name at least one mail domain for new contacts to come from, or leave this off.", "createContactsFromMail");
        }

        MailDomains = string.Join(' ', parsed);
        CreatesContactsFromMail = createContacts;
    }

    /// <summary>Sets the client's zone after checking it is one this machine knows.</summary>
    public void SetTimeZone(string? timeZoneId)
    {
        var id = timeZoneId?.Trim() ?? "";
        if (id.Length == 0 || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
        {
            throw new DomainRuleException($"Unknown time zone '{id}'; use an IANA id such as Europe/London.", "timeZoneId");
        }

        TimeZoneId = id;
    }

    public void Update(string name, string code, bool isActive)
    {
        Name = Text.Required(name, "name", 120, "a client needs a name");
        Code = Text.Required(code, "code", 16, "a client needs a short code, e.g. ACME").ToUpperInvariant();
        if (!Code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new DomainRuleException("The code may use letters, digits and '-' only.", "code");
        }

        IsActive = isActive;
    }
}

public sealed class Site
{
    private Site()
    {
        Name = Address = "";
    }

    public Site(int clientId, string name, string? address)
    {
        ClientId = clientId;
        Name = Address = "";
        Update(name, address);
    }

    public int Id { get; private set; }
    public int ClientId { get; private set; }
    public string Name { get; private set; }
    public string Address { get; private set; }

    public void Update(string name, string? address)
    {
        Name = Text.Required(name, "name", 120, "a site needs a name");
        Address = Text.Optional(address, "address", 400);
    }
}

/// <summary>A person at a client: a requester on tickets, and possibly a portal user.</summary>
public sealed class Contact
{
    private Contact()
    {
        Name = Email = Phone = JobTitle = "";
    }

    public Contact(int clientId, string name, string email, string? phone, string? jobTitle, int? siteId)
    {
        ClientId = clientId;
        Name = Email = Phone = JobTitle = "";
        Update(name, email, phone, jobTitle, siteId);
    }

    public int Id { get; private set; }
    public int ClientId { get; private set; }
    public string Name { get; private set; }
    public string Email { get; private set; }
    public string Phone { get; private set; }
    public string JobTitle { get; private set; }
    public int? SiteId { get; private set; }

    /// <summary>Set while the contact's portal access is revoked (a leaver at the client): no sign-in, session or token works.</summary>
    public bool PortalAccessRevoked { get; private set; }

    /// <summary>Cuts the contact off the portal and the API; the reason is kept in the audit line returned.</summary>
    public PortalAccessChange RevokePortalAccess(string? reason, Actor by, DateTimeOffset at)
    {
        if (PortalAccessRevoked)
        {
            throw new DomainRuleException($"{Name}'s portal access is already revoked.");
        }

        var why = Text.Required(reason, "reason", 500, "say why the access is revoked (e.g. left the company)");
        PortalAccessRevoked = true;
        return new PortalAccessChange(ClientId, Id, revoked: true, why, by, at);
    }

    /// <summary>Gives back the portal access a revocation took away (the account, its tokens and password are as they were).</summary>
    public PortalAccessChange RestorePortalAccess(string? reason, Actor by, DateTimeOffset at)
    {
        if (!PortalAccessRevoked)
        {
            throw new DomainRuleException($"{Name}'s portal access is not revoked.");
        }

        PortalAccessRevoked = false;
        return new PortalAccessChange(ClientId, Id, revoked: false, Text.Optional(reason, "reason", 500), by, at);
    }

    /// <summary>
    /// Why mail to the contact's address cannot be delivered (a hard bounce, 5.x.x), while it cannot: Baton stops mailing
    /// the address until someone changes it (or clears this after fixing the mailbox).
    /// </summary>
    public string? MailUndeliverable { get; private set; }

    public void MarkMailUndeliverable(string reason) => MailUndeliverable = Text.Required(reason, "reason", 500, "say why mail cannot be delivered");

    public void ClearMailUndeliverable() => MailUndeliverable = null;

    public void Update(string name, string email, string? phone, string? jobTitle, int? siteId)
    {
        Name = Text.Required(name, "name", 120, "a contact needs a name");
        var before = Email;
        Email = Text.Required(email, "email", 254, "a contact needs an e-mail address").ToLowerInvariant();
        if (before.Length > 0 && before != Email)
        {
            MailUndeliverable = null; // a new address is worth trying
        }

        if (!Text.LooksLikeEmail(Email))
        {
            throw new DomainRuleException($"'{Email}' is not an e-mail address.", "email");
        }

        Phone = Text.Optional(phone, "phone", 40);
        JobTitle = Text.Optional(jobTitle, "jobTitle", 120);
        SiteId = siteId;
    }
}

/// <summary>Something the client owns that can break: a server, a line, an application.</summary>
public sealed class ConfigurationItem
{
    private ConfigurationItem()
    {
        Name = Type = "";
    }

    public ConfigurationItem(int clientId, string name, string type, int? siteId)
    {
        ClientId = clientId;
        Name = Type = "";
        Update(name, type, siteId);
    }

    public int Id { get; private set; }
    public int ClientId { get; private set; }
    public string Name { get; private set; }
    public string Type { get; private set; }
    public int? SiteId { get; private set; }

    public void Update(string name, string type, int? siteId)
    {
        Name = Text.Required(name, "name", 120, "a configuration item needs a name");
        Type = Text.Required(type, "type", 60, "say what kind of item it is (Server, Laptop, Application…)");
        SiteId = siteId;
    }
}
