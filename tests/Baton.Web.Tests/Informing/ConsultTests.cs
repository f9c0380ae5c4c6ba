using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Data;
using Baton.Web.Features.Informing;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Informing;

/// <summary>Baton on a <see cref="SettableClock"/>: the reminder sweep runs at start only, and tests run it at the instant they choose.</summary>
public sealed class ConsultDesk : IAsyncLifetime
{
    public ConsultDesk()
    {
        App.Settings["Informing:ConsultReminderInterval"] = "01:00:00";
        App.Settings["ServiceLevels:EscalationInterval"] = "01:00:00";
        App.TestServices.Add(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public SettableClock Clock { get; } = SettableClock.StartingNow();

    public BatonAppFactory App { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Runs the reminder sweep as one instance would, at <paramref name="now"/>; how many it sent.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now)
    {
        using var scope = App.Services.CreateScope();
        return await App.Services.GetRequiredService<ConsultReminders>().RunOnceAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), now, CancellationToken.None);
    }
}

/// <summary>"What do you think?" on the record (issue 13, the matrix's C): asked, told, answered, reminded while not.</summary>
public sealed class ConsultTests(ConsultDesk desk) : IClassFixture<ConsultDesk>
{
    private BatonAppFactory App => desk.App;

    private sealed record Setup(BatonAppFactory.TicketDto Ticket, BatonAppFactory.TestUser Asker, HttpClient AskerApi, BatonAppFactory.TestUser Consultee, HttpClient ConsulteeApi, BatonAppFactory.ClientSetup Client);

    private async Task<Setup> ArrangeAsync()
    {
        var client = await App.CreateClientAsync();
        var asker = await App.CreateAgentAsync("Asha Asker");
        var consultee = await App.CreateAgentAsync("Colm Consultee");
        var askerApi = await App.ApiAsAsync(asker);
        return new Setup(await BatonAppFactory.OpenIncidentAsync(askerApi, client), asker, askerApi, consultee, await App.ApiAsAsync(consultee), client);
    }

