using System.Globalization;
using System.Text.RegularExpressions;
using Baton.Domain;
using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

/// <summary>
/// /Projects/{number}/Handoff: the record of the warm hand-off meeting. Each list is a set of rows; rows left blank are
/// ignored, and a few blank rows are always offered for adding more.
/// </summary>
public sealed partial class HandoffModel(BatonDb db, INotificationChannel channel, TimeProvider clock) : PageModel
{
    public const int BlankRows = 3;

    public sealed record AttendeeRow
    {
        public string? Name { get; set; }
        public HandoffSide? Side { get; set; }
        public string? Role { get; set; }
        public bool IsBlank => string.IsNullOrWhiteSpace(Name) && Side is null && string.IsNullOrWhiteSpace(Role);
    }

    public sealed record MatrixRow
    {
        public string? Situation { get; set; }
        public string? ClientCalls { get; set; }
        public string? SupportEscalatesTo { get; set; }
        public bool IsBlank => string.IsNullOrWhiteSpace(Situation) && string.IsNullOrWhiteSpace(ClientCalls) && string.IsNullOrWhiteSpace(SupportEscalatesTo);
    }

    public sealed record LinkRow
    {
        public string? Title { get; set; }
        public string? Url { get; set; }
        public bool IsBlank => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Url);
    }

    public sealed record RiskRow
    {
        public string? Text { get; set; }
        public string? Owner { get; set; }
        public bool IsBlank => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Owner);
    }

    public sealed record HandoffInput
    {
        public DateOnly? HeldOn { get; set; }
        public List<AttendeeRow> Attendees { get; set; } = [];
        public List<MatrixRow> ContactMatrix { get; set; } = [];
        public List<LinkRow> DocumentationLinks { get; set; } = [];
        public List<RiskRow> OpenRisks { get; set; } = [];
        public string? Notes { get; set; }
        public int? Version { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public HandoffInput Input { get; set; } = new();

    public HandoffResponse View { get; private set; } = default!;
    public string ProjectName { get; private set; } = "";
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var shown = await LoadAsync(ct);
        if (shown is not null)
        {
            return shown;
        }

        Input = new HandoffInput
        {
            HeldOn = View.HeldOn ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Infrastructure.UserTime.Zone(CurrentUser.From(User).TimeZoneId)).DateTime),
            Attendees = [.. View.Attendees.Select(a => new AttendeeRow { Name = a.Name, Side = a.Side, Role = a.Role })],
            ContactMatrix = [.. View.ContactMatrix.Select(c => new MatrixRow { Situation = c.Situation, ClientCalls = c.ClientCalls, SupportEscalatesTo = c.SupportEscalatesTo })],
            DocumentationLinks = [.. View.DocumentationLinks.Select(l => new LinkRow { Title = l.Title, Url = l.Url })],
            OpenRisks = [.. View.OpenRisks.Select(r => new RiskRow { Text = r.Text, Owner = r.Owner })],
            Notes = View.Notes,
            Version = View.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            if (ModelState[$"{nameof(Input)}.{nameof(HandoffInput.HeldOn)}"]?.Errors.Count > 0)
            {
                ModelState.Remove($"{nameof(Input)}.{nameof(HandoffInput.HeldOn)}");
                ModelState.AddModelError($"{nameof(Input)}.{nameof(HandoffInput.HeldOn)}", "Give the date of the meeting as a date, e.g. 2026-12-03.");
            }

            return await LoadAsync(ct) ?? Page();
        }

        var attendees = Kept(Input.Attendees, r => r.IsBlank);
        var matrix = Kept(Input.ContactMatrix, r => r.IsBlank);
        var links = Kept(Input.DocumentationLinks, r => r.IsBlank);
        var risks = Kept(Input.OpenRisks, r => r.IsBlank);
        var details = new HandoffDetails(
            Input.HeldOn,
            [.. attendees.Select(x => new HandoffAttendee(x.Row.Name ?? "", x.Row.Side ?? 0, x.Row.Role ?? ""))],
            [.. matrix.Select(x => new ContactMatrixEntry(x.Row.Situation ?? "", x.Row.ClientCalls ?? "", x.Row.SupportEscalatesTo ?? ""))],
            [.. links.Select(x => new DocumentationLink(x.Row.Title ?? "", x.Row.Url ?? ""))],
            [.. risks.Select(x => new HandoffRisk(x.Row.Text ?? "", x.Row.Owner ?? ""))],
            Input.Notes);
        return await PageUseCase.RunAsync(this, nameof(Input),
            async () => await SaveHandoff.ExecuteAsync(db, CurrentUser.From(User), Number, Input.Version, requireVersion: false, details, channel, clock, ct) is null
                ? null
                : this.Done("Hand-off meeting saved. The support handbook shows it.", $"/Projects/{Uri.EscapeDataString(Number.Trim().ToUpperInvariant())}/Handoff"),
            async problem =>
            {
                Problem = problem?.Message;
                return await LoadAsync(ct) ?? Page();
            },
            // The rule names the row among the kept (non-blank) rows; put it back on the row the user typed it in.
            field => field == "status"
                ? null
                : PageUseCase.Key(nameof(Input), RowIndex().Replace(field, m => m.Groups[1].Value + "[" + Original(m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) + "]")));

        int Original(string list, int kept) => list switch
        {
            "attendees" => attendees[kept].Index,
            "contactMatrix" => matrix[kept].Index,
            "documentationLinks" => links[kept].Index,
            "openRisks" => risks[kept].Index,
            _ => kept,
        };
    }

    /// <summary>The rows to show: the record's (or what was typed), then blank ones to add more.</summary>
    public static List<T> WithBlanks<T>(List<T> rows, Func<T, bool> isBlank, int blanks = BlankRows) where T : new()
    {
        ArgumentNullException.ThrowIfNull(rows);
        var shown = rows.ToList();
        var trailing = shown.AsEnumerable().Reverse().TakeWhile(isBlank).Count();
        for (var i = trailing; i < blanks; i++)
        {
            shown.Add(new T());
        }

        return shown;
    }

    private static List<(int Index, T Row)> Kept<T>(List<T> rows, Func<T, bool> isBlank) =>
        [.. rows.Select((r, i) => (i, r)).Where(x => x.r is not null && !isBlank(x.r))];

    /// <summary>Loads the project's record for the page; a result to return instead of the page (404, 403) when there is one.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        HandoffResponse? view;
        try
        {
            view = await HandoffView.GetAsync(db, CurrentUser.From(User), Number, ct);
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }

        if (view is null)
        {
            return NotFound();
        }

        View = view;
        ProjectName = await db.Projects.Where(p => p.Number == view.ProjectNumber).Select(p => p.Name).SingleAsync(ct);
        if (Input.Version is null && view.Version is not null && Request.Method == HttpMethods.Post)
        {
            Input.Version = view.Version;
        }

        return null;
    }

    [GeneratedRegex(@"^(attendees|contactMatrix|documentationLinks|openRisks)\[(\d+)\]")]
    private static partial Regex RowIndex();
}
