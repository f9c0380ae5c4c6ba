using Baton.Domain.Mail;

namespace Baton.Domain.Tests.Mail;

public sealed class AutomatedMailTests
{
    /// <summary>The installation's loop value: what Baton writes in X-Baton-Loop on everything it sends.</summary>
    private const string OwnLoop = "k7f2a9c41d";

    /// <summary>An ordinary mail a client's person wrote: no header that says otherwise.</summary>
    private static readonly MailFacts APersonsMail = new(
        Headers(), "dana@client.example", "dana@client.example", "The printer on floor 3 jams", "text/plain", null, false);

    private static Func<string, string?> Headers(params (string Name, string Value)[] headers)
    {
        var byName = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        return name => byName.GetValueOrDefault(name);
    }

    private static MailFacts With(string name, string value) => APersonsMail with { Header = Headers((name, value)) };

    private static MailNature Classify(MailFacts mail) => AutomatedMail.Classify(mail, OwnLoop);

    [Fact]
    public void AnOrdinaryMail_IsAPerson() =>
        Assert.Equal(MailNature.Person, Classify(APersonsMail));

    [Fact]
    public void AnOrdinaryMailFromAPerson_MayBeAnsweredAutomatically() =>
        Assert.False(AutomatedMail.WantsNoAutomaticReply(APersonsMail, Classify(APersonsMail)));

    // Auto-Submitted (RFC 3834)

    [Theory]
    [InlineData("auto-generated")]
    [InlineData("Auto-Generated")]
    [InlineData(" auto-generated ")]
    [InlineData("auto-notified")]
    [InlineData("some-extension")]
    public void AnAutoSubmittedHeaderOtherThanNo_IsAutomated(string value) =>
        Assert.Equal(MailNature.Automated, Classify(With("Auto-Submitted", value)));

    [Theory]
    [InlineData("auto-replied")]
    [InlineData("Auto-Replied")]
    [InlineData("auto-replied; owner-email=\"dana@client.example\"")]
    public void AutoSubmittedAutoReplied_IsAnAutoReply(string value) =>
        Assert.Equal(MailNature.AutoReply, Classify(With("Auto-Submitted", value)));

    [Theory]
    [InlineData("no")]
    [InlineData("No")]
    [InlineData(" NO ")]
    public void AutoSubmittedNo_IsAPerson(string value) =>
        Assert.Equal(MailNature.Person, Classify(With("Auto-Submitted", value)));

    [Fact]
    public void AnEmptyAutoSubmittedHeader_IsAPerson() =>
        Assert.Equal(MailNature.Person, Classify(With("Auto-Submitted", "  ")));

    /// <summary>
    /// RFC 3834 §5: auto-submitted-field = "Auto-Submitted:" [CFWS] auto-submitted *( [CFWS] ";" [CFWS] optional-parameter ).
    /// "no" with a parameter or a comment is still "no"; the code compares the whole value to "no" (it does allow
    /// parameters after "auto-replied", by StartsWith), so a person's reply is filed as machine mail and reopens nothing.
    /// </summary>
    [Theory]
    [InlineData("no; reason=manual")]
    [InlineData("no (written by Dana)")]
    public void AutoSubmittedNoWithAParameterOrComment_IsAPerson(string value) =>
        Assert.Equal(MailNature.Person, Classify(With("Auto-Submitted", value)));

    // Precedence

    [Theory]
    [InlineData("bulk")]
    [InlineData("junk")]
    [InlineData("Bulk")]
    [InlineData(" JUNK ")]
    public void PrecedenceBulkOrJunk_IsAutomated(string value) =>
        Assert.Equal(MailNature.Automated, Classify(With("Precedence", value)));

    [Theory]
    [InlineData("auto_reply")]
    [InlineData("Auto_Reply")]
    public void PrecedenceAutoReply_IsAnAutoReply(string value) =>
        Assert.Equal(MailNature.AutoReply, Classify(With("Precedence", value)));

    // The non-standard auto-responder headers

    [Theory]
    [InlineData("X-Autoreply", "yes")]
    [InlineData("X-Autorespond", "vacation")]
    [InlineData("X-Auto-Reply", "true")]
    [InlineData("X-Autoreply", "")]
    public void AnAutoResponderHeader_WhateverItsValue_IsAnAutoReply(string name, string value) =>
        Assert.Equal(MailNature.AutoReply, Classify(With(name, value)));

