using System.Net;
using System.Text.RegularExpressions;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Security;

/// <summary>
/// The sign-in page does not tell which addresses exist: an unknown address gets exactly the answer of a locked
/// account (and of a wrong password), and costs a password hash like them instead of answering at once.
/// </summary>
public sealed partial class SignInAnswersTests(SignInAnswersTests.Desk desk) : IClassFixture<SignInAnswersTests.Desk>
{
    /// <summary>Counts the password checks the real hasher does (the hasher is not what is tested: the page's use of it is).</summary>
    public sealed class CountingHasher : IPasswordHasher<BatonUser>
    {
        private static readonly PasswordHasher<BatonUser> Real = new();
        private static int s_verifications;

        public static int Verifications => Volatile.Read(ref s_verifications);

        public string HashPassword(BatonUser user, string password) => Real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(BatonUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref s_verifications);
            return Real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    public sealed class Desk : IAsyncLifetime
    {
        public Desk() => App.TestServices.Add(s => s.AddScoped<IPasswordHasher<BatonUser>, CountingHasher>());

        public BatonAppFactory App { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private readonly BatonAppFactory app = desk.App;

    private sealed record Answer(HttpStatusCode Status, string Alert, bool SignedIn);

    private async Task<Answer> SignInAsync(string email, string password)
    {
        using var page = new PageClient(app.CreateClient(new() { AllowAutoRedirect = false }));
        var response = await page.PostFormAsync("/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        var html = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, Alert().Match(html).Groups[1].Value, response.Headers.Contains("Set-Cookie") && response.StatusCode == HttpStatusCode.Redirect);
    }

    private async Task<BatonAppFactory.TestUser> LockedAgentAsync()
    {
        var agent = await app.CreateAgentAsync();
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(agent.Email, "wrong-password");
        }

        return agent;
    }

    [Fact]
    public async Task AnUnknownAddress_IsAnsweredExactlyAsALockedAccountAndAWrongPassword()
    {
        var locked = await LockedAgentAsync();
        var other = await app.CreateAgentAsync();

        var lockedAnswer = await SignInAsync(locked.Email, BatonAppFactory.UserPassword);
        var unknownAnswer = await SignInAsync("nobody." + Guid.NewGuid().ToString("N")[..6] + "@baton.test", BatonAppFactory.UserPassword);
        var wrongAnswer = await SignInAsync(other.Email, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, lockedAnswer.Status);
        Assert.False(lockedAnswer.SignedIn);
        Assert.NotEmpty(lockedAnswer.Alert);
        Assert.Equal(lockedAnswer, unknownAnswer);
        Assert.Equal(lockedAnswer, wrongAnswer);
        Assert.DoesNotContain("This account is locked", unknownAnswer.Alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAndLockedAddresses_StillCostAPasswordHash()
    {
        var locked = await LockedAgentAsync();

        var before = CountingHasher.Verifications;
        await SignInAsync("nobody." + Guid.NewGuid().ToString("N")[..6] + "@baton.test", "some-password-1");
        var afterUnknown = CountingHasher.Verifications;
        await SignInAsync(locked.Email, "some-password-1");
        var afterLocked = CountingHasher.Verifications;

        Assert.True(afterUnknown - before >= 1, "an unknown address was answered without checking any password hash");
        Assert.True(afterLocked - afterUnknown >= 1, "a locked account was answered without checking any password hash");
    }

    [Fact]
    public async Task TheLockout_StillHolds_AfterFiveFailures_EvenWithTheRightPassword()
    {
        var locked = await LockedAgentAsync();

        var answer = await SignInAsync(locked.Email, BatonAppFactory.UserPassword);

        Assert.False(answer.SignedIn);
        Assert.NotNull(await app.WithDbAsync(async db => (await db.Users.FindAsync(locked.Id))!.LockoutEnd));
    }

    [GeneratedRegex("<p class=\"alert\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex Alert();
}
