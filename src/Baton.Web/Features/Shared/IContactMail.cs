namespace Baton.Web.Features.Shared;

/// <summary>
/// The seam for mailing a contact who has no portal account, so no bell (Features/Mail/RequesterMail): the informing
/// feature decides who is told, the mail feature mails them.
/// </summary>
public interface IContactMail
{
    /// <summary>Whether an event of that instant is mailed about (mail configured, the event recent).</summary>
    bool Mails(DateTimeOffset occurredAt);

    Task InformContactsAsync(Data.BatonDb db, Baton.Domain.Tickets.Ticket ticket, IReadOnlyCollection<int> contactIds, string keyPrefix, string text, DateTimeOffset now, CancellationToken ct);
}
