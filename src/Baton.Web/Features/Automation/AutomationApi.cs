using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baton.Web.Features.Automation;

public sealed record RuleSwitchRequest(bool Enabled);

/// <summary>Automation rules over HTTP, for administrators: the same use cases as the Rules pages.</summary>
public static class AutomationApi
{
    public static RouteGroupBuilder MapAutomationApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/automation-rules").WithTags("Automation").RequireAuthorization(Policies.Administrator);
        group.MapGet("/", List).WithName("ListAutomationRules").WithSummary("Every rule in the order they run; switched-off ones too.");
        group.MapGet("/{ruleId:int}", Get).WithName("GetAutomationRule").WithSummary("One rule; the ETag is its version, for If-Match on a change.");
        group.MapPost("/", Create).WithName("CreateAutomationRule")
            .WithSummary("A new rule, last in order, switched on unless enabled is false. 400 naming the condition or action that cannot work.");
        group.MapPut("/{ruleId:int}", Update).WithName("UpdateAutomationRule")
            .WithSummary("Replace a rule's definition (send If-Match: 412 when someone saved it since).");
        group.MapPost("/{ruleId:int}/switch", Switch).WithName("SwitchAutomationRule").WithSummary("Switch a rule on or off (If-Match optional).");
        group.MapPost("/{ruleId:int}/move-up", (int ruleId, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) => MoveAsync(ruleId, true, db, http, clock, ct))
            .WithName("MoveAutomationRuleUp").WithSummary("Run the rule one place earlier.");
        group.MapPost("/{ruleId:int}/move-down", (int ruleId, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) => MoveAsync(ruleId, false, db, http, clock, ct))
            .WithName("MoveAutomationRuleDown").WithSummary("Run the rule one place later.");
        group.MapDelete("/{ruleId:int}", Delete).WithName("DeleteAutomationRule").WithSummary("Delete an administrator's own rule; a shipped rule is switched off instead (409).");
        group.MapPost("/dry-run", DryRunAsync).WithName("DryRunAutomationRule")
            .WithSummary("What an unsaved rule would do: the last 30 days' tickets it matches as they are now, and its actions. Writes nothing.");
        return api;
    }

    public static async Task<Ok<List<RuleResponse>>> List(BatonDb db, CancellationToken ct) =>
        TypedResults.Ok((await SaveRule.ListAsync(db, ct)).Select(RuleResponse.Of).ToList());

    public static async Task<Results<Ok<RuleResponse>, NotFound>> Get(int ruleId, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var rule = (await SaveRule.ListAsync(db, ct)).SingleOrDefault(r => r.Id == ruleId);
        if (rule is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = Versions.ETag(rule.Version);
        return TypedResults.Ok(RuleResponse.Of(rule));
    }

    public static async Task<Created<RuleResponse>> Create(RuleRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var rule = await SaveRule.CreateAsync(db, request, CurrentUser.From(http.User).Actor, clock.GetUtcNow(), ct);
        http.Response.Headers.ETag = Versions.ETag(rule.Version);
        return TypedResults.Created($"/api/v1/automation-rules/{rule.Id}", RuleResponse.Of(rule));
    }

    public static async Task<Results<Ok<RuleResponse>, NotFound>> Update(int ruleId, RuleRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var rule = await SaveRule.EditAsync(db, ruleId, Versions.IfMatch(http.Request, required: true), request, CurrentUser.From(http.User).Actor, clock.GetUtcNow(), ct);
        return Respond(rule, http);
    }

    public static async Task<Results<Ok<RuleResponse>, NotFound>> Switch(int ruleId, RuleSwitchRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var rule = await SaveRule.SwitchAsync(db, ruleId, Versions.IfMatch(http.Request, required: false), request.Enabled, CurrentUser.From(http.User).Actor, clock.GetUtcNow(), ct);
        return Respond(rule, http);
    }

    private static async Task<Results<Ok<RuleResponse>, NotFound>> MoveAsync(int id, bool up, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        Respond(await SaveRule.MoveAsync(db, id, up, CurrentUser.From(http.User).Actor, clock.GetUtcNow(), ct), http);

    public static async Task<Results<NoContent, NotFound>> Delete(int ruleId, BatonDb db, CancellationToken ct) =>
        await SaveRule.DeleteAsync(db, ruleId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Ok<DryRunResponse>> DryRunAsync(RuleRequest request, BatonDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await DryRun.RunAsync(db, request, clock.GetUtcNow(), ct));

    private static Results<Ok<RuleResponse>, NotFound> Respond(Baton.Domain.Automation.AutomationRule? rule, HttpContext http)
    {
        if (rule is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = Versions.ETag(rule.Version);
        return TypedResults.Ok(RuleResponse.Of(rule));
    }
}
