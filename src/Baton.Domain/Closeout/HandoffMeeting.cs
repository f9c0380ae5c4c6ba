using Baton.Domain.Projects;

namespace Baton.Domain.Closeout;

/// <summary>Which side of the hand-off an attendee sits on.</summary>
public enum HandoffSide
{
    /// <summary>The MSP: project team and support.</summary>
    Provider = 1,

    /// <summary>The client's people.</summary>
    Client = 2,
}

public sealed record HandoffAttendee(string Name, HandoffSide Side, string Role);

/// <summary>For one kind of situation ("outage", "how-to question", "billing"): whom the client calls, and whom support escalates to.</summary>
public sealed record ContactMatrixEntry(string Situation, string ClientCalls, string SupportEscalatesTo);

/// <summary>Process or network documentation support will need: a title and an http(s) address.</summary>
public sealed record DocumentationLink(string Title, string Url);

/// <summary>A risk support inherits, and who owns it.</summary>
public sealed record HandoffRisk(string Text, string Owner);

/// <summary>What the hand-off page and the API send: the whole record, validated together.</summary>
public sealed record HandoffDetails(
    DateOnly? HeldOn,
    IReadOnlyList<HandoffAttendee>? Attendees,
    IReadOnlyList<ContactMatrixEntry>? ContactMatrix,
    IReadOnlyList<DocumentationLink>? DocumentationLinks,
    IReadOnlyList<HandoffRisk>? OpenRisks,
    string? Notes);

/// <summary>
/// The formal, warm hand-off from the project to support: when it was held, who attended from both sides, the contact
/// matrix (so the client knows whom to call in each situation), the process and network documentation, and the open
/// risks. It feeds the project's support handbook. Editable until the project closes.
/// </summary>
public sealed class HandoffMeeting
{
    public const int MaxAttendees = 50;
    public const int MaxRows = 30;
    public const int NotesMaxLength = 4000;

    private List<HandoffAttendee> _attendees = [];
    private List<ContactMatrixEntry> _contactMatrix = [];
    private List<DocumentationLink> _links = [];
    private List<HandoffRisk> _risks = [];

    private HandoffMeeting()
    {
        Notes = UpdatedById = UpdatedByName = "";
    }

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public DateOnly HeldOn { get; private set; }
    public IReadOnlyList<HandoffAttendee> Attendees => _attendees;
    public IReadOnlyList<ContactMatrixEntry> ContactMatrix => _contactMatrix;
    public IReadOnlyList<DocumentationLink> DocumentationLinks => _links;
    public IReadOnlyList<HandoffRisk> OpenRisks => _risks;
    public string Notes { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedById { get; private set; }
    public string UpdatedByName { get; private set; }

    /// <summary>Optimistic-concurrency token (the API's ETag, the page's hidden field).</summary>
    public int Version { get; private set; }

    /// <summary>Whether both sides are represented: a hand-off with only one side in the room is not a warm hand-off.</summary>
    public bool HasBothSides => _attendees.Any(a => a.Side == HandoffSide.Provider) && _attendees.Any(a => a.Side == HandoffSide.Client);

    public static HandoffMeeting Record(Project project, HandoffDetails details, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        var meeting = new HandoffMeeting { ProjectId = project.Id, CreatedAt = now };
        meeting.Update(project, details, actor, now);
        return meeting;
    }

    public void Update(Project project, HandoffDetails details, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(actor);
        if (project.Id != ProjectId)
        {
            throw new InvalidOperationException($"Hand-off {Id} belongs to project {ProjectId}, not {project.Id}.");
        }

        if (project.Status is ProjectStatus.Closed or ProjectStatus.Cancelled)
        {
            throw new DomainRuleException($"{project.Number} is {Project.Describe(project.Status)}; its hand-off record is final.", "status");
        }

        var heldOn = details.HeldOn ?? throw new DomainRuleException("Give the date of the hand-off meeting.", "heldOn");
        var attendees = Rows(details.Attendees, "attendees", MaxAttendees, "attendees", (a, f) =>
        {
            if (!Enum.IsDefined(a.Side))
            {
                throw new DomainRuleException("Say whether the attendee is from the provider or the client.", f + ".side");
            }

            return new HandoffAttendee(Text.Required(a.Name, f + ".name", 120, "an attendee needs a name"), a.Side, Text.Optional(a.Role, f + ".role", 120));
        });
        var situations = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var matrix = Rows(details.ContactMatrix, "contactMatrix", MaxRows, "situations", (c, f) =>
        {
            var situation = Text.Required(c.Situation, f + ".situation", 120, "say which situation this row is for (outage, how-to question, billing…)");
            if (!situations.Add(situation))
            {
                throw new DomainRuleException($"‘{situation}’ is in the contact matrix twice.", f + ".situation");
            }

            return new ContactMatrixEntry(
                situation,
                Text.Required(c.ClientCalls, f + ".clientCalls", 400, $"say whom the client calls for ‘{situation}’"),
                Text.Required(c.SupportEscalatesTo, f + ".supportEscalatesTo", 400, $"say whom support escalates ‘{situation}’ to"));
        });
        var links = Rows(details.DocumentationLinks, "documentationLinks", MaxRows, "links", (l, f) =>
            new DocumentationLink(Text.Required(l.Title, f + ".title", 200, "a link needs a title"), HttpUrl(l.Url, f + ".url")));
        var risks = Rows(details.OpenRisks, "openRisks", MaxRows, "risks", (r, f) =>
            new HandoffRisk(Text.Required(r.Text, f + ".text", 1000, "describe the risk"), Text.Required(r.Owner, f + ".owner", 120, "every risk needs an owner")));

        HeldOn = heldOn;
        _attendees = attendees;
        _contactMatrix = matrix;
        _links = links;
        _risks = risks;
        Notes = Text.Optional(details.Notes, "notes", NotesMaxLength);
        UpdatedAt = now;
        UpdatedById = actor.UserId;
        UpdatedByName = actor.DisplayName;
        Version++;
    }

    /// <summary>An absolute http or https address, or a rule broken on <paramref name="field"/>.</summary>
    public static string HttpUrl(string? value, string field)
    {
        var url = Text.Required(value, field, 2000, "a link needs an address");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw new DomainRuleException($"‘{url}’ is not a web address; give a full http:// or https:// address.", field);
        }

        return url;
    }

    private static List<TOut> Rows<TIn, TOut>(IReadOnlyList<TIn>? rows, string field, int max, string what, Func<TIn, string, TOut> valid)
    {
        var list = rows ?? [];
        if (list.Count > max)
        {
            throw new DomainRuleException($"A hand-off can record at most {max} {what} (this one has {list.Count}).", field);
        }

        var result = new List<TOut>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var row = list[i] ?? throw new DomainRuleException("This row is empty.", $"{field}[{i}]");
            result.Add(valid(row, $"{field}[{i}]"));
        }

        return result;
    }
}
