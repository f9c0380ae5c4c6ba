using Baton.Domain;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>
/// Impact × urgency → priority, one select per cell. Saved as a whole (one SaveChanges), so tickets are never
/// prioritised from a half-edited grid. New tickets and reclassified ones read it; existing priorities do not change.
/// </summary>
public sealed class PriorityMatrixModel(BatonDb db) : PageModel
{
    public sealed record MatrixInput
    {
        /// <summary>
        /// Nine priority names, impact by impact (High, Medium, Low), each urgency High, Medium, Low: the order of
        /// <see cref="PriorityMatrix.Cells"/>. Text, so one bad cell is reported on its own instead of stopping the binding of the rest.
        /// </summary>
        public List<string?> Cells { get; set; } = [];
    }

    [BindProperty]
    public MatrixInput Input { get; set; } = new();

    public static IReadOnlyList<(Impact Impact, Urgency Urgency)> Positions { get; } =
        [.. PriorityMatrix.Default.Cells().Select(c => (c.Impact, c.Urgency))];

    public static string CellLabel(Impact impact, Urgency urgency) => $"{impact} impact, {urgency.ToString().ToLowerInvariant()} urgency";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var matrix = await TicketReferenceCheck.MatrixAsync(db, ct);
        Input = new MatrixInput { Cells = [.. matrix.Cells().Select(c => c.Priority.ToString())] };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var matrix = PriorityMatrix.Default;
        for (var i = 0; i < Positions.Count; i++)
        {
            var key = $"Input.Cells[{i}]";
            var sent = i < Input.Cells.Count ? Input.Cells[i] : null;
            if (!Enum.GetNames<Priority>().Contains(sent) || !Enum.TryParse<Priority>(sent, out var priority))
            {
                ModelState.AddModelError(key, "Choose P1, P2, P3 or P4.");
                continue;
            }

            try
            {
                matrix = matrix.With(Positions[i].Impact, Positions[i].Urgency, priority);
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError(key, e.Message);
            }
        }

        if (!ModelState.IsValid)
        {
            Input.Cells.AddRange(Enumerable.Repeat<string?>(null, Math.Max(0, Positions.Count - Input.Cells.Count)));
            return Page();
        }

        await ReplaceAsync(matrix, ct);
        TempData["Flash"] = "Priority matrix saved. New tickets, and tickets whose impact or urgency changes, get their priority from it; existing priorities are unchanged.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDefaultAsync(CancellationToken ct)
    {
        await ReplaceAsync(PriorityMatrix.Default, ct);
        TempData["Flash"] = "Priority matrix set back to the standard grid.";
        return RedirectToPage();
    }

    /// <summary>Replaces every stored cell in one SaveChanges: the grid changes as a whole or not at all.</summary>
    private async Task ReplaceAsync(PriorityMatrix matrix, CancellationToken ct)
    {
        var stored = await db.PriorityCells.ToListAsync(ct);
        foreach (var (impact, urgency, priority) in matrix.Cells())
        {
            var cell = stored.SingleOrDefault(c => c.Impact == impact && c.Urgency == urgency);
            if (cell is null)
            {
                db.PriorityCells.Add(new PriorityCell { Impact = impact, Urgency = urgency, Priority = priority });
            }
            else
            {
                cell.Priority = priority;
                stored.Remove(cell);
            }
        }

        db.PriorityCells.RemoveRange(stored); // rows for an impact or urgency that no longer exists
        await db.SaveChangesAsync(ct); // the saved cells are a catalogue edit: every instance reads the matrix again
    }
}
