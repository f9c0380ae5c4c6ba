using System.Linq.Expressions;
using Baton.Domain.Visibility;

namespace Baton.Web.Features.Shared.Visibility;

/// <summary>The shapes a record kind's sight is stored in (see <see cref="SightFilter{T}"/>).</summary>
public static class SightFilter
{
    /// <summary>The record belongs to the client in one column (a ticket, a project).</summary>
    public static SightFilter<T> OwnedByClient<T>(Expression<Func<T, int>> clientId) => new(clientId, null, null, []);

    /// <summary>The record belongs to several clients (a navigation or owned collection of client ids).</summary>
    public static SightFilter<T> OwnedByClients<T>(Expression<Func<T, IEnumerable<int>>> clientIds) => new(null, clientIds, null, []);

    /// <summary>The provider's own record; every client contact sees its summary while <paramref name="summaryPublished"/> holds (staff only without it).</summary>
    public static SightFilter<T> ProviderWide<T>(Expression<Func<T, bool>>? summaryPublished = null) => new(null, null, summaryPublished, []);
}

/// <summary>
/// Where one kind of record keeps its <see cref="Sight"/>, as expressions over its columns, so the same description
/// becomes a SQL filter (<see cref="For"/>) and, compiled, the domain value (<see cref="SightOf"/>) — the two cannot
/// drift. Tickets and projects are owned by one client; the shapes for several owners, provider-wide records with a
/// published summary and named shares are here for problems, changes and major incidents.
/// </summary>
public sealed class SightFilter<T>
{
    private readonly Expression<Func<T, int>>? _owner;
    private readonly Expression<Func<T, IEnumerable<int>>>? _owners;
    private readonly Expression<Func<T, bool>>? _summaryPublished;
    private readonly IReadOnlyList<(Expression<Func<T, IEnumerable<int>>> Clients, SightLevel Level)> _shares;
    private readonly Lazy<Func<T, Sight>> _sightOf;

    internal SightFilter(
        Expression<Func<T, int>>? owner, Expression<Func<T, IEnumerable<int>>>? owners, Expression<Func<T, bool>>? summaryPublished,
        IReadOnlyList<(Expression<Func<T, IEnumerable<int>>>, SightLevel)> shares)
    {
        _owner = owner;
        _owners = owners;
        _summaryPublished = summaryPublished;
        _shares = shares;
        _sightOf = new Lazy<Func<T, Sight>>(CompileSight);
    }

    /// <summary>Besides its owners, the clients in <paramref name="clientIds"/> see the record at <paramref name="level"/>.</summary>
    public SightFilter<T> SharedWith(Expression<Func<T, IEnumerable<int>>> clientIds, SightLevel level) =>
        new(_owner, _owners, _summaryPublished, [.. _shares, (clientIds, level)]);

    /// <summary>The domain's sight of one loaded record.</summary>
    public Sight SightOf(T record) => _sightOf.Value(record);

    /// <summary>
    /// The records <paramref name="viewer"/> may see at least at <paramref name="needed"/>, as a predicate EF translates.
    /// The client id is a closure member, so it becomes a SQL parameter and the plan is cached.
    /// </summary>
    public Expression<Func<T, bool>> For(Viewer viewer, SightLevel needed = SightLevel.Full)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.IsStaff)
        {
            return _ => true;
        }

        if (viewer.ClientId is not { } clientId)
        {
            return _ => false;
        }

        var record = Expression.Parameter(typeof(T), "r");
        var client = Expression.Property(Expression.Constant(new ClientParameter(clientId)), nameof(ClientParameter.Value));
        var terms = new List<Expression>();
        if (_owner is not null)
        {
            terms.Add(Expression.Equal(Body(_owner, record), client));
        }

        if (_owners is not null)
        {
            terms.Add(Contains(Body(_owners, record), client));
        }

        foreach (var (clients, level) in _shares.Where(s => s.Level >= needed))
        {
            terms.Add(Contains(Body(clients, record), client));
        }

        if (_summaryPublished is not null && needed <= SightLevel.Summary)
        {
            terms.Add(Body(_summaryPublished, record));
        }

        var body = terms.Count == 0 ? Expression.Constant(false) : terms.Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<T, bool>>(body, record);
    }

    private Func<T, Sight> CompileSight()
    {
        var owner = _owner?.Compile();
        var owners = _owners?.Compile();
        var published = _summaryPublished?.Compile();
        var shares = _shares.Select(s => (Clients: s.Clients.Compile(), s.Level)).ToList();
        return r =>
        {
            var sight = owner is not null ? Sight.OwnedBy(owner(r))
                // A row of a many-owner kind that lost its last owner is nobody's: staff only, as the SQL filter says.
                : owners is not null && owners(r).Any() ? Sight.OwnedBy(owners(r))
                : owners is not null ? Sight.StaffOnly
                : published is not null && published(r) ? Sight.ProviderWideWithSummary
                : Sight.StaffOnly;
            return shares.Aggregate(sight, (s, share) => s.SharedWith(share.Clients(r), share.Level));
        };
    }

    private static Expression Body<TResult>(Expression<Func<T, TResult>> lambda, ParameterExpression record) =>
        new Rebind(lambda.Parameters[0], record).Visit(lambda.Body);

    private static MethodCallExpression Contains(Expression clients, Expression client) =>
        Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(int)], clients, client);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>Holds the viewer's client id so EF sees a captured variable (a parameter), not a literal per client.</summary>
    private sealed class ClientParameter(int value)
    {
        public int Value { get; } = value;
    }
}
