using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Mail;

/// <summary>
/// The mail templates an administrator edits, over HTTP with mail to a real SMTP server: the edited text is what is
/// sent (HTML and plain text from one source), placeholders are text and reach nothing, a text that fails on its record
/// sends the shipped one and the Outbox says so, the preview fills in a real ticket and saves nothing. Each test edits
/// its own template, so they do not see each other's.
/// </summary>
public sealed class MailTemplatesTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    private BatonAppFactory App => desk.App;

    private async Task<HttpClient> AdminApiAsync() => await App.ApiAsAsync(await App.CreateUserAsync(Roles.Administrator));

    private static async Task<HttpResponseMessage> SaveAsync(HttpClient admin, string key, string subject, string body, int version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/mail-templates/{key}") { Content = JsonContent.Create(new { subject, body }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return await admin.SendAsync(request);
    }

    /// <summary>The edited text is in force on this instance (the catalogue cache reads it again at once, or within its check interval).</summary>
    private Task InForceAsync(string key, string body) => Eventually.HoldsAsync(async () =>
    {
        using var scope = App.Services.CreateScope();
        var edited = await MailTemplating.EditedAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), CancellationToken.None);
        return edited.TryGetValue(key, out var t) && t.Body == body;
    }, $"the edited {key} template is in force");

    private async Task<SmtpSink.Received> MailAsync(Func<SmtpSink.Received, bool> match)
    {
        await desk.DeliverAsync();
        return await desk.Sink.WaitForAsync(match, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AnEditedAcknowledgement_IsWhatTheRequesterGets_InHtmlAndPlainText_AndTheThreadingStaysIntact()
    {
        using var admin = await AdminApiAsync();
        const string Body = "Hello {{ requester.name }},\n\nwe logged **{{ ticket.number }}** for {{ client.name }}.\n\n- priority {{ ticket.priority }}\n- {{ ticket.kind }}";
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(admin, "acknowledgement", "Logged: {{ ticket.title }}", Body, version: 0)).StatusCode);
        await InForceAsync("acknowledgement", Body);
        var client = await App.CreateClientAsync();
        using var agent = await App.ApiAsNewAgentAsync();

        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, "Printer on floor 2 jams");
        var mail = (await MailAsync(m => m.Message.Subject?.Contains(ticket.Number, StringComparison.Ordinal) == true)).Message;

        Assert.Equal($"[{ticket.Number}] Logged: Printer on floor 2 jams", mail.Subject); // the [number] tag put back: replies find their ticket by it
        Assert.Contains($"<strong>{ticket.Number}</strong>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<li>priority P", mail.HtmlBody, StringComparison.Ordinal);
        var clientName = await App.WithDbAsync(db => db.Clients.Where(c => c.Id == client.ClientId).Select(c => c.Name).SingleAsync());
        Assert.Contains($"we logged {ticket.Number} for {clientName}", mail.TextBody, StringComparison.Ordinal);
        Assert.StartsWith(Baton.Domain.Mail.QuotedReply.ReplyAboveThisLine, mail.TextBody!.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("https://desk.msp.example/Tickets/" + ticket.Number, mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlaceholdersValue_IsText_ItNeverAddsMarkupLinksOrScript()
    {
        using var admin = await AdminApiAsync();
        const string Body = "About: {{ ticket.title }}";
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(admin, "resolution", "[{{ ticket.number }}] Done: {{ ticket.title }}", Body, version: 0)).StatusCode);
        await InForceAsync("resolution", Body);
        var client = await App.CreateClientAsync();
        using var agent = await App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, "**Urgent** <script>alert(1)</script> [pay here](https://evil.example)");
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition = "Acknowledge" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition = "Resolve", note = "Fixed." })).StatusCode);

        var mail = (await MailAsync(m => m.Message.Subject?.Contains("Done:", StringComparison.Ordinal) == true && m.Message.Subject.Contains(ticket.Number, StringComparison.Ordinal))).Message;

        Assert.DoesNotContain("<script", mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example\"", mail.HtmlBody, StringComparison.Ordinal); // no link made of it
        Assert.DoesNotContain("<strong>Urgent</strong>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("About: **Urgent** <script>alert(1)</script> [pay here](https://evil.example)", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATextThatCannotWork_IsRefusedOnItsField_AndAStaleVersionIs412()
    {
        using var admin = await AdminApiAsync();

        var unknown = await SaveAsync(admin, "contact-notice", "{{ ticket.number }}", "Hi {{ ticket.nmuber }} and {{ user.password }}", version: 0);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var unknownBody = (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Contains("{{ ticket.nmuber }}", unknownBody, StringComparison.Ordinal);
        Assert.Contains("{{ user.password }}", unknownBody, StringComparison.Ordinal);

        var broken = await SaveAsync(admin, "contact-notice", "{{ ticket.number", "Fine", version: 0);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.True((await broken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("subject", out _));

        var endless = await SaveAsync(admin, "contact-notice", "x", "{% for i in (1..100000) %}x{% endfor %}", version: 0);
        Assert.Equal(HttpStatusCode.BadRequest, endless.StatusCode);
        Assert.Contains("sample values", (await endless.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.False(await App.WithDbAsync(db => db.MailTemplates.AnyAsync(t => t.Key == "contact-notice")), "nothing is saved of a refused text");

        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(admin, "contact-notice", "{{ ticket.number }}", "First: {{ notice.text }}", version: 0)).StatusCode);
        var stale = await SaveAsync(admin, "contact-notice", "{{ ticket.number }}", "Second: {{ notice.text }}", version: 0);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SaveAsync(admin, "no-such-mail", "x", "y", version: 0)).StatusCode);
        var saved = await admin.GetFromJsonAsync<JsonElement>("/api/v1/mail-templates/contact-notice");
        Assert.Equal("First: {{ notice.text }}", saved.GetProperty("body").GetString());
        Assert.Equal(1, saved.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task ATemplateThatFailsOnItsRecord_SendsTheShippedOne_AndTheOutboxPageSaysSo()
    {
        using var admin = await AdminApiAsync();
        // Fine on the short sample reply; on a long real reply the nested loop runs past the engine's step limit.
        const string Body = "{% for i in (1..reply.body.size) %}{% for j in (1..reply.body.size) %}.{% endfor %}{% endfor %}{{ reply.body }}";
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(admin, "desk-reply", "[{{ ticket.number }}] {{ ticket.title }}", Body, version: 0)).StatusCode);
        await InForceAsync("desk-reply", Body);
        var client = await App.CreateClientAsync();
        using var agent = await App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, "Laptop will not dock");
        var reply = "We replaced the dock's firmware; " + string.Concat(Enumerable.Repeat("please try it again and tell us. ", 8));
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = reply })).StatusCode);

        var mail = (await MailAsync(m => m.Message.TextBody?.Contains("replaced the dock's firmware", StringComparison.Ordinal) == true)).Message;

        Assert.DoesNotContain("....", mail.TextBody, StringComparison.Ordinal); // the shipped text: the reply, then its author
        var note = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.Subject == mail.Subject && m.Kind == RequesterMail.ReplyKind).Select(m => m.TemplateNote).SingleAsync());
        Assert.Contains("A reply from the desk", note, StringComparison.Ordinal);
        Assert.Contains("shipped one was sent", note, StringComparison.Ordinal);
        using var page = await App.SignInAsync((await App.CreateUserAsync(Roles.Administrator)).Email, BatonAppFactory.UserPassword);
        var outbox = WebUtility.HtmlDecode(await page.GetHtmlAsync("/Admin/Outbox?state=sent"));
        Assert.Contains("sent with the shipped template in the last 7 days", outbox, StringComparison.Ordinal);
        Assert.Contains(note!, outbox, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePreview_FillsInTheTextOnARealTicket_AndSavesNothing()
    {
        using var admin = await AdminApiAsync();
        var client = await App.CreateClientAsync();
        using var agent = await App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, "Wi-Fi slow in the warehouse");

        var preview = await admin.PostAsJsonAsync("/api/v1/mail-templates/notice-sla-breached/preview",
            new { ticketNumber = ticket.Number.ToLowerInvariant(), subject = "BREACH {{ record.number }}", body = "{{ notice.what }}: {{ notice.text }}" });

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var shown = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"BREACH {ticket.Number}", shown.GetProperty("subject").GetString());
        Assert.Contains("Wi-Fi slow in the warehouse", shown.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("An SLA target is breached", shown.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("problem").ValueKind);
        Assert.False(await App.WithDbAsync(db => db.MailTemplates.AnyAsync(t => t.Key == "notice-sla-breached")), "a preview saves nothing");

        var failing = await (await admin.PostAsJsonAsync("/api/v1/mail-templates/notice-sla-breached/preview", new { ticketNumber = ticket.Number, subject = "x", body = "   " }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("shipped template would be sent", failing.GetProperty("problem").GetString(), StringComparison.Ordinal);

        var nowhere = await admin.PostAsJsonAsync("/api/v1/mail-templates/notice-sla-breached/preview", new { ticketNumber = "INC-999999999" });
        Assert.Equal(HttpStatusCode.BadRequest, nowhere.StatusCode);
        Assert.True((await nowhere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("ticketNumber", out _));
    }

    [Fact]
    public async Task AnEditedStaffNotice_IsTheMailTheAssigneeGets_AndRestoringIt_SendsTheShippedTextAgain()
    {
        using var admin = await AdminApiAsync();
        const string Body = "Yours now: **{{ notice.text }}**. Open {{ record.number }}.";
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(admin, "notice-assigned-to-you", "Assigned: {{ record.number }}", Body, version: 0)).StatusCode);
        await InForceAsync("notice-assigned-to-you", Body);
        var client = await App.CreateClientAsync();
        using var dispatcher = await App.ApiAsNewAgentAsync();
        var first = await App.CreateAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(dispatcher, client, "Monitor flickers");
        Assert.Equal(HttpStatusCode.OK, (await dispatcher.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/assignment", new { teamId = (int?)null, assigneeId = first.Id })).StatusCode);

        var edited = (await MailAsync(m => m.Recipients.Contains(first.Email))).Message;
        Assert.Equal($"Assigned: {ticket.Number}", edited.Subject);
        Assert.Contains($"Yours now: {ticket.Number}", edited.TextBody, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/mail-templates/notice-assigned-to-you")).StatusCode);
        await Eventually.HoldsAsync(async () =>
        {
            using var scope = App.Services.CreateScope();
            return !(await MailTemplating.EditedAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), CancellationToken.None)).ContainsKey("notice-assigned-to-you");
        }, "the shipped text is back in force");
        var second = await App.CreateAgentAsync();
        Assert.Equal(HttpStatusCode.OK, (await dispatcher.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/assignment", new { teamId = (int?)null, assigneeId = second.Id })).StatusCode);
        var shipped = (await MailAsync(m => m.Recipients.Contains(second.Email))).Message;
        Assert.StartsWith($"{ticket.Number} · assigned to you", shipped.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Yours now", shipped.TextBody, StringComparison.Ordinal);

        var trail = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.RecordKind == Baton.Domain.Mail.MailTemplate.RecordKind).Select(a => a.Field).ToListAsync());
        Assert.Contains("Body", trail);
    }

    [Fact]
    public async Task OnlyAnAdministrator_MayReadOrEditTheTemplates()
    {
        using var agent = await App.ApiAsNewAgentAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/mail-templates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SaveAsync(agent, "acknowledgement", "x", "y", 0)).StatusCode);
        using var admin = await AdminApiAsync();
        var all = await admin.GetFromJsonAsync<JsonElement>("/api/v1/mail-templates");
        Assert.Contains(all.EnumerateArray(), t => t.GetProperty("key").GetString() == "notice-ticket-stuck");
        Assert.True(all.GetArrayLength() >= 4 + Baton.Domain.Informing.NoticeKinds.Choosable.Count);
    }
}
