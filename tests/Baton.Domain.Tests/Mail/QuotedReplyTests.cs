using Baton.Domain.Mail;

namespace Baton.Domain.Tests.Mail;

public sealed class QuotedReplyTests
{
    private const string Answer = "Thanks, it prints again.\n\nDana";

    private static string Lines(params string[] lines) => string.Join('\n', lines);

    [Fact]
    public void AMailWithNoQuote_IsKeptWhole()
    {
        var parts = QuotedReply.Split("Hello,\n\nthe printer on floor 3 jams again.\nFrom the second tray only.\n\nDana");

        Assert.Equal("Hello,\n\nthe printer on floor 3 jams again.\nFrom the second tray only.\n\nDana", parts.Fresh);
        Assert.Equal("", parts.Quoted);
    }

    [Fact]
    public void BatonsReplyAboveThisLineMarker_EndsTheNewPart()
    {
        var parts = QuotedReply.Split(Lines(Answer, "", QuotedReply.ReplyAboveThisLine, "Your ticket INC-000123 was resolved."));

        Assert.Equal(Answer, parts.Fresh);
        Assert.Equal(Lines(QuotedReply.ReplyAboveThisLine, "Your ticket INC-000123 was resolved."), parts.Quoted);
    }

    [Fact]
    public void BatonsMarker_QuotedByTheMailClient_IsStillFound() =>
        Assert.Equal(Answer, QuotedReply.Split(Lines(Answer, "", "> " + QuotedReply.ReplyAboveThisLine, "Your ticket INC-000123 was resolved.")).Fresh);

    [Fact]
    public void TheFirstMarker_Cuts_SoAClientsOnWroteLineAboveBatonsMarkerIsHistoryToo()
    {
        var parts = QuotedReply.Split(Lines(
            Answer, "", "On Tue, 3 Mar 2031 at 10:02, Baton Desk <desk@example.com> wrote:", "> " + QuotedReply.ReplyAboveThisLine, "> Resolved."));

        Assert.Equal(Answer, parts.Fresh);
        Assert.StartsWith("On Tue, 3 Mar 2031", parts.Quoted, StringComparison.Ordinal);
    }

    [Fact]
    public void GmailsOnWroteLine_EndsTheNewPart()
    {
        var parts = QuotedReply.Split(Lines(Answer, "", "On Tue, 3 Mar 2031 at 10:02, Baton Desk <desk@example.com> wrote:", "", "Hello Dana,", "we replaced the drum."));

        Assert.Equal(Answer, parts.Fresh);
        Assert.Equal(Lines("On Tue, 3 Mar 2031 at 10:02, Baton Desk <desk@example.com> wrote:", "", "Hello Dana,", "we replaced the drum."), parts.Quoted);
    }

    [Fact]
    public void GmailsOnWroteLine_WrappedOverTwoLines_EndsTheNewPart() =>
        Assert.Equal(Answer, QuotedReply.Split(Lines(Answer, "", "On Tue, 3 Mar 2031 at 10:02, Baton Desk <", "desk@example.com> wrote:", "", "Hello Dana,")).Fresh);

    [Fact]
    public void AppleMailsQuotedOnWroteLine_IsHistory() =>
        Assert.Equal(Answer, QuotedReply.Split(Lines(Answer, "", "> On 3 Mar 2031, at 10:02, Baton Desk <desk@example.com> wrote:", "> ", "> Hello Dana,", "> we replaced the drum.")).Fresh);

    [Fact]
    public void ThunderbirdsOnWroteLine_AboveQuotedLines_IsHistory() =>
        Assert.Equal(Answer, QuotedReply.Split(Lines(Answer, "", "On 03/03/2031 10:02, Baton Desk wrote:", "> Hello Dana,", "> we replaced the drum.")).Fresh);

    [Theory]
    [InlineData("Le mar. 3 mars 2031 à 10:02, Baton Desk <desk@example.com> a écrit :")]
    [InlineData("El mar, 3 mar 2031 a las 10:02, Baton Desk (<desk@example.com>) escribió:")]
    [InlineData("Il giorno mar 3 mar 2031 alle ore 10:02 Baton Desk <desk@example.com> ha scritto:")]
    public void ALocalisedOnWroteLine_EndsTheNewPart(string wrote) =>
        Assert.Equal(Answer, QuotedReply.Split(Lines(Answer, "", wrote, "", "Hello Dana,")).Fresh);

    /// <summary>
    /// German and Dutch clients put the name after the verb: "Am … schrieb Dana &lt;dana@x&gt;:", "Op … schreef Dana:".
    /// WroteEnd needs the verb right before the colon, so "Am"/"schrieb" and "Op"/"schreef" never match a real line.
    /// </summary>
    [Theory]
    [InlineData("Am Di., 3. März 2031 um 10:02 Uhr schrieb Baton Desk <desk@example.com>:")]
    [InlineData("Am 03.03.31 um 10:02 schrieb Baton Desk:")]
    [InlineData("Op di 3 mrt 2031 om 10:02 schreef Baton Desk <desk@example.com>:")]
    public void AGermanOrDutchOnWroteLine_EndsTheNewPart(string wrote) =>
        Assert.Equal(Answer, QuotedReply.Split(Lines(Answer, "", wrote, "", "Hello Dana,")).Fresh);

