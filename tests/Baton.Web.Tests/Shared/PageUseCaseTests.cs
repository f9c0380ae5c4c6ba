using Baton.Domain;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Shared;

/// <summary>The one page-side mapping of use-case refusals (ADR 8): each kind lands where the user reads it.</summary>
public sealed class PageUseCaseTests
{
    private static readonly Func<string, string?> OnTicketForm = PageUseCase.OnForm("Input", ["title", "impact"]);

    [Fact]
    public void InputInvalid_PutsEachMessageOnItsField_AndNothingAbove()
    {
        var state = new ModelStateDictionary();

        var above = PageUseCase.Put(state, new InputInvalidException(new() { ["title"] = ["Give a title."], ["impact"] = ["Pick an impact.", "Not that one."] }), OnTicketForm);

        Assert.Null(above);
        Assert.Equal(["Give a title."], state["Input.Title"]!.Errors.Select(e => e.ErrorMessage));
        Assert.Equal(["Pick an impact.", "Not that one."], state["Input.Impact"]!.Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public void DomainRule_OnAFieldOfTheForm_IsOnThatField_OnAnotherFieldOrNone_IsAboveTheForm()
    {
        var onField = new ModelStateDictionary();
        var elsewhere = new ModelStateDictionary();
        var none = new ModelStateDictionary();

        Assert.Null(PageUseCase.Put(onField, new DomainRuleException("Too long.", "title"), OnTicketForm));
        var aboveForOther = PageUseCase.Put(elsewhere, new DomainRuleException("The client is closed.", "clientId"), OnTicketForm);
        var aboveForNone = PageUseCase.Put(none, new DomainRuleException("A closed ticket cannot be edited."), OnTicketForm);

        Assert.Equal("Too long.", Assert.Single(onField["Input.Title"]!.Errors).ErrorMessage);
        Assert.Equal((new PageProblem("The client is closed.", Stale: false), 0), (aboveForOther, elsewhere.ErrorCount));
        Assert.Equal((new PageProblem("A closed ticket cannot be edited.", Stale: false), 0), (aboveForNone, none.ErrorCount));
    }

    [Fact]
    public void Stale_AndALostConcurrencyRace_AreAboveTheForm_AndAskForTheCurrentVersion()
    {
        var stale = new StaleRecordException("INC-000042", expected: 3, current: 5);

        var fromStale = PageUseCase.Put(new ModelStateDictionary(), stale, OnTicketForm);
        var fromRace = PageUseCase.Put(new ModelStateDictionary(), new DbUpdateConcurrencyException("lost"), OnTicketForm);

        Assert.Equal(new PageProblem(stale.Message, Stale: true), fromStale);
        Assert.Contains("INC-000042", stale.Message, StringComparison.Ordinal);
        Assert.Equal(new PageProblem(PageUseCase.ChangedMeanwhile, Stale: true), fromRace);
    }

    [Fact]
    public void Forbidden_IsAMessageAboveTheForm_NotAStaleCopy()
    {
        var problem = PageUseCase.Put(new ModelStateDictionary(), new ForbiddenException("Only the service desk links records."), OnTicketForm);

        Assert.Equal(new PageProblem("Only the service desk links records.", Stale: false), problem);
    }

    [Fact]
    public void AnyOtherException_IsNotARefusal_AndGoesToTheErrorPage()
    {
        var page = NewPage();
        var bug = new InvalidOperationException("a bug");

        Assert.False(page.Refused("Input", bug));
        Assert.Throws<ArgumentException>(() => PageUseCase.Put(page.ModelState, bug, OnTicketForm));
        Assert.Equal(0, page.ModelState.ErrorCount);
    }

    [Fact]
    public void Refused_OnAPageWithSeveralForms_PutsFieldsOnTheNamedForm_AndTheRestOnTheFormAsAWhole()
    {
        var page = NewPage();

        Assert.True(page.Refused("Contact", new InputInvalidException(new() { ["jobTitle"] = ["Shorter, please."] })));
        Assert.True(page.Refused("Contact", new ForbiddenException("Only an administrator changes contacts.")));

        Assert.Equal("Shorter, please.", Assert.Single(page.ModelState["Contact.JobTitle"]!.Errors).ErrorMessage);
        Assert.Equal("Only an administrator changes contacts.", Assert.Single(page.ModelState["Contact"]!.Errors).ErrorMessage);
    }

    private sealed class AnyPage : PageModel;

    private static AnyPage NewPage() => new()
    {
        PageContext = new PageContext { ViewData = new ViewDataDictionary(new EmptyModelMetadataProvider(), new ModelStateDictionary()) },
    };
}
