using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain;
using Baton.Domain.Audit;
using Baton.Domain.Teams;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Tickets;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Baton.Web.Tests.Tickets;

/// <summary>
/// Creations are written by <see cref="ModelInserter"/>, not SaveChanges. These tests hold it to what SaveChanges
/// would have stored: the same row, column by column, and the same entities read back through EF.
/// </summary>
public sealed class TicketInsertTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task CreateThroughTheApi_WithEveryOptionalField_StoresWhatSaveChangesWould()
    {
        var client = await app.CreateClientAsync();
        var teamId = await app.CreateTeamAsync();
        var creator = await app.CreateAgentAsync();
        var assignee = await app.CreateAgentAsync();
        var categoryId = await app.WithDbAsync(async db =>
        {
            var category = new Category("Insert test " + Guid.NewGuid().ToString("N")[..6]);
            db.Categories.Add(category);
            await db.SaveChangesAsync();
            return category.Id;
        });
        using var api = await app.ApiAsAsync(creator);
        var key = Guid.NewGuid().ToString();

        var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new
            {
                title = "VPN drops every hour", description = "Since Monday, for the whole branch.", kind = "ServiceRequest",
                clientId = client.ClientId, requesterId = client.ContactId, siteId = client.SiteId,
                configurationItemId = client.ConfigurationItemId, categoryId, requestType = "NonTechnical",
                impact = "High", urgency = "Low", teamId, assigneeId = assignee.Id,
            }, options: BatonAppFactory.Json),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(BatonAppFactory.Json);
        var id = answer.GetProperty("id").GetInt64();

        // The same creation, written by SaveChanges.
        var referenceId = await app.WithDbAsync(async db =>
        {
            var created = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == id);
            var record = await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.TicketId == id);
            var names = await db.Contacts.Where(c => c.Id == client.ContactId).Select(c => new
            {
                Requester = c.Name,
                Category = db.Categories.Where(k => k.Id == categoryId).Select(k => k.Name).Single(),
                Item = db.ConfigurationItems.Where(i => i.Id == client.ConfigurationItemId).Select(i => i.Name).Single(),
                Team = db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).Single(),
            }).SingleAsync();
            var now = created.CreatedAt;
            var catalogue = await ServiceLevelCatalogue.ForAsync(db, default);
            var sla = catalogue.TermsFor(client.ClientId, DateOnly.FromDateTime(now.UtcDateTime), categoryId, names.Category, client.ConfigurationItemId, names.Item);
            Assert.NotNull(sla);
            var actor = new Actor(creator.Id, creator.DisplayName);
            var details = new NewTicket(TicketKind.ServiceRequest, "VPN drops every hour", "Since Monday, for the whole branch.", client.ClientId,
                new RequesterRef(client.ContactId, names.Requester), client.SiteId, client.ConfigurationItemId, categoryId, RequestType.NonTechnical, Impact.High, Urgency.Low);
            var reference = Ticket.Open(details, "REF-" + Guid.NewGuid().ToString("N")[..8], await TicketReferenceCheck.MatrixAsync(db, default), actor, now);
            reference.StartSla(sla.Value.Terms, sla.Value.Calendar);
            reference.Assign(new TeamRef(teamId, names.Team), new AgentRef(assignee.Id, assignee.DisplayName), actor, now);
            db.Tickets.Add(reference);
            db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = record.UserId, Key = key + "-reference", RequestHash = record.RequestHash, Ticket = reference, CreatedAt = now });
            await db.SaveChangesAsync();
            return reference.Id;
        });

        await app.WithDbAsync(async db =>
        {
            var created = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == id);
            var reference = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == referenceId);
            var trail = (long ticketId) => db.AuditEntries.AsNoTracking().Where(e => e.RecordKind == Ticket.RecordKind && e.RecordId == ticketId).OrderBy(e => e.Id).ToListAsync();

            // What the API answered is what is stored, to the microsecond.
            Assert.Equal(created.CreatedAt, answer.GetProperty("createdAt").GetDateTimeOffset());
            Assert.Equal(0, created.CreatedAt.Ticks % TimeSpan.TicksPerMicrosecond);
            Assert.NotNull(created.Sla);
            Assert.NotNull(created.Sla.ResponseDueAt);
            Assert.Equal(teamId, created.TeamId);
            Assert.Equal(assignee.Id, created.AssigneeId);

            // Through EF, property by property (owned SLA included).
            var ticketType = db.Model.FindEntityType(typeof(Ticket))!;
            AssertSameProperties(ticketType, created, reference, "Id", "Number");
            var slaType = ticketType.FindNavigation(nameof(Ticket.Sla))!.TargetEntityType;
            AssertSameProperties(slaType, created.Sla, reference.Sla!);

            var auditType = db.Model.FindEntityType(typeof(AuditEntry))!;
            var createdAudit = await trail(id);
            var referenceAudit = await trail(referenceId);
            Assert.Equal(3, createdAudit.Count); // Created, Team, Assignee
            Assert.Equal(referenceAudit.Count, createdAudit.Count);
            foreach (var (a, b) in createdAudit.Zip(referenceAudit))
            {
                Assert.Equal(id, a.RecordId);
                AssertSameProperties(auditType, a, b, "Id", "RecordId", "NewValue");
                Assert.Equal(b.NewValue?.Replace(reference.Number, created.Number, StringComparison.Ordinal), a.NewValue);
            }

            var records = await db.IdempotencyRecords.AsNoTracking().Where(r => r.TicketId == id || r.TicketId == referenceId).OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(2, records.Count);
            Assert.Equal(key, records[0].Key);
            Assert.Equal(id, records[0].TicketId);
            AssertSameProperties(db.Model.FindEntityType(typeof(IdempotencyRecord))!, records[0], records[1], "Id", "TicketId", "Key");

            // And in the database itself, column by column: the same text, numbers and nulls SaveChanges wrote.
            AssertSameRows(await RowsAsync(db, "Tickets", "Id", id), await RowsAsync(db, "Tickets", "Id", referenceId), "Id", "Number");
            // Only tickets are written in this test, so a record id names a ticket's rows here.
            var rawAudit = await RowsAsync(db, "AuditEntries", "RecordId", id);
            var rawReferenceAudit = await RowsAsync(db, "AuditEntries", "RecordId", referenceId);
            Assert.Equal(rawReferenceAudit.Count, rawAudit.Count);
            foreach (var (a, b) in rawAudit.Zip(rawReferenceAudit))
            {
                AssertSameRows([a], [b], "Id", "RecordId", "NewValue");
            }

            AssertSameRows(await RowsAsync(db, "IdempotencyRecords", "TicketId", id), await RowsAsync(db, "IdempotencyRecords", "TicketId", referenceId), "Id", "TicketId", "Key");
        });
    }

    [Theory]
    [InlineData(typeof(Ticket))]
    [InlineData(typeof(AuditEntry))]
    [InlineData(typeof(IdempotencyRecord))]
    public Task Inserter_WritesEveryMappedColumn(Type entity) => app.WithDbAsync(async db =>
    {
        await Task.CompletedTask;
        var inserter = (ModelInserter)typeof(ModelInserter).GetMethod(nameof(ModelInserter.For))!.MakeGenericMethod(entity).Invoke(null, [db])!;
        var type = db.Model.FindEntityType(entity)!;
        var table = db.Model.GetRelationalModel().FindTable(type.GetTableName()!, type.GetSchema())!;

        var written = inserter.Columns.Append(inserter.KeyColumn).OfType<string>().Order(StringComparer.Ordinal);
        Assert.Equal(table.Columns.Select(c => c.Name).Order(StringComparer.Ordinal), written);
        Assert.Equal("Id", inserter.KeyColumn);
    });

    private static void AssertSameProperties(ITypeBase type, object actual, object expected, params string[] except)
    {
        foreach (var property in type.GetProperties().Where(p => !p.IsShadowProperty() && !except.Contains(p.Name)))
        {
            var getter = property.GetGetter();
            Assert.True(Equals(getter.GetClrValue(expected), getter.GetClrValue(actual)),
                $"{type.DisplayName()}.{property.Name}: expected {getter.GetClrValue(expected)}, stored {getter.GetClrValue(actual)}");
        }
    }

    private static void AssertSameRows(List<Dictionary<string, object?>> actual, List<Dictionary<string, object?>> expected, params string[] except)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.NotEmpty(actual);
        foreach (var (a, b) in actual.Zip(expected))
        {
            Assert.Equal(b.Keys.Order(), a.Keys.Order());
            foreach (var (column, value) in b.Where(c => !except.Contains(c.Key)))
            {
                Assert.True(Equals(value, a[column]), $"column {column}: SaveChanges stored {Show(value)}, the inserter {Show(a[column])}");
            }
        }

        static string Show(object? v) => v is null ? "NULL" : $"{v} ({v.GetType().Name})";
    }

    /// <summary>Raw column values as the provider returns them, with no EF conversion in between.</summary>
    private static async Task<List<Dictionary<string, object?>>> RowsAsync(BatonDb db, string table, string column, long id)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"""SELECT * FROM "{table}" WHERE "{column}" = @id ORDER BY "Id" """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        var rows = new List<Dictionary<string, object?>>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }
}
