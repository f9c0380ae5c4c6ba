using MimeKit;

namespace Baton.Bench;

/// <summary>
/// A run of N messages: one in five is the requester's reply to a request sent 20–26 messages before (half threaded
/// by the ticket number in the subject, which is only known once the request is filed, half by In-Reply-To), the
/// rest are new requests. Senders take messages in order; a reply waits until its request was answered. Mail delivered
/// to a mailbox before Baton sees any of it (<c>numbersInSubjects: false</c>) threads by In-Reply-To only.
/// </summary>
internal sealed class MailPlan
{
    private readonly MailTraffic _traffic;
    private readonly MimeMessage?[] _requests;
    private readonly byte[]?[] _raw;
    private readonly string?[] _ids;
    private readonly bool _numbersInSubjects;
    private readonly TaskCompletionSource<string>[] _filedOn;
    private int _next = -1;

    public MailPlan(MailTraffic traffic, int count, bool numbersInSubjects = true)
    {
        _traffic = traffic;
        _numbersInSubjects = numbersInSubjects;
        Count = count;
        _requests = new MimeMessage?[count];
        _raw = new byte[]?[count];
        _ids = new string?[count];
        _filedOn = [.. Enumerable.Range(0, count).Select(_ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously))];
        for (var i = 0; i < count; i++)
        {
            if (OriginalOf(i) is { } original)
            {
                // By In-Reply-To: built now. By subject number: built when the number is known.
                if (!BySubject(i))
                {
                    var reply = traffic.Reply(i, _requests[original]!, null);
                    (_raw[i], _ids[i]) = (MailTraffic.Raw(reply), reply.MessageId);
                }
            }
            else
            {
                _requests[i] = traffic.NewRequest(i);
                (_raw[i], _ids[i]) = (MailTraffic.Raw(_requests[i]!), _requests[i]!.MessageId);
            }
        }
    }

    public int Count { get; }

    public int Replies => Enumerable.Range(0, Count).Count(i => OriginalOf(i) is not null);

    public int NewRequests => Count - Replies;

    /// <summary>The request message <paramref name="i"/> answers, or null when it is a new request.</summary>
    public static int? OriginalOf(int i) => i % 5 == 4 && i >= 30 ? i - 21 - (i / 5 % 2 * 5) : null; // i − 21 or i − 26: both ≡ 3 (mod 5), a request

    private bool BySubject(int i) => _numbersInSubjects && i / 10 % 2 == 0;

    /// <summary>Message <paramref name="i"/>'s Message-ID once it is built (a reply by subject number: once it was sent).</summary>
    public string? MessageIdOf(int i) => Volatile.Read(ref _ids[i]);

    /// <summary>The next message to send, in order; false when all were taken.</summary>
    public bool TryTake(out int index)
    {
        index = Interlocked.Increment(ref _next);
        return index < Count;
    }

    /// <summary>The raw bytes of message <paramref name="i"/>; a reply by subject number waits for its request's ticket.</summary>
    public async Task<byte[]> RawAsync(int i, CancellationToken ct)
    {
        if (_raw[i] is { } raw)
        {
            return raw;
        }

        var original = OriginalOf(i)!.Value;
        var number = await _filedOn[original].Task.WaitAsync(ct);
        var reply = _traffic.Reply(i, _requests[original]!, number);
        var built = MailTraffic.Raw(reply);
        (_raw[i], _ids[i]) = (built, reply.MessageId);
        return built;
    }

    /// <summary>Every message of the plan as MimeKit holds it, to deliver into a mailbox (replies by In-Reply-To only).</summary>
    public async Task<MimeMessage[]> MessagesAsync(CancellationToken ct)
    {
        var messages = new MimeMessage[Count];
        for (var i = 0; i < Count; i++)
        {
            messages[i] = await MimeMessage.LoadAsync(new MemoryStream(await RawAsync(i, ct)), ct);
        }

        return messages;
    }

    /// <summary>What the gateway answered for message <paramref name="i"/>: the ticket it is on.</summary>
    public void Filed(int i, string ticket) => _filedOn[i].TrySetResult(ticket);

    /// <summary>The ticket message <paramref name="i"/> should be on: its own (a request) or its request's (a reply).</summary>
    public Task<string> ExpectedTicketAsync(int i) => _filedOn[OriginalOf(i) ?? i].Task;

    /// <summary>
    /// Compares where the database filed each message (Message-ID → ticket number, <see cref="MailDesk.FiledOnAsync"/>)
    /// with the plan: a message not filed on any ticket is lost; a reply on another ticket than its request's is misfiled.
    /// </summary>
    public (int Lost, int Misfiled) Check(IReadOnlyDictionary<string, string> filedOn)
    {
        var (lost, misfiled) = (0, 0);
        for (var i = 0; i < Count; i++)
        {
            if (MessageIdOf(i) is not { } id || !filedOn.TryGetValue(id.Trim('<', '>'), out var ticket))
            {
                lost++;
            }
            else if (OriginalOf(i) is { } original && (!filedOn.TryGetValue(MessageIdOf(original)!, out var expected) || expected != ticket))
            {
                misfiled++;
            }
        }

        return (lost, misfiled);
    }
}
