using Baton.Web.Tests.Security;

namespace Baton.Browser.Tests.Infrastructure;

/// <summary>
/// The demo desk (three clients, their tickets, projects and hand-offs) plus a fourth client, B, on its own Kestrel
/// port: <see cref="TwoClientsDesk"/>, whose records and route values the page-enumerating tests share.
/// </summary>
public sealed class DemoDeskBrowserFixture : BatonBrowserFixture
{
    public DemoDeskBrowserFixture()
        : this(new TwoClientsDesk())
    {
    }

    // The desk owns the app; the base fixture starts it on Kestrel before the desk fills it.
    private DemoDeskBrowserFixture(TwoClientsDesk desk)
        : base(desk.App) => Desk = desk;

    public TwoClientsDesk Desk { get; }

    protected override Task ArrangeAsync() => Desk.InitializeAsync();
}
