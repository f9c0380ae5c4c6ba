using Baton.Domain.Mail;

namespace Baton.Domain.Tests.Mail;

public sealed class ReplyAddressTests
{
    private const string Desk = "desk@example.com";

    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] OtherKey = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];

    [Theory]
    [InlineData("INC-000123")]
    [InlineData("REQ-000045")]
    [InlineData("INC-1234567")]
    public void AReplyAddress_LeadsBackToItsTicket(string number) =>
        Assert.Equal(number, ReplyAddress.TicketOf(ReplyAddress.For(Desk, number, Key), Key));

    [Fact]
    public void TheReplyAddress_IsTheMailboxTaggedWithTheNumberAndItsSecret() =>
        Assert.Equal($"desk+inc-000123-{ReplyAddress.SecretFor("INC-000123", Key)}@example.com", ReplyAddress.For(Desk, "INC-000123", Key));

    [Fact]
    public void TheSecret_IsTenLowerCaseHexDigits() =>
        Assert.Matches("^[0-9a-f]{10}$", ReplyAddress.SecretFor("INC-000123", Key));

    [Fact]
    public void TheSecret_IsTheSameEachTime() =>
        Assert.Equal(ReplyAddress.SecretFor("INC-000123", Key), ReplyAddress.SecretFor("INC-000123", [.. Key]));

    [Fact]
    public void TheSecret_DiffersFromTicketToTicket() =>
        Assert.NotEqual(ReplyAddress.SecretFor("INC-000123", Key), ReplyAddress.SecretFor("INC-000124", Key));

    [Fact]
    public void TheSecret_DiffersFromInstallationToInstallation() =>
        Assert.NotEqual(ReplyAddress.SecretFor("INC-000123", Key), ReplyAddress.SecretFor("INC-000123", OtherKey));

    [Fact]
    public void AMailboxAddressWithATagAlready_GetsTheTicketsTagInstead() =>
        Assert.Equal(ReplyAddress.For(Desk, "INC-000123", Key), ReplyAddress.For("desk+support@example.com", "INC-000123", Key));

    [Theory]
    [InlineData("desk")]
    [InlineData("@example.com")]
    [InlineData("")]
    public void AMailboxAddressWithoutLocalPartAndDomain_IsRefused(string mailbox) =>
        Assert.Throws<ArgumentException>(() => ReplyAddress.For(mailbox, "INC-000123", Key));

    [Fact]
    public void AWrongSecret_IsRefused()
    {
        var secret = ReplyAddress.SecretFor("INC-000123", Key);
        var wrong = secret[..^1] + (secret[^1] == '0' ? '1' : '0');

        Assert.Null(ReplyAddress.TicketOf($"desk+inc-000123-{wrong}@example.com", Key));
    }

    [Fact]
    public void AnotherTicketsSecret_IsRefused() =>
        Assert.Null(ReplyAddress.TicketOf($"desk+inc-000123-{ReplyAddress.SecretFor("INC-000124", Key)}@example.com", Key));

    [Fact]
    public void AnAddressMadeUnderAnotherInstallationsKey_IsRefused() =>
        Assert.Null(ReplyAddress.TicketOf(ReplyAddress.For(Desk, "INC-000123", OtherKey), Key));

    [Fact]
    public void AWrongSecret_StillNamesTheClaimedTicket_ForTheNote() =>
        Assert.Equal("INC-000123", ReplyAddress.ClaimedTicketOf("desk+inc-000123-0123456789@example.com"));

    [Fact]
    public void TheRightSecret_NamesTheClaimedTicketToo() =>
        Assert.Equal("INC-000123", ReplyAddress.ClaimedTicketOf(ReplyAddress.For(Desk, "INC-000123", Key)));

    [Fact]
    public void AReplyAddressInCapitals_IsStillRecognised() =>
        Assert.Equal("INC-000123", ReplyAddress.TicketOf(ReplyAddress.For(Desk, "INC-000123", Key).ToUpperInvariant(), Key));

    [Fact]
    public void AShortenedNumberInTheTag_IsReadAsTheTicketsNumber() =>
        Assert.Equal("INC-000123", ReplyAddress.TicketOf($"desk+inc-123-{ReplyAddress.SecretFor("INC-000123", Key)}@example.com", Key));

    [Theory]
    [InlineData("desk@example.com")]
    [InlineData("dana@client.example")]
    [InlineData("desk+support@example.com")]
    [InlineData("desk+inc-000123@example.com")]
    [InlineData("inc-000123-0123456789@example.com")]
    [InlineData("")]
    public void AnAddressWithoutATicketTag_IsNoReplyAddress(string address) =>
        Assert.Null(ReplyAddress.TicketOf(address, Key));

    [Theory]
    [InlineData("desk@example.com")]
    [InlineData("dana@client.example")]
    [InlineData("desk+support@example.com")]
    [InlineData("desk+inc-000123@example.com")]
    [InlineData("inc-000123-0123456789@example.com")]
    [InlineData("")]
    public void AnAddressWithoutATicketTag_ClaimsNoTicket(string address) =>
        Assert.Null(ReplyAddress.ClaimedTicketOf(address));

    [Theory]
    [InlineData("desk+inc-000123-012345678@example.com")]
    [InlineData("desk+inc-000123-0123456789a@example.com")]
    [InlineData("desk+inc-000123-012345678g@example.com")]
    [InlineData("desk+chg-000123-0123456789@example.com")]
    [InlineData("desk+inc-000000-0123456789@example.com")]
    public void AMalformedTag_ClaimsNoTicket(string address) =>
        Assert.Null(ReplyAddress.ClaimedTicketOf(address));
}
