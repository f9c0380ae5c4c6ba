using Baton.Domain;
using Baton.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Infrastructure.Errors;

/// <summary>
/// What a page shows above its form when a use case failed for a reason that is not one of the form's fields;
/// <see cref="Stale"/> when someone else changed the record first (the page then shows their version in the form).
/// </summary>
public sealed record PageProblem(string Message, bool Stale);

/// <summary>
/// How every page runs a use case from a form, so a refusal reads the same everywhere (ADR 8): the work's result on
/// success (a redirect), 404 when it found nothing (null, or <see cref="NotFoundException"/>); otherwise the page again,
/// nothing half-saved, with each message on the field it names (<see cref="InputInvalidException"/>,
/// <see cref="DomainRuleException"/>) or above the form (a rule about the record's state, <see cref="ForbiddenException"/>,
/// <see cref="StaleRecordException"/> and a lost optimistic-concurrency race). Forbidden is a message, not 403: the user
/// could see the page, so they are told who may do this. A page that the user may not see at all refuses in its own
/// load (Forbid, 404), as before.
/// </summary>
public static class PageUseCase
{
    public const string ChangedMeanwhile = "Someone changed this while you were saving. It is reloaded below: check their change and try again.";

    /// <summary>
    /// Runs <paramref name="work"/> when the form bound cleanly. <paramref name="fieldKey"/> turns a use-case field
    /// ("plannedGoLiveOn", "team[1].teamId") into the form's model-state key, or null to show that message above the
    /// form; by default every field goes to <paramref name="prefix"/>.Field.
    /// </summary>
    public static async Task<IActionResult> RunAsync(
        PageModel page, string prefix, Func<Task<IActionResult?>> work, Func<PageProblem?, Task<IActionResult>> redisplay, Func<string, string?>? fieldKey = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(redisplay);
        PageProblem? problem = null;
        if (page.ModelState.IsValid)
        {
            try
            {
                return await work() ?? new NotFoundResult();
            }
            catch (NotFoundException)
            {
                return new NotFoundResult();
            }
            catch (Exception e) when (IsRefusal(e))
            {
                problem = Put(page.ModelState, e, fieldKey ?? OnForm(prefix));
                page.HttpContext?.RequestServices.GetService<BatonDb>()?.ChangeTracker.Clear();
            }
        }

        return await redisplay(problem);
    }

    /// <summary>
    /// The common shape: <paramref name="work"/> returns where to go next (null: not found), <paramref name="done"/> is
    /// the flash message there, and only <paramref name="fields"/> are on the form.
    /// </summary>
    public static Task<IActionResult> RunAsync(
        PageModel page, string prefix, IReadOnlyCollection<string> fields, Func<Task<string?>> work, string done, Func<PageProblem?, Task<IActionResult>> redisplay) =>
        RunAsync(page, prefix, async () => await work() is { } next ? page.Done(done, next) : null, redisplay, OnForm(prefix, fields));

    /// <summary>
    /// For a page that runs its use case itself and redisplays on refusal — <c>catch (Exception e) when
    /// (this.Refused(nameof(Input), e))</c>: the same mapping as <see cref="RunAsync(PageModel, string, Func{Task{IActionResult?}}, Func{PageProblem?, Task{IActionResult}}, Func{string, string?}?)"/>,
    /// every field message on the form <paramref name="form"/>, the rest on the form as a whole, nothing half-saved.
    /// </summary>
    public static bool Refused(this PageModel page, string form, Exception e)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!IsRefusal(e))
        {
            return false;
        }

        if (Put(page.ModelState, e, OnForm(form)) is { } problem)
        {
            page.ModelState.AddModelError(form, problem.Message);
        }

        page.HttpContext?.RequestServices.GetService<BatonDb>()?.ChangeTracker.Clear();
        return true;
    }

    /// <summary>After a successful POST: the flash message for the next page, and a redirect to it.</summary>
    public static IActionResult Done(this PageModel page, string flash, string url)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.TempData["Flash"] = flash;
        return new RedirectResult(url);
    }

    /// <summary>Every field on the form <paramref name="prefix"/>: "jobTitle" → "Contact.JobTitle".</summary>
    public static Func<string, string?> OnForm(string prefix) => field => Key(prefix, field);

    /// <summary>Only the fields the form has; a message about any other goes above the form.</summary>
    public static Func<string, string?> OnForm(string prefix, IEnumerable<string> fields)
    {
        var known = fields.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return field => known.Contains(field) ? Key(prefix, field) : null;
    }

    /// <summary>
    /// The last segment of a use-case path ("sections[2].items[0].text" → "text"), renamed to the form's property
    /// ("Text"), on <paramref name="prefix"/>; a rename to "" puts the message above the form.
    /// </summary>
    public static Func<string, string?> LastSegmentOnForm(string prefix, Func<string, string> rename) => field =>
        rename(field[(field.LastIndexOf('.') + 1)..]) is { Length: > 0 } property ? Key(prefix, property) : null;

    /// <summary>"plannedGoLiveOn" on "Input" → "Input.PlannedGoLiveOn" (model-state keys ignore case after the first letter too).</summary>
    public static string? Key(string prefix, string field) =>
        field.Length == 0 ? null
        : prefix.Length == 0 ? char.ToUpperInvariant(field[0]) + field[1..]
        : $"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}";

    /// <summary>The use-case refusals this runner answers; anything else is a bug and goes to the error page.</summary>
    public static bool IsRefusal(Exception e) =>
        e is InputInvalidException or DomainRuleException or ForbiddenException or StaleRecordException or DbUpdateConcurrencyException;

    /// <summary>Puts one refusal on the page: field messages into model state, the rest returned to show above the form.</summary>
    public static PageProblem? Put(ModelStateDictionary state, Exception e, Func<string, string?> fieldKey)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(fieldKey);
        string? above = null;
        switch (e)
        {
            case StaleRecordException:
                return new PageProblem(e.Message, Stale: true);
            case DbUpdateConcurrencyException:
                return new PageProblem(ChangedMeanwhile, Stale: true);
            case ForbiddenException:
                return new PageProblem(e.Message, Stale: false);
            case InputInvalidException invalid:
                foreach (var (field, messages) in invalid.Errors)
                {
                    foreach (var message in messages)
                    {
                        PutOne(field, message);
                    }
                }

                break;
            case DomainRuleException rule:
                PutOne(rule.Field, rule.Message);
                break;
            default:
                throw new ArgumentException($"{e.GetType().Name} is not a use-case refusal.", nameof(e));
        }

        return above is null ? null : new PageProblem(above, Stale: false);

        void PutOne(string? field, string message)
        {
            if (field is not null && fieldKey(field) is { } key)
            {
                state.AddModelError(key, message);
            }
            else
            {
                above = above is null ? message : above + " " + message;
            }
        }
    }
}