    // The envelope and the sender

    [Fact]
    public void AnEmptyReturnPath_TheNullSender_IsAutomated() =>
        Assert.Equal(MailNature.Automated, Classify(APersonsMail with { ReturnPath = "" }));

    [Fact]
    public void AMissingReturnPath_IsNotByItselfAutomated() =>
        Assert.Equal(MailNature.Person, Classify(APersonsMail with { ReturnPath = null }));

    [Theory]
    [InlineData("mailer-daemon@client.example")]
    [InlineData("MAILER-DAEMON@client.example")]
    [InlineData("MAILER-DAEMON")]
    [InlineData("postmaster@client.example")]
    [InlineData("noreply@client.example")]
    [InlineData("NoReply@client.example")]
    [InlineData("no-reply@client.example")]
    [InlineData("donotreply@client.example")]
    [InlineData("do-not-reply@client.example")]
    [InlineData("bounce@client.example")]
    [InlineData("bounces@client.example")]
    public void ASystemSender_IsAutomated(string from) =>
        Assert.Equal(MailNature.Automated, Classify(APersonsMail with { FromAddress = from }));

    [Theory]
    [InlineData("dana.noreply@client.example")]
    [InlineData("postmaster-team@client.example")]
    [InlineData("dana@noreply.client.example")]
    [InlineData("bouncer@client.example")]
    public void ASenderWhoseAddressOnlyContainsASystemWord_IsAPerson(string from) =>
        Assert.Equal(MailNature.Person, Classify(APersonsMail with { FromAddress = from }));

    // Delivery reports

    [Theory]
    [InlineData("multipart/report", "delivery-status")]
    [InlineData("Multipart/Report", "Delivery-Status")]
    [InlineData("multipart/report", null)]
    [InlineData("message/delivery-status", null)]
    public void ADeliveryStatusReport_IsADeliveryReport(string contentType, string? reportType) =>
        Assert.Equal(MailNature.DeliveryReport, Classify(APersonsMail with { ContentType = contentType, ReportType = reportType }));

    [Fact]
    public void AMultipartReportOfAnotherKind_IsNotADeliveryReport() =>
        Assert.NotEqual(MailNature.DeliveryReport, Classify(APersonsMail with { ContentType = "multipart/report", ReportType = "disposition-notification" }));

    [Fact]
    public void ABounceFromTheMailerDaemonWithTheNullSender_IsADeliveryReport_NotJustAutomated() =>
        Assert.Equal(MailNature.DeliveryReport, Classify(APersonsMail with
        {
            FromAddress = "MAILER-DAEMON@mx.client.example",
            ReturnPath = "",
            ContentType = "multipart/report",
            ReportType = "delivery-status",
            Header = Headers(("Auto-Submitted", "auto-replied")),
        }));

    /// <summary>
    /// A read receipt (RFC 8098 MDN: multipart/report; report-type=disposition-notification, "Read: …") is written by a
    /// mail client, not a person. It is not a bounce, but nothing else catches it either, so it counts as the person's
    /// reply and reopens or resumes the ticket — what the class comment says Baton never lets machine mail do.
    /// </summary>
    [Fact]
    public void AReadReceipt_IsNotAPersonsReply() =>
        Assert.NotEqual(MailNature.Person, Classify(APersonsMail with
        {
            Subject = "Read: [INC-000123] The printer on floor 3 jams",
            ContentType = "multipart/report",
            ReportType = "disposition-notification",
        }));

    // Baton's own mail

    [Fact]
    public void BatonsOwnMessageId_IsOwnMail() =>
        Assert.Equal(MailNature.OwnMail, Classify(APersonsMail with { IsOwnMessageId = true }));

    [Theory]
    [InlineData(OwnLoop)]
    [InlineData(" K7F2A9C41D ")]
    public void TheLoopHeaderWithBatonsOwnValue_IsOwnMail(string value) =>
        Assert.Equal(MailNature.OwnMail, Classify(With(AutomatedMail.LoopHeader, value)));

