using Baton.Domain.Mail;

namespace Baton.Domain.Tests.Mail;

public sealed class MailThreadingTests
{
    private const string Trusted = "mx.example.com";
    private const string From = "sam@example.com";

    private static readonly ThreadClues NoClues = new(null, null, null, false);

    // Decide: the order of trust

    [Fact]
    public void BatonsOwnMessageId_ComesFirst() =>
        Assert.Equal(
            new ThreadDecision("INC-000001", ThreadedBy.OwnMessageId, null, null),
            MailThreading.Decide(new ThreadClues("INC-000001", "INC-000002", "INC-000003", true, "INC-000004")));

    [Fact]
    public void TheSecretReplyAddress_ComesBeforeTheSubject() =>
        Assert.Equal(
            new ThreadDecision("INC-000002", ThreadedBy.ReplyAddress, null, null),
            MailThreading.Decide(NoClues with { ByReplyAddress = "INC-000002", BySubject = "INC-000003", SubjectTicketAllowsSender = true }));

    [Fact]
    public void TheSecretReplyAddress_ThreadsEvenWhenTheSenderMayNotSeeTheTicket() =>
        Assert.Equal(
            new ThreadDecision("INC-000002", ThreadedBy.ReplyAddress, null, null),
            MailThreading.Decide(NoClues with { ByReplyAddress = "INC-000002", BySubject = "INC-000002", SubjectTicketAllowsSender = false }));

    [Fact]
    public void TheSubjectNumber_ThreadsWhenTheSenderMaySeeTheTicket() =>
        Assert.Equal(
            new ThreadDecision("INC-000003", ThreadedBy.SubjectAndSender, null, null),
            MailThreading.Decide(NoClues with { BySubject = "INC-000003", SubjectTicketAllowsSender = true }));

    [Fact]
    public void TheSubjectNumber_FromASenderWhoMayNotSeeTheTicket_OpensANewTicket()
    {
        var decision = MailThreading.Decide(NoClues with { BySubject = "INC-000003", SubjectTicketAllowsSender = false });

        Assert.False(decision.Threads);
        Assert.Null(decision.By);
    }

