using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Informing;

/// <summary>What the notice tests read: a person's notifications about one ticket, and "every after-commit job has run".</summary>
internal static class TicketNoticesRead
{
    public static async Task<List<JsonElement>> NoticesAsync(HttpClient api, string number) =>
        [.. (await api.GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=100")).EnumerateArray().Where(n => n.GetProperty("ticketNumber").GetString() == number)];

    /// <summary>Whether an after-commit job for the ticket is still waiting: a "nobody was told" assertion waits for them all.</summary>
    public static Task AllHandledAsync(BatonAppFactory app, long ticketId) => Eventually.HoldsAsync(
        () => app.WithDbAsync(async db => !await db.RecordEvents.AnyAsync(j => j.RecordKind == "ticket" && j.RecordId == ticketId && j.ProcessedAt == null)),
        "every after-commit job of the ticket has run");
}
