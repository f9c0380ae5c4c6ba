using Baton.Domain.Visibility;
using Baton.Web.Features.Shared.Visibility;

namespace Baton.Web.Tests.Shared;

/// <summary>
/// The query filter made from a record kind's sight says yes exactly when the domain's <see cref="Sight"/> does, for
/// every shape and every viewer (evaluated in memory here; the tenant-isolation tests run it on both databases).
/// </summary>
public sealed class SightFilterTests
{
    private sealed record Row(int ClientId, int[] Owners, bool Published, int[] SharedFull, int[] SharedSummary);

    private static readonly Row[] Rows =
    [
        new(1, [1], false, [], []),
        new(2, [1, 2], false, [3], []),
        new(0, [], true, [], [2]),
        new(0, [], false, [2], [3]),
    ];

    private static readonly Viewer[] Viewers = [Viewer.Staff, Viewer.Nobody, Viewer.ContactOf(1), Viewer.ContactOf(2), Viewer.ContactOf(3)];

    public static TheoryData<string> Shapes => ["one client", "several clients", "provider-wide", "provider-wide with summary"];

    private static SightFilter<Row> Filter(string shape) => (shape switch
    {
        "one client" => SightFilter.OwnedByClient<Row>(r => r.ClientId),
        "several clients" => SightFilter.OwnedByClients<Row>(r => r.Owners),
        "provider-wide" => SightFilter.ProviderWide<Row>(),
        "provider-wide with summary" => SightFilter.ProviderWide<Row>(r => r.Published),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    }).SharedWith(r => r.SharedFull, SightLevel.Full).SharedWith(r => r.SharedSummary, SightLevel.Summary);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void For_AgreesWithTheDomainSight_ForEveryViewerAndLevel(string shape)
    {
        var filter = Filter(shape);
        foreach (var viewer in Viewers)
        {
            foreach (var needed in new[] { SightLevel.Summary, SightLevel.Full })
            {
                var predicate = filter.For(viewer, needed).Compile();
                foreach (var row in Rows)
                {
                    Assert.True(
                        filter.SightOf(row).Lets(viewer, needed) == predicate(row),
                        $"{shape}, {row}, viewer {(viewer.IsStaff ? "staff" : viewer.ClientId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nobody")}, {needed}");
                }
            }
        }
    }

    [Fact]
    public void For_AContact_CapturesTheClientAsAParameter_NotALiteral()
    {
        var predicate = SightFilter.OwnedByClient<Row>(r => r.ClientId).For(Viewer.ContactOf(42));

        Assert.DoesNotContain("42", predicate.ToString(), StringComparison.Ordinal);
    }
}