    private static async Task<JsonElement> AskAsync(Setup s, string question = "Is it safe to roll the firmware back to 4.2?")
    {
        var asked = await s.AskerApi.PostAsJsonAsync($"/api/v1/tickets/{s.Ticket.Number}/consults", new { consulteeId = s.Consultee.Id, question });
        Assert.True(asked.StatusCode == HttpStatusCode.Created, await asked.Content.ReadAsStringAsync());
        return await asked.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<JsonElement>> NoticesAsync(HttpClient api, string number, string kind) =>
        [.. (await TicketNoticesRead.NoticesAsync(api, number)).Where(n => n.GetProperty("kind").GetString() == kind)];

    private static async Task<List<string>> NotesAsync(HttpClient api, string number) =>
        [.. (await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{number}/messages")).EnumerateArray().Where(m => m.GetProperty("internal").GetBoolean()).Select(m => m.GetProperty("body").GetString()!)];

    [Fact]
    public async Task Asking_TellsTheConsultee_AndAnswering_TellsTheAsker_BothOnTheRecord()
    {
        var s = await ArrangeAsync();
        var consult = await AskAsync(s);
        Assert.Equal("Open", consult.GetProperty("state").GetString());
        Assert.Equal("Colm Consultee", consult.GetProperty("consulteeName").GetString());

        var told = Assert.Single(await NoticesAsync(s.ConsulteeApi, s.Ticket.Number, "ConsultRequested"));
        Assert.Contains("Asha Asker asks what you think: Is it safe to roll the firmware back to 4.2?", told.GetProperty("text").GetString(), StringComparison.Ordinal);

        var id = consult.GetProperty("id").GetInt64();
        var answered = await s.ConsulteeApi.PostAsJsonAsync($"/api/v1/tickets/{s.Ticket.Number}/consults/{id}/answer", new { answer = "Yes, 4.2 is fine on that model." });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        Assert.Equal("Answered", (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        var back = Assert.Single(await NoticesAsync(s.AskerApi, s.Ticket.Number, "ConsultAnswered"));
        Assert.Contains("Colm Consultee answered your question: Yes, 4.2 is fine on that model.", back.GetProperty("text").GetString(), StringComparison.Ordinal);
        var notes = await NotesAsync(s.AskerApi, s.Ticket.Number);
        Assert.Contains("Asked Colm Consultee: Is it safe to roll the firmware back to 4.2?", notes);
        Assert.Contains("Colm Consultee answered: Yes, 4.2 is fine on that model.", notes);
        var listed = Assert.Single((await s.AskerApi.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{s.Ticket.Number}/consults")).EnumerateArray());
        Assert.Equal("Yes, 4.2 is fine on that model.", listed.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task OnlyTheConsultee_Answers_AndOnlyTheAsker_Withdraws_NamingTheField()
    {
        var s = await ArrangeAsync();
        var id = (await AskAsync(s)).GetProperty("id").GetInt64();
        var bystanderApi = await App.ApiAsNewAgentAsync();

        var notYours = await bystanderApi.PostAsJsonAsync($"/api/v1/tickets/{s.Ticket.Number}/consults/{id}/answer", new { answer = "I think so" });
        Assert.Equal(HttpStatusCode.BadRequest, notYours.StatusCode);
        Assert.Contains("\"answer\"", await notYours.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var empty = await s.ConsulteeApi.PostAsJsonAsync($"/api/v1/tickets/{s.Ticket.Number}/consults/{id}/answer", new { answer = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        var notAsker = await s.ConsulteeApi.PostAsync($"/api/v1/tickets/{s.Ticket.Number}/consults/{id}/withdraw", null);
        Assert.Equal(HttpStatusCode.BadRequest, notAsker.StatusCode);
        Assert.Contains("consultId", await notAsker.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await s.AskerApi.PostAsync($"/api/v1/tickets/{s.Ticket.Number}/consults/{id + 100000}/withdraw", null)).StatusCode);
    }

    [Fact]
    public async Task TheConsultee_MustBeActiveStaff_NotAContactNorOneself()
    {
        var s = await ArrangeAsync();
        var contact = await App.CreateContactUserAsync(s.Client);
        foreach (var (consulteeId, question) in new[] { (contact.Id, "Thoughts?"), (s.Asker.Id, "Thoughts?"), ("no-such-user", "Thoughts?"), ((string?)null, "Thoughts?") })
        {
            var refused = await s.AskerApi.PostAsJsonAsync($"/api/v1/tickets/{s.Ticket.Number}/consults", new { consulteeId, question });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("consulteeId", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var noQuestion = await s.AskerApi.PostAsJsonAsync($"/api/v1/tickets/{s.Ticket.Number}/consults", new { consulteeId = s.Consultee.Id, question = "" });
        Assert.Contains("question", await noQuestion.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await s.AskerApi.PostAsJsonAsync("/api/v1/tickets/INC-999999/consults", new { consulteeId = s.Consultee.Id, question = "x" })).StatusCode);
    }

    [Fact]
    public async Task AnUnansweredConsult_IsRemindedADayLater_Once_EvenWithTwoSweepsAtOnce()
    {
        var s = await ArrangeAsync();
        var askedAt = desk.Clock.Now;
        await AskAsync(s);

        Assert.Equal(0, await desk.SweepAsync(askedAt.AddHours(23)));
        var counts = await Task.WhenAll(desk.SweepAsync(askedAt.AddHours(24)), desk.SweepAsync(askedAt.AddHours(24)));
        Assert.Equal(1, counts.Sum()); // the second meets a request already reminded
        Assert.Equal(0, await desk.SweepAsync(askedAt.AddHours(25)));

        var notices = await NoticesAsync(s.ConsulteeApi, s.Ticket.Number, "ConsultRequested");
        var reminder = Assert.Single(notices, n => n.GetProperty("text").GetString()!.Contains("Reminder: Asha Asker asked what you think", StringComparison.Ordinal));
        Assert.Equal(1, reminder.GetProperty("count").GetInt32());
        var consult = Assert.Single((await s.AskerApi.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{s.Ticket.Number}/consults")).EnumerateArray());
        Assert.Equal(1, consult.GetProperty("remindersSent").GetInt32());
    }

    [Fact]
    public async Task AWithdrawnConsult_IsNeverReminded()
    {
        var s = await ArrangeAsync();
        var askedAt = desk.Clock.Now;
        var id = (await AskAsync(s)).GetProperty("id").GetInt64();
        var withdrawn = await s.AskerApi.PostAsync($"/api/v1/tickets/{s.Ticket.Number}/consults/{id}/withdraw", null);
        Assert.True(withdrawn.StatusCode == HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        Assert.Equal("Withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        await desk.SweepAsync(askedAt.AddHours(49));
        Assert.DoesNotContain(await NoticesAsync(s.ConsulteeApi, s.Ticket.Number, "ConsultRequested"), n => n.GetProperty("text").GetString()!.Contains("Reminder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientContact_IsRefusedEveryConsultRoute_AndLearnsNothing()
    {
        var s = await ArrangeAsync();
        var id = (await AskAsync(s, "Secret internal question")).GetProperty("id").GetInt64();
        var own = await App.ApiAsAsync(await App.CreateContactUserAsync(s.Client));
        var other = await App.ApiAsAsync(await App.CreateContactUserAsync(await App.CreateClientAsync()));
        foreach (var api in new[] { own, other })
        {
            var answers = new[]
            {
                await api.GetAsync($"/api/v1/tickets/{s.Ticket.Number}/consults"),
                await api.PostAsJsonAsync($"/api/v1/tickets/{s.Ticket.Number}/consults", new { consulteeId = s.Consultee.Id, question = "Hi" }),
                await api.PostAsJsonAsync($"/api/v1/tickets/{s.Ticket.Number}/consults/{id}/answer", new { answer = "Hi" }),
                await api.PostAsync($"/api/v1/tickets/{s.Ticket.Number}/consults/{id}/withdraw", null),
            };
            foreach (var answer in answers)
            {
                Assert.True(answer.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{answer.RequestMessage!.RequestUri}: {answer.StatusCode}");
                Assert.DoesNotContain("Secret internal question", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Single((await s.AskerApi.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{s.Ticket.Number}/consults")).EnumerateArray());
    }

    [Fact]
    public async Task TheTicketPage_ListsConsults_AsksAndAnswers_WithMessagesOnTheFields()
    {
        var s = await ArrangeAsync();
        using var asker = await App.SignInAsync(s.Asker.Email, BatonAppFactory.UserPassword);
        var url = $"/Tickets/{s.Ticket.Number}";

        var refused = await asker.PostFormAsync(url + "?handler=Consult", new() { ["Consult.ConsulteeId"] = s.Consultee.Id, ["Consult.Question"] = " " }, url);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Write the question you want answered.", refusedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", refusedHtml, StringComparison.Ordinal);

        var asked = await asker.PostFormAsync(url + "?handler=Consult", new() { ["Consult.ConsulteeId"] = s.Consultee.Id, ["Consult.Question"] = "Swap the PSU or the board?" }, url);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var page = System.Net.WebUtility.HtmlDecode(await asker.GetHtmlAsync(url));
        Assert.Contains("Consulted", page, StringComparison.Ordinal);
        Assert.Contains("Swap the PSU or the board?", page, StringComparison.Ordinal);
        Assert.Contains("Withdraw", page, StringComparison.Ordinal);

        using var consultee = await App.SignInAsync(s.Consultee.Email, BatonAppFactory.UserPassword);
        var theirs = System.Net.WebUtility.HtmlDecode(await consultee.GetHtmlAsync(url));
        Assert.Contains("Your answer", theirs, StringComparison.Ordinal);
        var id = (await s.AskerApi.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{s.Ticket.Number}/consults"))[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answered = await consultee.PostFormAsync(url + "?handler=ConsultAnswer", new() { ["ConsultAnswer.ConsultId"] = id, ["ConsultAnswer.Answer"] = "The PSU: the board is fine." }, url);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Contains("The PSU: the board is fine.", System.Net.WebUtility.HtmlDecode(await asker.GetHtmlAsync(url)), StringComparison.Ordinal);
    }
}
