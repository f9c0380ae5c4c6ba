using System.Globalization;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Projects;

/// <summary>
/// The escalation contacts editor: one row per contact plus empty rows to add; a row left empty is ignored, a row
/// marked "remove" is dropped. Every invalid row is shown at once, on its own fields.
/// </summary>
public sealed class EscalationModel(BatonDb db, TimeProvider clock) : PageModel
{
    public const int BlankRows = 2;
    private static readonly string[] RowFields = ["name", "role", "phone", "email", "kind"];

    public sealed record ContactRow
    {
        public string? Name { get; set; }
        public string? Role { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public EscalationKind Kind { get; set; } = EscalationKind.ConferWith;
        public bool Remove { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Role) && string.IsNullOrWhiteSpace(Phone) && string.IsNullOrWhiteSpace(Email);
    }

    public sealed record ContactsInput
    {
        public List<ContactRow> Contacts { get; set; } = [];
        public int Version { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public ContactsInput Input { get; set; } = new();

    public ProjectResponse Project { get; private set; } = default!;
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(fill: true, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var kept = Input.Contacts.Select((row, index) => (row, index)).Where(r => !r.row.Remove && !r.row.IsBlank).ToList();
        var fields = Input.Contacts.SelectMany((_, i) => RowFields.Select(f => $"contacts[{i}].{f}")).ToList();
        return await PageUseCase.RunAsync(this, "Input", fields,
            async () =>
            {
                try
                {
                    var requests = kept.Select(r => new EscalationContactRequest(r.row.Name, r.row.Role, r.row.Phone, r.row.Email, r.row.Kind)).ToList();
                    return await ChangeProject.SetEscalationContactsAsync(db, me, Number, Input.Version, requests, clock, ct) is { } p ? "/Projects/" + p.Number : null;
                }
                catch (InputInvalidException e)
                {
                    // The use case numbers the rows it was given; the form numbers all of its rows.
                    throw new InputInvalidException(e.Errors.ToDictionary(kv => FormField(kv.Key, kept.Select(k => k.index).ToList()), kv => kv.Value));
                }
            },
            "Escalation contacts saved.",
            async problem =>
            {
                Problem = problem?.Message;
                if (problem?.Stale == true)
                {
                    ModelState.Clear();
                }

                return await ShowAsync(fill: problem?.Stale == true, ct);
            });
    }

    private static string FormField(string field, IReadOnlyList<int> rows)
    {
        const string prefix = "escalationContacts[";
        if (!field.StartsWith(prefix, StringComparison.Ordinal) || field.IndexOf(']', StringComparison.Ordinal) is var end && end < 0
            || !int.TryParse(field[prefix.Length..end], NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= rows.Count)
        {
            return field;
        }

        var member = field[(end + 1)..].TrimStart('.');
        return member.Length == 0 ? $"contacts[{rows[i]}]" : $"contacts[{rows[i]}].{char.ToUpperInvariant(member[0])}{member[1..]}";
    }

    private async Task<IActionResult> ShowAsync(bool fill, CancellationToken ct)
    {
        var (project, refusal) = await ProjectForms.ForStaffPageAsync(this, db, Number, ct);
        if (project is null)
        {
            return refusal!;
        }

        Project = project;
        Number = project.Number;
        if (fill)
        {
            Input = new ContactsInput
            {
                Version = project.Version,
                Contacts = (project.EscalationContacts ?? [])
                    .Select(c => new ContactRow { Name = c.Name, Role = c.Role, Phone = c.Phone, Email = c.Email, Kind = c.Kind })
                    .Concat(Enumerable.Range(0, BlankRows).Select(_ => new ContactRow()))
                    .ToList(),
            };
        }

        return Page();
    }
}