    [Theory]
    [InlineData("-----Original Message-----")]
    [InlineData("----- Original Message -----")]
    [InlineData("-----Ursprüngliche Nachricht-----")]
    [InlineData("-------- Message d'origine --------")]
    [InlineData("---------- Forwarded message ---------")]
    public void OutlooksOriginalMessageLine_EndsTheNewPart(string marker)
    {
        var parts = QuotedReply.Split(Lines(Answer, "", marker, "Hello Dana,", "we replaced the drum."));

        Assert.Equal(Answer, parts.Fresh);
        Assert.Equal(Lines(marker, "Hello Dana,", "we replaced the drum."), parts.Quoted);
    }

    [Theory]
    [InlineData("From: Baton Desk <desk@example.com>", "Sent: Tuesday, 3 March 2031 10:02")]
    [InlineData("*From:* Baton Desk <desk@example.com>", "*Sent:* Tuesday, 3 March 2031 10:02")]
    [InlineData("Von: Baton Desk <desk@example.com>", "Gesendet: Dienstag, 3. März 2031 10:02")]
    [InlineData("De : Baton Desk <desk@example.com>", "Envoyé : mardi 3 mars 2031 10:02")]
    [InlineData("From: Baton Desk <desk@example.com>", "Date: Tuesday, 3 March 2031 at 10:02")]
    public void OutlooksFromSentBlock_EndsTheNewPart(string from, string sent)
    {
        var parts = QuotedReply.Split(Lines(Answer, "", from, sent, "To: Dana <dana@client.example>", "Subject: [INC-000123] The printer", "", "Hello Dana,"));

        Assert.Equal(Answer, parts.Fresh);
        Assert.StartsWith(from, parts.Quoted, StringComparison.Ordinal);
    }

    [Fact]
    public void OutlooksFromBlock_WithTheSentLineFourLinesDown_IsStillFound() =>
        Assert.Equal(Answer, QuotedReply.Split(Lines(
            Answer, "", "From: Baton Desk <desk@example.com>", "To: Dana", "Cc: Sam", "Subject: [INC-000123] The printer", "Sent: Tuesday, 3 March 2031 10:02", "", "Hello Dana,")).Fresh);

    [Fact]
    public void AFromLineWithNoSentLineUnderIt_IsNotAQuoteHeader()
    {
        const string text = "Hello,\n\nFrom: the logs I see it fails at 10:02.\nCan you look?\n\nDana";

        Assert.Equal(text, QuotedReply.Split(text).Fresh);
    }

    /// <summary>
    /// Outlook's HTML replies (and their plain-text part) put a rule of underscores above the From/Sent block. The cut is
    /// at "From:", so the rule stays at the end of what the person wrote.
    /// </summary>
    [Fact]
    public void TheRuleOutlookPutsAboveItsFromBlock_IsNotPartOfTheNewPart() =>
        Assert.Equal(Answer, QuotedReply.Split(Lines(
            Answer, "", "________________________________", "From: Baton Desk <desk@example.com>", "Sent: Tuesday, 3 March 2031 10:02", "", "Hello Dana,")).Fresh);

    [Fact]
    public void ATrailingBlockOfQuotedLines_IsHistory()
    {
        var parts = QuotedReply.Split(Lines(Answer, "", "> Hello Dana,", ">", "> we replaced the drum.", ""));

        Assert.Equal(Answer, parts.Fresh);
        Assert.Equal(Lines("> Hello Dana,", ">", "> we replaced the drum."), parts.Quoted);
    }

    [Fact]
    public void AnswersWrittenBetweenQuotedLines_AreKeptWhole()
    {
        var text = Lines("> Which tray?", "The second one.", "> Since when?", "Since Monday.");

        Assert.Equal(text, QuotedReply.Split(text).Fresh);
    }

    [Fact]
    public void AMailThatIsAllQuote_KeepsItsText()
    {
        var parts = QuotedReply.Split(Lines("> Hello Dana,", "> we replaced the drum."));

        Assert.Equal(Lines("> Hello Dana,", "> we replaced the drum."), parts.Fresh);
        Assert.Equal("", parts.Quoted);
    }

    [Fact]
    public void ABareForward_StartingWithItsMarker_KeepsItsText() =>
        Assert.Equal(
            Lines("---------- Forwarded message ---------", "From: Vendor <support@vendor.example>", "The part ships Monday."),
            QuotedReply.Split(Lines("---------- Forwarded message ---------", "From: Vendor <support@vendor.example>", "The part ships Monday.")).Fresh);

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void WindowsAndOldMacLineEnds_AreReadAsLines(string newline) =>
        Assert.Equal(
            Answer,
            QuotedReply.Split(string.Join(newline, "Thanks, it prints again.", "", "Dana", "", "On Tue, 3 Mar 2031 at 10:02, Baton Desk <desk@example.com> wrote:", "Hello Dana,")).Fresh);
}
