using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Features.Informing;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>
/// The RASCI matrix: the default, or one client's overrides (?client=). Every save is a numbered revision with its
/// changes in words; "Preview" shows who an example ticket would involve under the unsaved grid.
/// </summary>
public sealed class RasciModel(BatonDb db, TimeProvider clock) : PageModel
{
    /// <summary>A cell's value in a client's grid that means "follow the default matrix".</summary>
    public const string AsDefault = "default";

    public sealed record MatrixInput
    {
        public int Revision { get; set; }

        /// <summary>"activity/role" → "R".."I", "" (none), or <see cref="AsDefault"/> in a client's grid.</summary>
        public Dictionary<string, string?> Cells { get; set; } = [];

        public string? Note { get; set; }

        /// <summary>A ticket number to preview "Who's involved" on.</summary>
        public string? Example { get; set; }
    }

    [BindProperty]
    public MatrixInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "client")]
    public int? ClientId { get; set; }

    public RasciView View { get; private set; } = null!;
    public string? ClientName { get; private set; }
    public List<(int Id, string Name)> Clients { get; private set; } = [];
    public List<RasciRevision> History { get; private set; } = [];

    /// <summary>The preview: the example ticket's lines now, and under the grid as edited.</summary>
    public (string Number, TicketInvolved Now, TicketInvolved Edited)? Preview { get; private set; }

    public static string CellKey(string activity, string role) => $"{activity}/{role}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Input = new MatrixInput { Revision = View.Revision, Cells = CurrentCells() };
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var cells = ReadCells();
        if (ModelState.IsValid)
        {
            await PreviewAsync(SaveRasci.Proposed(View, ClientId, cells), ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var cells = ReadCells();
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = CurrentUser.From(User);
        var result = await SaveRasci.SaveAsync(db, ClientId, Input.Revision, cells, Input.Note, user.Actor, clock.GetUtcNow(), ct);
        if (result.Saved is null)
        {
            foreach (var problem in result.Problems)
            {
                ModelState.AddModelError(FieldKey(problem.Field), problem.Message);
            }

            return Page();
        }

        TempData["Flash"] = $"Saved as revision {result.Saved.Number}: {Text.Count(result.Saved.Changes.Count, "cell")} changed. Notifications follow it from now on.";
        return RedirectToPage(new { client = ClientId });
    }

    /// <summary>A refusal's field as the form names it: a row's problem beside the row, the rest on the form.</summary>
    private static string FieldKey(string? field) => field switch
    {
        { } f when f.StartsWith("cells[", StringComparison.Ordinal) => $"Input.Rows[{f[6..^1]}]",
        "note" => "Input.Note",
        "revision" => "Input.Revision",
        _ => "Input",
    };

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Clients = [.. (await db.Clients.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
        if (ClientId is { } id)
        {
            ClientName = Clients.Where(c => c.Id == id).Select(c => c.Name).FirstOrDefault();
            if (ClientName is null)
            {
                return false;
            }
        }

        View = await RasciCatalogue.ReadAsync(db, ClientId, ct);
        var scope = RasciRevision.ScopeOf(ClientId);
        History = await db.RasciRevisions.AsNoTracking().Where(r => r.Scope == scope).OrderByDescending(r => r.Number).Take(20).ToListAsync(ct);
        return true;
    }

    private Dictionary<string, string?> CurrentCells()
    {
        var cells = new Dictionary<string, string?>();
        foreach (var activity in View.Activities)
        {
            foreach (var role in View.Columns)
            {
                var (letter, overridden) = View.Matrix.Cell(activity.Key, role, ClientId);
                cells[CellKey(activity.Key, role)] = ClientId is not null && !overridden ? AsDefault : letter?.Letter().ToString() ?? "";
            }
        }

        return cells;
    }

    /// <summary>The grid as sent: the default's set cells, or a client's cells that differ from "as default".</summary>
    private List<RasciCell> ReadCells()
    {
        var cells = new List<RasciCell>();
        foreach (var activity in View.Activities)
        {
            foreach (var role in View.Columns)
            {
                var key = CellKey(activity.Key, role);
                var sent = Input.Cells.GetValueOrDefault(key);
                if (ClientId is not null && (sent is null || sent == AsDefault))
                {
                    continue;
                }

                try
                {
                    var letter = RasciLetters.Parse(sent, key);
                    if (letter is not null || ClientId is not null)
                    {
                        cells.Add(new RasciCell(activity.Key, role, letter));
                    }
                }
                catch (DomainRuleException e)
                {
                    ModelState.AddModelError($"Input.Cells[{key}]", $"{activity.Name} × {View.RoleName(role)}: {e.Message}");
                }
            }
        }

        return cells;
    }

    private async Task PreviewAsync(RasciMatrix edited, CancellationToken ct)
    {
        var number = Input.Example?.Trim().ToUpperInvariant() ?? "";
        var ticket = number.Length == 0 ? null
            : await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Number == number && (ClientId == null || t.ClientId == ClientId), ct);
        if (ticket is null)
        {
            ModelState.AddModelError("Input.Example", number.Length == 0
                ? "Enter a ticket number to preview, e.g. INC-000123."
                : ClientId is null ? $"There is no ticket {number}." : $"{ClientName} has no ticket {number}.");
            return;
        }

        var now = clock.GetUtcNow();
        var subject = TicketSubject.Of(ticket);
        Preview = (ticket.Number, await TicketInvolvement.ForAsync(db, subject, now, ct), await TicketInvolvement.ForAsync(db, subject, edited, now, ct));
    }
}
