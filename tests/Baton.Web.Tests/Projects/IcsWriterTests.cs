using Baton.Web.Features.Shared.Calendar;
using System.Text;
using Baton.Web.Features.Projects;

namespace Baton.Web.Tests.Projects;

/// <summary>The iCalendar serializer on its own: framing, folding, escaping and times, byte for byte.</summary>
public sealed class IcsWriterTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 3, 20, 7, 30, 0, TimeSpan.Zero);

    private static IcsEvent Event(string summary = "PRJ-000001 Refresh: On-site", string? description = null, bool cancelled = false) => new(
        "engagement-7@baton", 2, new DateTimeOffset(2026, 3, 29, 9, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.FromHours(1)),
        summary, description, "Northwind / Head office", cancelled);

    [Fact]
    public void Write_EndsEveryLineWithCrLf_AndWrapsTheEventInACalendar()
    {
        var ics = IcsWriter.Write("Baton", [Event()], Stamp);

        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VEVENT\r\nEND:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotMatch("[^\r]\n", ics);
        Assert.DoesNotContain("\r\r", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_GivesTimesInUtc_AndTheEventsIdentity()
    {
        var ics = IcsWriter.Write("Baton", [Event()], Stamp);

        Assert.Contains("\r\nUID:engagement-7@baton\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nSEQUENCE:2\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTAMP:20260320T073000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTART:20260329T080000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND:20260329T110000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nSTATUS:CONFIRMED\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MarksACancelledEngagementCancelledAndFree()
    {
        var ics = IcsWriter.Write("Baton", [Event(cancelled: true)], Stamp);

        Assert.Contains("\r\nSTATUS:CANCELLED\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nTRANSP:TRANSPARENT\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("CONFIRMED", ics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b", @"a\,b")]
    [InlineData("a;b", @"a\;b")]
    [InlineData(@"C:\temp", @"C:\\temp")]
    [InlineData("line 1\nline 2", @"line 1\nline 2")]
    [InlineData("line 1\r\nline 2", @"line 1\nline 2")]
    [InlineData("tab\there", "tab here")]
    [InlineData("bell\u0007", "bell")]
    [InlineData("Café: 10:00", "Café: 10:00")]
    public void Text_EscapesWhatRfc5545Reserves(string value, string expected) => Assert.Equal(expected, IcsWriter.Text(value));

    [Fact]
    public void Write_FoldsLongLinesAt75Octets_AndUnfoldingGivesTheValueBack()
    {
        var description = string.Concat(Enumerable.Repeat("Core switch, firewall; VPN ", 12));

        var ics = IcsWriter.Write("Baton", [Event(description: description)], Stamp);

        var lines = ics.Split("\r\n");
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, l));
        Assert.Contains(lines, l => l.StartsWith(' '));
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("DESCRIPTION:" + IcsWriter.Text(description) + "\r\n", unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NeverFoldsInsideAMultiByteCharacter()
    {
        // 3-octet characters: a fold at a fixed character count would land inside one.
        var summary = new string('€', 60);

        var ics = IcsWriter.Write("Baton", [Event(summary: summary)], Stamp);

        var bytes = Encoding.UTF8.GetBytes(ics);
        Assert.Equal(ics, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        var summaryLines = ics.Split("\r\n").SkipWhile(l => !l.StartsWith("SUMMARY:", StringComparison.Ordinal)).TakeWhile(l => l.StartsWith("SUMMARY:", StringComparison.Ordinal) || l.StartsWith(' ')).ToList();
        Assert.True(summaryLines.Count > 1);
        Assert.All(summaryLines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, l));
        Assert.Equal("SUMMARY:" + summary, string.Concat(summaryLines.Select((l, i) => i == 0 ? l : l[1..])));
    }

    [Fact]
    public void Write_AnEmptyCalendar_StillHoldsOneComponent()
    {
        var ics = IcsWriter.Write("Nothing yet", [], Stamp);

        Assert.DoesNotContain("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:UTC\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_IsPure_TheSameInputGivesTheSameText() =>
        Assert.Equal(IcsWriter.Write("Baton", [Event()], Stamp), IcsWriter.Write("Baton", [Event()], Stamp));
}
