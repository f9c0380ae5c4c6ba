using Baton.Domain.Clients;

namespace Baton.Domain.Tests.Clients;

public sealed class MailDomainsTests
{
    [Fact]
    public void TypedDomains_AreSplitOnCommasSpacesAndLines_LowerCased_WithoutTheAt_AndEachOnce()
    {
        Assert.Equal(["northwind.example", "nw.example"], MailDomains.Parse(["@Northwind.Example, nw.example\nnorthwind.example"]));
    }

    [Theory]
    [InlineData("northwind")]
    [InlineData("-bad.example")]
    [InlineData("bad_.example")]
    [InlineData("a..example")]
    [InlineData("mia@northwind.example")]
    public void SomethingThatIsNoDomain_IsRefused_OnTheField_NamingIt(string typed)
    {
        var refused = Assert.Throws<DomainRuleException>(() => MailDomains.Parse([typed]));
        Assert.Equal("mailDomains", refused.Field);
        Assert.Contains(typed, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APublicMailService_IsNoClientsDomain()
    {
        var refused = Assert.Throws<DomainRuleException>(() => MailDomains.Parse(["northwind.example", "Gmail.com"]));
        Assert.Contains("gmail.com is a public mail service", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatingContactsFromMail_NeedsADomain()
    {
        var client = new Client("Northwind", "NW");
        Assert.Equal("createContactsFromMail", Assert.Throws<DomainRuleException>(() => client.SetMailDomains([], createContacts: true)).Field);

        client.SetMailDomains(["northwind.example", "nw.example"], createContacts: true);
        Assert.Equal(["northwind.example", "nw.example"], client.MailDomainList);
        Assert.True(client.CreatesContactsFromMail);
    }

    [Theory]
    [InlineData("mia@Northwind.Example.", "northwind.example")]
    [InlineData("mia@northwind.example", "northwind.example")]
    [InlineData("no-at-sign", "")]
    public void TheDomainOfAnAddress_IsWhatFollowsItsLastAt(string address, string domain) =>
        Assert.Equal(domain, MailDomains.Of(address));
}
