using System.Globalization;
using System.Net;
using Baton.Domain.Teams;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>The administration pages for calendars, SLA policies, contracts and team leads, through their forms.</summary>
public sealed class ServiceLevelPagesTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Administrator_CreatesAndEditsACalendar_AndSeesItListed()
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var name = Unique("Paris office");

        var created = await admin.PostFormAsync("/Admin/Calendars?handler=Save", new()
        {
            ["Input.Name"] = name, ["Input.TimeZoneId"] = "Europe/Paris",
            ["Input.Hours"] = "Mon-Fri 08:00-12:00\r\nMon-Fri 13:00-17:30", ["Input.Holidays"] = "every 12-25 Noël\r\n2026-07-14 Fête nationale",
        }, "/Admin/Calendars");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var calendar = await app.WithDbAsync(db => db.ServiceCalendars.AsNoTracking().SingleAsync(c => c.Name == name));
        Assert.Equal("Europe/Paris", calendar.TimeZoneId);
        Assert.StartsWith("Mon 08:00-12:00, Mon 13:00-17:30, Tue 08:00-12:00", calendar.HoursText, StringComparison.Ordinal);
        Assert.Equal(2, calendar.ToBusinessCalendar().Holidays.Count);
        var list = WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Admin/Calendars"));
        Assert.Contains(name, list, StringComparison.Ordinal);
        Assert.Contains("Mon-Fri 08:00-12:00, Mon-Fri 13:00-17:30", list, StringComparison.Ordinal);

        var form = WebUtility.HtmlDecode(await admin.GetHtmlAsync($"/Admin/Calendars?edit={calendar.Id}"));
        Assert.Contains("Mon-Fri 08:00-12:00\nMon-Fri 13:00-17:30", form.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var edited = await admin.PostFormAsync("/Admin/Calendars?handler=Save", new()
        {
            ["Input.Id"] = Id(calendar.Id), ["Input.Name"] = name, ["Input.TimeZoneId"] = "Europe/Paris", ["Input.Hours"] = "Mon-Sat 09:00-18:00", ["Input.Holidays"] = "",
        }, "/Admin/Calendars");

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var saved = await app.WithDbAsync(db => db.ServiceCalendars.AsNoTracking().SingleAsync(c => c.Id == calendar.Id));
        Assert.Equal("Mon 09:00-18:00, Tue 09:00-18:00, Wed 09:00-18:00, Thu 09:00-18:00, Fri 09:00-18:00, Sat 09:00-18:00", saved.HoursText);
        Assert.Equal("", saved.HolidaysText);
    }

    public static TheoryData<string, string, string, string, string> BadCalendars => new()
    {
        // case, zone, hours, holidays, field whose inline message must say what is wrong
        { "overlapping intervals", "Europe/London", "Mon 08:00-12:00\nMon 11:00-13:00", "", "Input.Hours" },
        { "end before start", "Europe/London", "Mon 17:00-08:00", "", "Input.Hours" },
        { "unreadable hours", "Europe/London", "weekdays nine to five", "", "Input.Hours" },
        { "no working time", "Europe/London", "", "", "Input.Hours" },
        { "unknown zone", "Mars/Olympus_Mons", "Mon-Fri 09:00-17:00", "", "Input.TimeZoneId" },
        { "unreadable holiday", "Europe/London", "Mon-Fri 09:00-17:00", "25/12 Christmas", "Input.Holidays" },
    };

    [Theory]
    [MemberData(nameof(BadCalendars))]
    public async Task ABadCalendar_IsAnsweredOnTheField_AndSavesNothing(string name, string zone, string hours, string holidays, string key)
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var calendarName = Unique("Bad");

        var response = await admin.PostFormAsync("/Admin/Calendars?handler=Save", new()
        {
            ["Input.Name"] = calendarName, ["Input.TimeZoneId"] = zone, ["Input.Hours"] = hours, ["Input.Holidays"] = holidays,
        }, "/Admin/Calendars");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(FieldError(await response.Content.ReadAsStringAsync(), key)), $"{name}: no message on {key}");
        Assert.False(await app.WithDbAsync(db => db.ServiceCalendars.AnyAsync(c => c.Name == calendarName)));
    }

    [Fact]
    public async Task TheBuiltInCalendar_IsListedButHasNoEditForm()
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var builtIn = await app.WithDbAsync(db => db.ServiceCalendars.Where(c => c.IsBuiltIn).Select(c => c.Id).SingleAsync());

        Assert.Contains("24×7", WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Admin/Calendars")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Admin/Calendars?edit={builtIn}")).StatusCode);
        var posted = await admin.PostFormAsync("/Admin/Calendars?handler=Save", new()
        {
            ["Input.Id"] = Id(builtIn), ["Input.Name"] = "Hijacked", ["Input.TimeZoneId"] = "UTC", ["Input.Hours"] = "Mon 09:00-10:00",
        }, "/Admin/Calendars");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("24×7", await app.WithDbAsync(db => db.ServiceCalendars.Where(c => c.Id == builtIn).Select(c => c.Name).SingleAsync()));
    }

    [Fact]
    public async Task Administrator_CreatesAPolicyWithTargetsInHoursAndMinutes_ThenEditsIt()
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var calendarId = await app.WithDbAsync(db => db.ServiceCalendars.Where(c => c.IsBuiltIn).Select(c => c.Id).SingleAsync());
        var name = Unique("Silver");
        var fields = PolicyForm(name, calendarId, ("30m", "4h"), ("1h", "8h"), ("3h 30m", "1d"), ("8h", "72h"));

        var bad = await admin.PostFormAsync("/Admin/SlaPolicies?handler=Save", fields, "/Admin/SlaPolicies");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("3h 30m", FieldError(await bad.Content.ReadAsStringAsync(), "Input.Targets.P3"), StringComparison.Ordinal);

        fields["Input.Targets[2].Resolution"] = "24h";
        var created = await admin.PostFormAsync("/Admin/SlaPolicies?handler=Save", fields, "/Admin/SlaPolicies");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var policy = await app.WithDbAsync(db => db.SlaPolicies.AsNoTracking().SingleAsync(p => p.Name == name));
        Assert.Equal(TimeSpan.FromMinutes(210), policy.Targets.Single(t => t.Priority == Baton.Domain.Tickets.Priority.P3).FirstResponse);
        Assert.Equal(TimeSpan.FromHours(72), policy.Targets.Single(t => t.Priority == Baton.Domain.Tickets.Priority.P4).Resolution);
        Assert.Equal([Baton.Domain.Tickets.TicketStatus.AwaitingCustomer], policy.PausingStatuses);
        Assert.False(policy.IsDefault);

        var page = WebUtility.HtmlDecode(await admin.GetHtmlAsync($"/Admin/SlaPolicies?edit={policy.Id}"));
        Assert.Contains("value=\"3h 30m\"", page, StringComparison.Ordinal);
        Assert.Contains("keep the targets", page, StringComparison.Ordinal);

        var tooLong = PolicyForm(name, calendarId, ("30m", "4h"), ("9h", "8h"), ("3h 30m", "24h"), ("8h", "72h"));
        tooLong["Input.Id"] = Id(policy.Id);
        var refused = await admin.PostFormAsync("/Admin/SlaPolicies?handler=Save", tooLong, "/Admin/SlaPolicies");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("longer than the resolution", FieldError(await refused.Content.ReadAsStringAsync(), "Input.Targets.P2"), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), await app.WithDbAsync(async db =>
            (await db.SlaPolicies.AsNoTracking().SingleAsync(p => p.Id == policy.Id)).Targets.Single(t => t.Priority == Baton.Domain.Tickets.Priority.P2).FirstResponse));

        var warning = PolicyForm(name, calendarId, ("30m", "4h"), ("1h", "8h"), ("3h 30m", "24h"), ("8h", "72h"));
        warning["Input.Id"] = Id(policy.Id);
        warning["Input.WarningPercent"] = "100";
        var badWarning = await admin.PostFormAsync("/Admin/SlaPolicies?handler=Save", warning, "/Admin/SlaPolicies");
        Assert.False(string.IsNullOrWhiteSpace(FieldError(await badWarning.Content.ReadAsStringAsync(), "Input.WarningPercent")));
    }

    [Fact]
    public async Task Administrator_AddsContractsToAClient_AndAnOverlapIsRefusedInline()
    {
        var client = await app.CreateClientAsync();
        var policyId = await app.WithDbAsync(db => db.SlaPolicies.Where(p => p.IsDefault).Select(p => p.Id).SingleAsync());
        var categoryId = await app.WithDbAsync(async db =>
        {
            var category = new Category(Unique("Network"));
            db.Categories.Add(category);
            await db.SaveChangesAsync();
            return category.Id;
        });
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);
        var page = $"/Admin/Clients/{client.ClientId}/Contracts";
        Assert.Contains(page, await admin.GetHtmlAsync($"/Admin/Clients/Details/{client.ClientId}"), StringComparison.Ordinal);

        var created = await admin.PostFormAsync(page + "?handler=Save", new()
        {
            ["Input.Name"] = "Managed network", ["Input.StartsOn"] = "2030-01-01", ["Input.EndsOn"] = "2030-12-31", ["Input.SlaPolicyId"] = Id(policyId),
            ["Input.CoverageCalendarId"] = "", ["Input.CoveredCategoryIds"] = Id(categoryId), ["Input.CoveredItemIds"] = Id(client.ConfigurationItemId),
            ["Input.Exclusions"] = "Personal devices\r\nWi-Fi at home",
        }, page);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var contract = await app.WithDbAsync(db => db.Contracts.AsNoTracking().SingleAsync(c => c.ClientId == client.ClientId));
        Assert.Equal(new DateOnly(2030, 12, 31), contract.EndsOn);
        Assert.Null(contract.CoverageCalendarId);
        Assert.Equal([categoryId], contract.CoveredCategoryIds);
        Assert.Equal([client.ConfigurationItemId], contract.CoveredItemIds);
        Assert.Equal(["Personal devices", "Wi-Fi at home"], contract.ExclusionList);
        var listed = WebUtility.HtmlDecode(await admin.GetHtmlAsync(page));
        Assert.Contains("Managed network", listed, StringComparison.Ordinal);
        Assert.Contains("Upcoming", listed, StringComparison.Ordinal);
        var form = await admin.GetHtmlAsync($"{page}?edit={contract.Id}");
        Assert.Contains("value=\"2030-12-31\"", form, StringComparison.Ordinal);
        Assert.Contains($"id=\"item-{client.ConfigurationItemId}\" name=\"Input.CoveredItemIds\" value=\"{client.ConfigurationItemId}\" checked=\"checked\"", form, StringComparison.Ordinal);

        var overlapping = await admin.PostFormAsync(page + "?handler=Save", new()
        {
            ["Input.Name"] = "Renewal", ["Input.StartsOn"] = "2030-12-01", ["Input.SlaPolicyId"] = Id(policyId),
        }, page);
        Assert.Equal(HttpStatusCode.OK, overlapping.StatusCode);
        Assert.Contains("Managed network", FieldError(await overlapping.Content.ReadAsStringAsync(), "Input.StartsOn"), StringComparison.Ordinal);

        var backwards = await admin.PostFormAsync(page + "?handler=Save", new()
        {
            ["Input.Name"] = "Backwards", ["Input.StartsOn"] = "2032-02-01", ["Input.EndsOn"] = "2032-01-01", ["Input.SlaPolicyId"] = Id(policyId),
        }, page);
        Assert.Equal(HttpStatusCode.OK, backwards.StatusCode);
        Assert.Contains("before it starts", FieldError(await backwards.Content.ReadAsStringAsync(), "Input.EndsOn"), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Contracts.CountAsync(c => c.ClientId == client.ClientId)));

        var edited = await admin.PostFormAsync(page + "?handler=Save", new()
        {
            ["Input.Id"] = Id(contract.Id), ["Input.Name"] = "Managed network", ["Input.StartsOn"] = "2030-01-01", ["Input.EndsOn"] = "2030-11-30",
            ["Input.SlaPolicyId"] = Id(policyId),
        }, page);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var saved = await app.WithDbAsync(db => db.Contracts.AsNoTracking().SingleAsync(c => c.Id == contract.Id));
        Assert.Equal(new DateOnly(2030, 11, 30), saved.EndsOn);
        Assert.Empty(saved.CoveredItemIds);
    }

    [Fact]
    public async Task Administrator_ChoosesATeamLeadAmongItsMembers()
    {
        var teamId = await app.CreateTeamAsync();
        var member = await app.CreateAgentAsync("Lead Candidate");
        var outsider = await app.CreateAgentAsync("Not In Team");
        await app.WithDbAsync(async db =>
        {
            db.TeamMembers.Add(new TeamMember(teamId, member.Id));
            await db.SaveChangesAsync();
        });
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);

        var refused = await admin.PostFormAsync("/Admin/Teams?handler=Lead", new() { ["Lead.TeamId"] = Id(teamId), ["Lead.UserId"] = outsider.Id }, "/Admin/Teams");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("among the members", FieldError(await refused.Content.ReadAsStringAsync(), "Lead.UserId"), StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Teams.Where(t => t.Id == teamId).Select(t => t.LeadUserId).SingleAsync()));

        var chosen = await admin.PostFormAsync("/Admin/Teams?handler=Lead", new() { ["Lead.TeamId"] = Id(teamId), ["Lead.UserId"] = member.Id }, "/Admin/Teams");
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal(member.Id, await app.WithDbAsync(db => db.Teams.Where(t => t.Id == teamId).Select(t => t.LeadUserId).SingleAsync()));

        var removed = await admin.PostFormAsync($"/Admin/Teams?handler=RemoveMember&teamId={teamId}&userId={member.Id}", [], "/Admin/Teams");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Teams.Where(t => t.Id == teamId).Select(t => t.LeadUserId).SingleAsync()));
    }

    [Fact]
    public async Task TheAdministrationIndex_LinksToCalendarsAndPolicies()
    {
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);

        var index = await admin.GetHtmlAsync("/Admin");

        Assert.Contains("href=\"/Admin/Calendars\"", index, StringComparison.Ordinal);
        Assert.Contains("href=\"/Admin/SlaPolicies\"", index, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> PolicyForm(string name, int calendarId, params (string Response, string Resolution)[] targets)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.CalendarId"] = Id(calendarId), ["Input.WarningPercent"] = "80",
            ["Input.PausingStatuses"] = "AwaitingCustomer",
        };
        for (var i = 0; i < targets.Length; i++)
        {
            fields[$"Input.Targets[{i}].FirstResponse"] = targets[i].Response;
            fields[$"Input.Targets[{i}].Resolution"] = targets[i].Resolution;
        }

        return fields;
    }
}
