using Baton.Domain.Informing;

namespace Baton.Domain.Tests.Informing;

public sealed class MentionsTests
{
    [Theory]
    [InlineData("@dana.ops can you look?", new[] { "dana.ops" })]
    [InlineData("Thanks @Dana.Ops, and @sam-k too.", new[] { "dana.ops", "sam-k" })]
    [InlineData("(@lee) said: @lee is on it", new[] { "lee" })]
    [InlineData("cc\n@a_b+ops", new[] { "a_b+ops" })]
    [InlineData("Ask @dana.ops.", new[] { "dana.ops" })]
    public void AHandle_IsFound_LowerCase_Once(string body, string[] expected) => Assert.Equal(expected, Mentions.Find(body));

    [Theory]
    [InlineData("Mail ops@dana.example about it")]
    [InlineData("Write to @dana@msp.example")]
    [InlineData("Run `grep @dana` first")]
    [InlineData("```\n@dana in a code block\n```")]
    [InlineData("Just an @ sign, and @. and @-x")]
    [InlineData("")]
    [InlineData(null)]
    public void AnAddress_CodeOrABareAt_IsNoMention(string? body) => Assert.Empty(Mentions.Find(body));

    [Fact]
    public void ANoteNamesAtMostTwentyPeople() =>
        Assert.Equal(Mentions.MaxPerNote, Mentions.Find(string.Join(' ', Enumerable.Range(1, 30).Select(i => $"@p{i}"))).Count);

    [Fact]
    public void TheHandleOfAStaffMember_IsTheirAddressLocalPart() =>
        Assert.Equal(("dana.ops", ""), (Mentions.HandleOf("Dana.Ops@MSP.example"), Mentions.HandleOf(null)));

    [Fact]
    public void FirstWords_CutALongNoteAtAWord()
    {
        Assert.Equal("short note", Mentions.FirstWords("short\n  note"));
        var cut = Mentions.FirstWords(string.Join(' ', Enumerable.Repeat("word", 40)), 22);
        Assert.Equal("word word word word…", cut);
    }
}