    [Fact]
    public void TheSubjectNumber_FromASenderWhoMayNotSeeTheTicket_LeavesANoteOnThatTicket()
    {
        var decision = MailThreading.Decide(NoClues with { BySubject = "INC-000003", SubjectTicketAllowsSender = false });

        Assert.Equal("INC-000003", decision.Untrusted);
        Assert.Contains("INC-000003", decision.Why, StringComparison.Ordinal);
        Assert.Contains("may not see", decision.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void NoClues_OpenANewTicket_WithoutANote() =>
        Assert.Equal(new ThreadDecision(null, null, null, null), MailThreading.Decide(NoClues));

    [Fact]
    public void SenderAllowedButNoSubjectNumber_OpensANewTicket() =>
        Assert.False(MailThreading.Decide(NoClues with { SubjectTicketAllowsSender = true }).Threads);

    [Fact]
    public void AReplyAddressWithAWrongSecret_OpensANewTicket()
    {
        var decision = MailThreading.Decide(NoClues with { TaggedWithWrongSecret = "INC-000004" });

        Assert.False(decision.Threads);
        Assert.Null(decision.By);
    }

    [Fact]
    public void AReplyAddressWithAWrongSecret_LeavesANoteOnTheClaimedTicket()
    {
        var decision = MailThreading.Decide(NoClues with { TaggedWithWrongSecret = "INC-000004" });

        Assert.Equal("INC-000004", decision.Untrusted);
        Assert.Contains("INC-000004", decision.Why, StringComparison.Ordinal);
        Assert.Contains("wrong secret", decision.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongSecret_DoesNotStopTheSubjectNumberThreading_ForASenderWhoMaySeeTheTicket() =>
        Assert.Equal(
            new ThreadDecision("INC-000003", ThreadedBy.SubjectAndSender, null, null),
            MailThreading.Decide(NoClues with { BySubject = "INC-000003", SubjectTicketAllowsSender = true, TaggedWithWrongSecret = "INC-000003" }));

    // TrustsStaffSender

    [Fact]
    public void AStaffMailThroughTheReplyAddress_IsTrusted_WithoutTheServersWord() =>
        Assert.True(MailThreading.TrustsStaffSender(new ThreadDecision("INC-000002", ThreadedBy.ReplyAddress, null, null), senderAuthenticatedByMta: false));

    [Theory]
    [InlineData(ThreadedBy.OwnMessageId)]
    [InlineData(ThreadedBy.SubjectAndSender)]
    [InlineData(null)]
    public void AStaffMailThatCameAnotherWay_IsNotTrusted_WithoutTheServersWord(ThreadedBy? by) =>
        Assert.False(MailThreading.TrustsStaffSender(new ThreadDecision(by is null ? null : "INC-000001", by, null, null), senderAuthenticatedByMta: false));

    [Theory]
    [InlineData(ThreadedBy.OwnMessageId)]
    [InlineData(ThreadedBy.ReplyAddress)]
    [InlineData(ThreadedBy.SubjectAndSender)]
    [InlineData(null)]
    public void AStaffMailTheTrustedServerAuthenticated_IsTrusted(ThreadedBy? by) =>
        Assert.True(MailThreading.TrustsStaffSender(new ThreadDecision(by is null ? null : "INC-000001", by, null, null), senderAuthenticatedByMta: true));

    // AuthenticatedBy: the trusted server's Authentication-Results

    [Theory]
    [InlineData("mx.example.com; dkim=pass header.d=example.com header.s=mail")]
    [InlineData("mx.example.com; spf=pass smtp.mailfrom=sam@example.com")]
    [InlineData("mx.example.com 1; dkim=pass header.d=example.com")]
    [InlineData("MX.Example.COM; DKIM=Pass header.d=example.com")]
    [InlineData("  mx.example.com ; spf=pass smtp.mailfrom=sam@example.com")]
    [InlineData("mx.example.com;\r\n\tspf=softfail smtp.mailfrom=sam@example.com;\r\n\tdkim=pass header.d=example.com")]
    public void ADkimOrSpfPassReportedByTheTrustedServer_Authenticates(string header) =>
        Assert.True(MailThreading.AuthenticatedBy([header], Trusted, From));

    [Fact]
    public void TheTrustedServerName_IsComparedWithoutSurroundingSpace() =>
        Assert.True(MailThreading.AuthenticatedBy(["mx.example.com; dkim=pass header.d=example.com"], " mx.example.com ", From));

    [Theory]
    [InlineData("mx.example.com; dkim=fail header.d=example.com; spf=softfail smtp.mailfrom=sam@example.com")]
    [InlineData("mx.example.com; dkim=none; spf=neutral smtp.mailfrom=sam@example.com")]
    [InlineData("mx.example.com; spf=temperror smtp.mailfrom=sam@example.com")]
    [InlineData("mx.example.com none")]
    [InlineData("mx.example.com dkim=pass")]
    public void NoPassReportedByTheTrustedServer_DoesNotAuthenticate(string header) =>
        Assert.False(MailThreading.AuthenticatedBy([header], Trusted, From));

    [Theory]
    [InlineData("evil.example; dkim=pass header.d=example.com; spf=pass smtp.mailfrom=sam@example.com")]
    [InlineData("mx.example.com.evil.example; dkim=pass header.d=example.com")]
    [InlineData("relay.mx.example.com; spf=pass smtp.mailfrom=sam@example.com")]
    [InlineData("; dkim=pass header.d=example.com")]
    public void AnotherServersHeader_IsIgnored(string header) =>
        Assert.False(MailThreading.AuthenticatedBy([header], Trusted, From));

    [Fact]
    public void TheTrustedServersPass_IsFoundAmongOtherHeaders() =>
        Assert.True(MailThreading.AuthenticatedBy(["evil.example; dkim=fail", "mx.example.com; spf=pass smtp.mailfrom=sam@example.com"], Trusted, From));

    [Fact]
    public void NoHeaders_DoNotAuthenticate() =>
        Assert.False(MailThreading.AuthenticatedBy([], Trusted, From));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void WithNoTrustedServerConfigured_NoHeaderAuthenticates(string? trusted) =>
        Assert.False(MailThreading.AuthenticatedBy(["mx.example.com; dkim=pass header.d=example.com", "; spf=pass", " ; dkim=pass"], trusted, From));

    /// <summary>
    /// dkim=pass and spf=pass say that *some* domain signed or sent the mail — header.d / smtp.mailfrom, which an attacker
    /// chooses — not that the From address is genuine (that is DMARC's alignment). With a domain of their own, anyone
    /// gets spf=pass and dkim=pass, puts an agent's address in From, and TrustsStaffSender records their words as the
    /// agent's public reply: exactly what its comment says this check prevents.
    /// </summary>
    [Fact]
    public void APassForTheSendersOwnDomain_DoesNotVouchForAForgedStaffFrom() =>
        Assert.False(MailThreading.AuthenticatedBy(
            ["mx.example.com; spf=pass smtp.mailfrom=mallory@attacker.example; dkim=pass header.d=attacker.example; dmarc=fail header.from=example.com"],
            Trusted, From));

    [Theory]
    [InlineData("mx.example.com; dmarc=pass header.from=example.com")]
    [InlineData("mx.example.com; dkim=pass header.i=@example.com")]
    [InlineData("mx.example.com; spf=pass smtp.mailfrom=example.com")]
    [InlineData("mx.example.com; dkim=pass (good signature) header.d=EXAMPLE.com")]
    public void APassForTheFromDomain_InAnyOfItsForms_Authenticates(string header) =>
        Assert.True(MailThreading.AuthenticatedBy([header], Trusted, From));

    [Fact]
    public void APassForAParentDomain_Authenticates_ButNotForASubdomainOrALookalike()
    {
        Assert.True(MailThreading.AuthenticatedBy(["mx.example.com; dkim=pass header.d=example.com"], Trusted, "sam@eu.example.com"));
        Assert.False(MailThreading.AuthenticatedBy(["mx.example.com; dkim=pass header.d=eu.example.com"], Trusted, From));
        Assert.False(MailThreading.AuthenticatedBy(["mx.example.com; dkim=pass header.d=badexample.com"], Trusted, From));
        Assert.False(MailThreading.AuthenticatedBy(["mx.example.com; dkim=pass header.d=com"], Trusted, "sam@com"));
    }
}
