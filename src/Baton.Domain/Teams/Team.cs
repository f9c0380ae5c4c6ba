namespace Baton.Domain.Teams;

public sealed class Team
{
    private Team()
    {
        Name = NameKey = Description = "";
    }

    public Team(string name, string? description)
    {
        Name = NameKey = Description = "";
        Update(name, description);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    /// <summary>The name as compared for uniqueness (<see cref="Text.NameKey"/>); set with the name.</summary>
    public string NameKey { get; private set; }
    public string Description { get; private set; }

    /// <summary>The team lead: told when the team's tickets are at risk or breach their SLA.</summary>
    public string? LeadUserId { get; private set; }

    /// <summary>Names the lead (a member of the team, which the caller checks) or none.</summary>
    public void SetLead(string? userId) => LeadUserId = string.IsNullOrEmpty(userId) ? null : userId;

    public void Update(string name, string? description)
    {
        Name = Text.Required(name, "name", 80, "a team needs a name");
        NameKey = Text.NameKey(Name);
        Description = Text.Optional(description, "description", 400);
    }
}

/// <summary>An agent's membership of a team. An agent may sit in several.</summary>
public sealed class TeamMember
{
    private TeamMember()
    {
        UserId = "";
    }

    public TeamMember(int teamId, string userId)
    {
        TeamId = teamId;
        UserId = userId;
    }

    public int TeamId { get; private set; }
    public string UserId { get; private set; }
}

/// <summary>What a ticket is about (Hardware, Email, Access…), used for routing and reporting.</summary>
public sealed class Category
{
    private Category()
    {
        Name = NameKey = "";
    }

    public Category(string name)
    {
        Name = NameKey = "";
        Rename(name);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    /// <summary>The name as compared for uniqueness (<see cref="Text.NameKey"/>); set with the name.</summary>
    public string NameKey { get; private set; }
    public bool IsActive { get; private set; } = true;

    public void Rename(string name)
    {
        Name = Text.Required(name, "name", 80, "a category needs a name");
        NameKey = Text.NameKey(Name);
    }

    public void SetActive(bool active) => IsActive = active;
}
