using System.Text.Encodings.Web;
using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Features.Outbox;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Account;

/// <summary>Mail:Accounts — how long the links of account mail work, and how often a reset may be mailed (README "Accounts by mail").</summary>
public sealed class AccountMailOptions
{
    /// <summary>Mail:Accounts:InvitationLifespan — how long an invitation link works.</summary>
    public TimeSpan InvitationLifespan { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Mail:Accounts:ResetLifespan — how long a password-reset link works.</summary>
    public TimeSpan ResetLifespan { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Mail:Accounts:ResetsPerHour — reset mails to one address in an hour; more requests are answered the same and mail nothing.</summary>
    public int ResetsPerHour { get; set; } = 3;

    public TimeSpan LifespanOf(AccountLinkPurpose purpose) => purpose switch
    {
        AccountLinkPurpose.Invitation => InvitationLifespan,
        AccountLinkPurpose.PasswordReset => ResetLifespan,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };
}

/// <summary>What a link in account mail is for.</summary>
public enum AccountLinkPurpose
{
    /// <summary>A new account chooses its first password.</summary>
    Invitation = 1,

    /// <summary>Someone who forgot their password chooses a new one.</summary>
    PasswordReset = 2,
}

/// <summary>
/// The invitation and password-reset mails and their links. A link carries a token protected with the key ring: the
/// account, what it is for, when it was issued and the account's security stamp then. Setting a password changes the
/// stamp, so a link works once; it expires after its lifespan (<see cref="AccountMailOptions"/>), read on the app's
/// clock. Both mails are automatic (not in <see cref="OutgoingMail.WrittenByPeople"/>) and go through the outbox, their
/// link marked secret (<see cref="SecretLinks"/>: masked on the Outbox page, dropped from the stored copy once sent).
/// </summary>
public sealed class AccountMail(
    IDataProtectionProvider protection, IOptions<SmtpSettings> smtp, IOptions<RequesterMailOptions> mail, IOptions<AccountMailOptions> options, TimeProvider clock,
    ILogger<AccountMail> logger)
{
    public const string InvitationKind = "AccountInvitation";
    public const string PasswordResetKind = "PasswordReset";

    /// <summary>The page every link opens.</summary>
    public const string PagePath = "/Account/SetPassword";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly IDataProtector _protector = protection.CreateProtector("Baton.AccountLinks.v1");

    public AccountMailOptions Options => options.Value;

    /// <summary>
    /// Account mail needs a mail server and Mail:LinkBase: the link is never built from the request's Host header,
    /// which whoever asks for a reset could set to their own server.
    /// </summary>
    public bool Enabled => smtp.Value.Configured && mail.Value.LinkBase.Length > 0;

    /// <summary>
    /// Queues the invitation with the caller's change (saved in its transaction: it goes only if the account is
    /// committed), and logs who invited whom — the account's id, never the link.
    /// </summary>
    public void QueueInvitation(BatonDb db, BatonUser user, CurrentUser by)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(by);
        logger.LogInformation("Invitation for account {UserId} queued by {ActorId} ({ActorName}).", user.Id, by.Id, by.DisplayName);
        var invitedBy = by.DisplayName;
        var e = HtmlEncoder.Default;
        var link = LinkFor(user, AccountLinkPurpose.Invitation);
        Queue(db, user, $"account-invitation:{user.Id}:{user.SecurityStamp}", InvitationKind, $"Your account at {mail.Value.DeskName}",
            $"<p>Hello {e.Encode(user.DisplayName)},</p>" +
            $"<p>{e.Encode(invitedBy)} opened an account for you at {e.Encode(mail.Value.DeskName)}. You sign in as <strong>{e.Encode(user.Email ?? "")}</strong>.</p>" +
            $"<p>Choose your password here: {SecretLinks.Html(link)}</p>" +
            $"<p>The link works once, for {Lifespan(Options.InvitationLifespan)}. If it has expired, ask for a new invitation.</p>");
    }

    /// <summary>Queues a reset mail (the caller decided the account may have one).</summary>
    public void QueuePasswordReset(BatonDb db, BatonUser user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var e = HtmlEncoder.Default;
        var link = LinkFor(user, AccountLinkPurpose.PasswordReset);
        Queue(db, user, $"password-reset:{user.Id}:{now.UtcTicks}:{Guid.NewGuid():N}", PasswordResetKind, $"Reset your password at {mail.Value.DeskName}",
            $"<p>Hello {e.Encode(user.DisplayName)},</p>" +
            $"<p>Someone asked to reset the password of the account <strong>{e.Encode(user.Email ?? "")}</strong>. Choose a new one here: {SecretLinks.Html(link)}</p>" +
            $"<p>The link works once, for {Lifespan(Options.ResetLifespan)}. If you did not ask, ignore this mail: your password stays as it is.</p>");
    }

    /// <summary>How many reset mails went to the address in the last hour (the brake on resets).</summary>
    public static Task<int> RecentResetsAsync(BatonDb db, string email, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var since = now - TimeSpan.FromHours(1);
        return db.OutboxMessages.CountAsync(m => m.Kind == PasswordResetKind && m.Recipients == email && m.CreatedAt > since, ct);
    }

    /// <summary>The account and purpose a token is for, or null when it is not one of ours, is for an old stamp, or has expired.</summary>
    public async Task<(BatonUser User, AccountLinkPurpose Purpose)?> ReadAsync(BatonDb db, string? token, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (Unprotect(token) is not { } link)
        {
            return null;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == link.UserId, ct);
        if (user is null || !string.Equals(user.SecurityStamp, link.Stamp, StringComparison.Ordinal))
        {
            return null; // a password was set since (the link was used), or the account was locked, re-roled or cut off
        }

        // Issued "in the future" by at most a few minutes: another instance whose clock runs a little ahead.
        var age = clock.GetUtcNow() - link.IssuedAt;
        return age >= -ClockSkew && age <= Options.LifespanOf(link.Purpose) ? (user, link.Purpose) : null;
    }

    private string LinkFor(BatonUser user, AccountLinkPurpose purpose)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write((int)purpose);
            writer.Write(user.Id);
            writer.Write(user.SecurityStamp ?? "");
            writer.Write(clock.GetUtcNow().UtcTicks);
        }

