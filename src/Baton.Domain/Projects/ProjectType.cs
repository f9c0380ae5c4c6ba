namespace Baton.Domain.Projects;

/// <summary>An administrator-defined kind of project ("UCaaS migration", "Network refresh").</summary>
public sealed class ProjectType
{
    public const int NameMaxLength = 80;

    private ProjectType()
    {
        Name = "";
    }

    public ProjectType(string name)
    {
        Name = "";
        Rename(name);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public bool IsActive { get; private set; } = true;

    public void Rename(string name) => Name = Text.Required(name, "name", NameMaxLength, "a project type needs a name");

    public void SetActive(bool active) => IsActive = active;
}
