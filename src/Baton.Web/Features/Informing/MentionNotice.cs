using Baton.Domain.Informing;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Events;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Informing;

/// <summary>
/// "@dana.ops can you look?" in an internal note tells Dana, after the note is committed. Internal notes only: a public
/// reply is the requester's to read, and a requester cannot mention the desk's people.
/// </summary>
public sealed class MentionNotice(TicketNoticeSender sender) : IAfterCommitHandler<MessagePosted>
{
    public string Name => "notice-mention";

    public ValueTask<bool> ConcernsAsync(MessagePosted e, BatonDb db, CancellationToken ct) =>
        ValueTask.FromResult(e.Visibility == MessageVisibility.Internal && e.Author == MessageAuthor.Desk);

    public async Task HandleAsync(MessagePosted e, AfterCommit context, CancellationToken ct)
    {
        // The event names its ticket, author and instant; the note is the author's internal one written then.
        var notes = await context.Db.TicketMessages.AsNoTracking()
            .Where(m => m.TicketId == context.RecordId && m.At == e.OccurredAt && m.Visibility == MessageVisibility.Internal && m.AuthorId == e.Actor.UserId)
            .OrderBy(m => m.Id).ToListAsync(ct);
        foreach (var note in notes)
        {
            var told = await WhoIsToldAsync(context.Db, note, ct);
            if (told.Count > 0)
            {
                await sender.TellAsync(context, NoticeKind.Mentioned, $"{e.Actor.DisplayName} mentioned you: {Mentions.FirstWords(note.Body)}", e.Actor, e.OccurredAt,
                    told.Select(p => p.Id), informed: false, ct);
            }
        }
    }

    /// <summary>
    /// Whom posting <paramref name="message"/> tells of its @mentions: the staff an internal note names, never its author
    /// (nobody is told of their own action). The page and the API say so with this very list, so what is shown is what is told.
    /// </summary>
    public static async Task<IReadOnlyList<MentionableResponse>> WhoIsToldAsync(BatonDb db, TicketMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Visibility != MessageVisibility.Internal
            ? []
            : [.. (await MentionablePeople.InAsync(db, message.Body, message.At, ct)).Where(p => p.Id != message.AuthorId)];
    }
}
