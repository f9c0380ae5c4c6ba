namespace Baton.Domain.Tickets;

/// <summary>
/// Impact × urgency → priority. The administrator may edit every cell; the default is the usual ITIL grid.
/// Immutable: editing produces a new matrix, so a ticket's priority is always derived from one consistent grid.
/// </summary>
public sealed class PriorityMatrix
{
    private readonly Priority[,] _cells;

    private PriorityMatrix(Priority[,] cells) => _cells = cells;

    public static PriorityMatrix Default { get; } = new(new[,]
    {
        //             U High       U Medium     U Low
        /* I High   */ { Priority.P1, Priority.P2, Priority.P3 },
        /* I Medium */ { Priority.P2, Priority.P3, Priority.P4 },
        /* I Low    */ { Priority.P3, Priority.P4, Priority.P4 },
    });

    public static IReadOnlyList<Impact> Impacts { get; } = [Impact.High, Impact.Medium, Impact.Low];

    public static IReadOnlyList<Urgency> Urgencies { get; } = [Urgency.High, Urgency.Medium, Urgency.Low];

    public Priority PriorityFor(Impact impact, Urgency urgency) => _cells[Index(impact), Index(urgency)];

    public PriorityMatrix With(Impact impact, Urgency urgency, Priority priority)
    {
        if (!Enum.IsDefined(priority))
        {
            throw new DomainRuleException($"'{priority}' is not a priority; use P1 to P4.", "priority");
        }

        var cells = (Priority[,])_cells.Clone();
        cells[Index(impact), Index(urgency)] = priority;
        return new PriorityMatrix(cells);
    }

    /// <summary>Every cell, for storage and display.</summary>
    public IEnumerable<(Impact Impact, Urgency Urgency, Priority Priority)> Cells()
    {
        foreach (var impact in Impacts)
        {
            foreach (var urgency in Urgencies)
            {
                yield return (impact, urgency, PriorityFor(impact, urgency));
            }
        }
    }

    public static PriorityMatrix From(IEnumerable<(Impact Impact, Urgency Urgency, Priority Priority)> cells)
    {
        var matrix = Default;
        foreach (var (impact, urgency, priority) in cells)
        {
            matrix = matrix.With(impact, urgency, priority);
        }

        return matrix;
    }

    private static int Index(Impact impact) => impact switch
    {
        Impact.High => 0,
        Impact.Medium => 1,
        Impact.Low => 2,
        _ => throw new DomainRuleException($"'{impact}' is not an impact; use High, Medium or Low.", "impact"),
    };

    private static int Index(Urgency urgency) => urgency switch
    {
        Urgency.High => 0,
        Urgency.Medium => 1,
        Urgency.Low => 2,
        _ => throw new DomainRuleException($"'{urgency}' is not an urgency; use High, Medium or Low.", "urgency"),
    };
}