    [Fact]
    public void TheLoopHeaderOfAnotherInstallation_IsNotOwnMail() =>
        Assert.Equal(MailNature.Person, Classify(With(AutomatedMail.LoopHeader, "0000000000")));

    [Fact]
    public void OwnMail_WinsOverADeliveryReportAndAnAutoSubmittedHeader() =>
        Assert.Equal(MailNature.OwnMail, Classify(APersonsMail with
        {
            IsOwnMessageId = true,
            ContentType = "multipart/report",
            Header = Headers(("Auto-Submitted", "auto-generated")),
        }));

    // Out-of-office subjects

    [Theory]
    [InlineData("Out of Office: The printer on floor 3 jams")]
    [InlineData("  out of the office until Monday")]
    [InlineData("Automatic reply: [INC-000123] The printer on floor 3 jams")]
    [InlineData("AUTO REPLY")]
    [InlineData("Autoreply: [INC-000123] The printer")]
    [InlineData("Auto-Reply: [INC-000123] The printer")]
    [InlineData("Abwesenheitsnotiz: [INC-000123] Drucker")]
    [InlineData("Automatische Antwort: [INC-000123] Drucker")]
    [InlineData("Réponse automatique : [INC-000123] Imprimante")]
    [InlineData("RÉPONSE AUTOMATIQUE : [INC-000123] Imprimante")]
    [InlineData("Absence du bureau")]
    [InlineData("Respuesta automática: [INC-000123] Impresora")]
    [InlineData("Fuori sede")]
    [InlineData("Afwezig: [INC-000123] Printer")]
    public void AnOutOfOfficeSubject_IsAnAutoReply(string subject) =>
        Assert.Equal(MailNature.AutoReply, Classify(APersonsMail with { Subject = subject }));

    [Theory]
    [InlineData("Re: Out of office: The printer on floor 3 jams")]
    [InlineData("My out of office reply does not switch off")]
    public void ASubjectThatOnlyMentionsOutOfOffice_IsAPerson(string subject) =>
        Assert.Equal(MailNature.Person, Classify(APersonsMail with { Subject = subject }));

    [Fact]
    public void AnOutOfOfficeFromANoreplyAddress_IsAnAutoReply_NotJustAutomated() =>
        Assert.Equal(MailNature.AutoReply, Classify(APersonsMail with { FromAddress = "noreply@client.example", Subject = "Automatic reply: The printer" }));

    // Headers that mean "do not answer me automatically", not "a machine wrote this"

    [Theory]
    [InlineData("X-Auto-Response-Suppress", "All")]
    [InlineData("X-Auto-Response-Suppress", "DR, RN, NRN, OOF, AutoReply")]
    [InlineData("List-Id", "IT team <it.client.example>")]
    [InlineData("List-Unsubscribe", "<mailto:it-leave@client.example>")]
    [InlineData("Precedence", "list")]
    [InlineData("Precedence", " List ")]
    public void SuppressAndListHeaders_DoNotMakeAPersonsMailAutomated(string name, string value) =>
        Assert.Equal(MailNature.Person, Classify(With(name, value)));

    [Theory]
    [InlineData("X-Auto-Response-Suppress", "All")]
    [InlineData("X-Auto-Response-Suppress", "DR, RN, NRN, OOF, AutoReply")]
    [InlineData("List-Id", "IT team <it.client.example>")]
    [InlineData("List-Unsubscribe", "<mailto:it-leave@client.example>")]
    [InlineData("Precedence", "list")]
    [InlineData("Precedence", " List ")]
    public void SuppressAndListHeaders_AskForNoAutomaticReply(string name, string value)
    {
        var mail = With(name, value);
        Assert.True(AutomatedMail.WantsNoAutomaticReply(mail, Classify(mail)));
    }

    [Theory]
    [InlineData(MailNature.AutoReply)]
    [InlineData(MailNature.Automated)]
    [InlineData(MailNature.DeliveryReport)]
    [InlineData(MailNature.OwnMail)]
    public void AnythingButAPersonsMail_GetsNoAutomaticReply(MailNature nature) =>
        Assert.True(AutomatedMail.WantsNoAutomaticReply(APersonsMail, nature));
}