        var token = WebEncoders.Base64UrlEncode(_protector.Protect(buffer.ToArray()));
        return $"{mail.Value.LinkBase.TrimEnd('/')}{PagePath}?token={token}";
    }

    private sealed record Link(AccountLinkPurpose Purpose, string UserId, string Stamp, DateTimeOffset IssuedAt);

    private Link? Unprotect(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))));
            var purpose = (AccountLinkPurpose)reader.ReadInt32();
            var link = new Link(purpose, reader.ReadString(), reader.ReadString(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero));
            return Enum.IsDefined(purpose) ? link : null;
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or EndOfStreamException or ArgumentException)
        {
            return null; // altered, cut short, or protected with a key this desk does not have
        }
    }

    private void Queue(BatonDb db, BatonUser user, string key, string kind, string subject, string bodyHtml) =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            Key = key,
            Kind = kind,
            Recipients = user.Email ?? "",
            Subject = subject.Length > 400 ? subject[..400] : subject,
            HtmlBody = $"<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">{bodyHtml}<p>— {HtmlEncoder.Default.Encode(mail.Value.DeskName)}</p></body></html>",
            CreatedAt = clock.GetUtcNow(),
        });

    /// <summary>A lifespan in words: "7 days", "1 hour", "90 minutes".</summary>
    public static string Lifespan(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? Plural((int)span.TotalDays, "day")
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? Plural((int)span.TotalHours, "hour")
        : Plural((int)Math.Ceiling(span.TotalMinutes), "minute");

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}

public static class AccountMailServices
{
    public static IServiceCollection AddAccountMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountMailOptions>().Bind(configuration.GetSection("Mail:Accounts"))
            .Validate(o => o.InvitationLifespan > TimeSpan.Zero, "Mail:Accounts:InvitationLifespan must be a positive time span, e.g. 7.00:00:00.")
            .Validate(o => o.ResetLifespan > TimeSpan.Zero, "Mail:Accounts:ResetLifespan must be a positive time span, e.g. 01:00:00.")
            .Validate(o => o.ResetsPerHour >= 1, "Mail:Accounts:ResetsPerHour must be a whole number of at least 1.")
            .ValidateOnStart();
        services.AddSingleton<AccountMail>();
        services.AddSingleton<PasswordResetRequests>();
        services.AddHostedService<PasswordResetMailer>();
        return services;
    }
}
