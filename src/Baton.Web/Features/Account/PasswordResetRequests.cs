using System.Threading.Channels;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;

namespace Baton.Web.Features.Account;

/// <summary>
/// "Forgot password?" requests, decided away from the request: the page hands the address over and answers at once,
/// the same words in the same time whether or not an account signs in with it. A request the queue cannot take (a
/// flood) is dropped, which the page does not say either.
/// </summary>
public sealed class PasswordResetRequests
{
    private readonly Channel<string> _addresses = Channel.CreateBounded<string>(new BoundedChannelOptions(200) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private int _pending;

    /// <summary>Requests taken and not yet decided (the tests wait for none).</summary>
    public int Pending => Volatile.Read(ref _pending);

    public void Request(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        Interlocked.Increment(ref _pending);
        if (!_addresses.Writer.TryWrite(email.Trim()))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    internal IAsyncEnumerable<string> ReadAllAsync(CancellationToken ct) => _addresses.Reader.ReadAllAsync(ct);

    internal void Done() => Interlocked.Decrement(ref _pending);
}

/// <summary>Decides each reset request: a mail for an account that may sign in, and at most a few an hour to one address.</summary>
public sealed class PasswordResetMailer(PasswordResetRequests requests, IServiceScopeFactory scopes, DatabaseReadiness readiness, ILogger<PasswordResetMailer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in requests.ReadAllAsync(stoppingToken))
        {
            try
            {
                await readiness.Ready.WaitAsync(stoppingToken);
                using var scope = scopes.CreateScope();
                var outcome = await DecideAsync(scope.ServiceProvider, email, stoppingToken);
                // The account's id, never the address typed in (it may be anyone's) and never the link.
                logger.LogInformation("Password reset requested: {Outcome}.", outcome);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "A password reset request could not be decided.");
            }
            finally
            {
                requests.Done();
            }
        }
    }

    private static async Task<string> DecideAsync(IServiceProvider services, string email, CancellationToken ct)
    {
        var mail = services.GetRequiredService<AccountMail>();
        if (!mail.Enabled)
        {
            return "no mail is configured, nothing sent";
        }

        var users = services.GetRequiredService<UserManager<BatonUser>>();
        var db = services.GetRequiredService<BatonDb>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var user = await users.FindByEmailAsync(email);
        if (user?.Email is null)
        {
            return "no such account, nothing sent";
        }

        if (user.LockoutEnd is { } end && end > now)
        {
            return $"account {user.Id} is locked, nothing sent";
        }

        if (!await AccountAccess.IsOpenAsync(db, user, ct))
        {
            return $"account {user.Id} is closed (client inactive or portal access revoked), nothing sent";
        }

        if (await AccountMail.RecentResetsAsync(db, user.Email, now, ct) >= mail.Options.ResetsPerHour)
        {
            return $"account {user.Id} had {mail.Options.ResetsPerHour} reset mails in the last hour (Mail:Accounts:ResetsPerHour), nothing sent";
        }

        mail.QueuePasswordReset(db, user, now);
        await db.SaveChangesAsync(ct);
        return $"reset mail queued for account {user.Id}";
    }
}
