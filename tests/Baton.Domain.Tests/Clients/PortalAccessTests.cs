using Baton.Domain;
using Baton.Domain.Clients;

namespace Baton.Domain.Tests.Clients;

public sealed class PortalAccessTests
{
    private static readonly Actor Manager = new("u-1", "Mona Manager");
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static Contact Leaver() => new(7, "Lee Leaver", "lee@example.test", null, null, null);

    [Fact]
    public void Revoke_RecordsWhoWhenAndWhy()
    {
        var contact = Leaver();

        var change = contact.RevokePortalAccess("  Left the company  ", Manager, At);

        Assert.True(contact.PortalAccessRevoked);
        Assert.True(change.Revoked);
        Assert.Equal("Left the company", change.Reason);
        Assert.Equal(("u-1", "Mona Manager", At, 7), (change.ActorId, change.ActorName, change.At, change.ClientId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Revoke_WithoutAReason_IsRefusedNamingTheReason_AndChangesNothing(string? reason)
    {
        var contact = Leaver();

        var e = Assert.Throws<DomainRuleException>(() => contact.RevokePortalAccess(reason, Manager, At));

        Assert.Equal("reason", e.Field);
        Assert.False(contact.PortalAccessRevoked);
    }

    [Fact]
    public void RevokeTwice_OrRestoreWhatIsNotRevoked_IsRefused()
    {
        var contact = Leaver();
        Assert.Throws<DomainRuleException>(() => contact.RestorePortalAccess(null, Manager, At));
        contact.RevokePortalAccess("left", Manager, At);

        Assert.Throws<DomainRuleException>(() => contact.RevokePortalAccess("again", Manager, At));
        var restored = contact.RestorePortalAccess(null, Manager, At.AddDays(1));

        Assert.False(contact.PortalAccessRevoked);
        Assert.False(restored.Revoked);
        Assert.Equal("", restored.Reason);
    }
}
