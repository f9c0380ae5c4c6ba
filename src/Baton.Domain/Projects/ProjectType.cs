namespace Baton.Domain.Projects;

/// <summary>An administrator-defined kind of project ("UCaaS migration", "Network refresh").</summary>
public sealed class ProjectType
{
    public const int NameMaxLength = 80;

    private ProjectType()
    {
        Name = NameKey = "";
    }

    public ProjectType(string name)
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
        Name = Text.Required(name, "name", NameMaxLength, "a project type needs a name");
        NameKey = Text.NameKey(Name);
    }

    public void SetActive(bool active) => IsActive = active;
}
