using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Baton.Web.Data;

/// <summary>
/// Inserts new entities of one type with plain ADO.NET, the INSERT built from the EF model, so it follows the model
/// (columns, owned types in the same table, value converters) without being edited by hand. It exists for the ticket
/// group commit: there EF's SaveChanges pipeline (change detection, command batching, fix-up, one parameter object per
/// value per row) was about a fifth of all server CPU and the serialised part of every group of creations; with this
/// the group write costs a prepared INSERT per row (bench/README.md has the before/after numbers).
/// </summary>
/// <remarks>
/// What it does: per entity type (cached per model) one <c>INSERT … VALUES (…) RETURNING</c> the store-generated key,
/// if any; the statement is prepared once per call of <see cref="InsertAsync{T}"/> and executed per row, in order, on
/// EF's connection and current transaction; values are converted exactly as EF would write them (the property's type
/// mapping, with its converter, creates each parameter); the generated key is set on the entity. A database error
/// surfaces as <see cref="DbUpdateException"/>, as from SaveChanges.
/// What it does not do: track anything (the change tracker never sees these entities), fix up the graph (the caller
/// sets foreign keys, e.g. with <see cref="SetterFor"/>, and inserts related entities itself), handle concurrency tokens
/// (these are inserts: a token is just a column value), run EF interceptors or command logging, or map types with
/// shadow properties, store-generated values other than the key, owned collections, owned types in other tables,
/// complex properties or inheritance (it refuses them when it first sees the type).
/// </remarks>
internal sealed class ModelInserter
{
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, ModelInserter>> Cache = [];

    private readonly string _sql;
    private readonly string _sqlIfAbsent;
    private readonly Column[] _columns;
    private readonly IEntityType _entityType;
    private readonly Action<object, object?>? _setKey;
    private readonly Func<object?, object?>? _keyFromProvider;
    private readonly Type? _keyType;

    private ModelInserter(IEntityType entityType, ISqlGenerationHelper sql)
    {
        _entityType = entityType;
        if (entityType.BaseType is not null || entityType.GetDirectlyDerivedTypes().Any() || entityType.GetComplexProperties().Any())
        {
            throw new NotSupportedException($"{entityType.DisplayName()}: inheritance and complex properties are not supported.");
        }

        var table = entityType.GetTableName() ?? throw new NotSupportedException($"{entityType.DisplayName()} is not mapped to a table.");
        var schema = entityType.GetSchema();
        var store = StoreObjectIdentifier.Table(table, schema);
        Table = table;

        var key = entityType.FindPrimaryKey();
        var generated = key is { Properties: [var only] } && only.ValueGenerated.HasFlag(ValueGenerated.OnAdd) ? only : null;
        var columns = new List<Column>();
        AddColumns(entityType, owner: null, columns, store, generated);
        _columns = [.. columns];

        var names = string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.Name)));
        var values = string.Join(", ", _columns.Select((_, i) => sql.GenerateParameterNamePlaceholder("p" + i)));
        _sql = $"INSERT INTO {sql.DelimitIdentifier(table, schema)} ({names}) VALUES ({values})";
        _sqlIfAbsent = _sql + " ON CONFLICT DO NOTHING"; // the same syntax on SQLite and PostgreSQL
        if (generated is not null)
        {
            var keyColumn = generated.GetColumnName(store) ?? throw new NotSupportedException($"{generated.Name} has no column.");
            _sql += " RETURNING " + sql.DelimitIdentifier(keyColumn);
            _sqlIfAbsent += " RETURNING " + sql.DelimitIdentifier(keyColumn);
            KeyColumn = keyColumn;
            _setKey = Setter(generated);
            _keyFromProvider = generated.GetTypeMapping().Converter?.ConvertFromProvider;
            _keyType = Nullable.GetUnderlyingType(generated.ClrType) ?? generated.ClrType;
        }

        Columns = [.. _columns.Select(c => c.Name)];
    }

    /// <summary>The table the entities go to.</summary>
    public string Table { get; }

    /// <summary>The columns the INSERT writes (the store-generated key is read back instead; see <see cref="KeyColumn"/>).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The store-generated key column read back with RETURNING, if the type has one.</summary>
    public string? KeyColumn { get; }

    /// <summary>The inserter for <typeparamref name="T"/> in <paramref name="db"/>'s model (built once per model).</summary>
    public static ModelInserter For<T>(DbContext db)
    {
        var byType = Cache.GetValue(db.Model, _ => new ConcurrentDictionary<Type, ModelInserter>());
        return byType.TryGetValue(typeof(T), out var found)
            ? found
            : byType.GetOrAdd(typeof(T), new ModelInserter(
                db.Model.FindEntityType(typeof(T)) ?? throw new NotSupportedException($"{typeof(T).Name} is not in the model."),
                db.GetService<ISqlGenerationHelper>()));
    }

    /// <summary>Sets a mapped property the way EF materialisation does (through a private setter or backing field), e.g. a foreign key.</summary>
    public Action<object, object?> SetterFor(string propertyName) =>
        _setters.GetOrAdd(propertyName, name =>
            Setter(_entityType.FindProperty(name) ?? throw new ArgumentException($"{_entityType.DisplayName()} has no property {name}.", nameof(propertyName))));

    /// <summary>Compiled once per property: compiling an expression per call cost ~8 % of a create under load.</summary>
    private readonly ConcurrentDictionary<string, Action<object, object?>> _setters = new(StringComparer.Ordinal);

    /// <summary>
    /// Inserts <paramref name="entities"/> in order with one prepared command on <paramref name="db"/>'s open connection
    /// and current transaction, and sets each one's store-generated key.
    /// </summary>
    public async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> entities, CancellationToken ct)
        where T : class => await InsertRowsAsync(db, entities, _sql, ct);

    /// <summary>
    /// Inserts <paramref name="entity"/> unless a row with the same unique key exists (<c>ON CONFLICT DO NOTHING</c>):
    /// false, and no key set, when one does. For races whose loser is expected (two instances recording one SLA
    /// crossing): the database decides without raising, so nothing logs an error for the outcome the unique key is there for.
    /// </summary>
    public async Task<bool> TryInsertAsync<T>(DbContext db, T entity, CancellationToken ct)
        where T : class => await InsertRowsAsync(db, [entity], _sqlIfAbsent, ct) == 1;

    private async Task<int> InsertRowsAsync<T>(DbContext db, IReadOnlyList<T> entities, string sql, CancellationToken ct)
        where T : class
    {
        if (entities.Count == 0)
        {
            return 0;
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        if (db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        var parameters = new DbParameter[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            parameters[i] = _columns[i].Mapping.CreateParameter(command, "p" + i, null, _columns[i].Nullable);
            command.Parameters.Add(parameters[i]);
        }

        var inserted = 0;
        try
        {
            foreach (var entity in entities)
            {
                for (var i = 0; i < _columns.Length; i++)
                {
                    parameters[i].Value = _columns[i].ProviderValue(entity) ?? DBNull.Value;
                }

                if (_setKey is null)
                {
                    inserted += await command.ExecuteNonQueryAsync(ct);
                    continue;
                }

                var key = await command.ExecuteScalarAsync(ct);
                if (key is null or DBNull)
                {
                    // Only ON CONFLICT DO NOTHING returns no row; a plain INSERT either returns its key or throws.
                    if (!ReferenceEquals(sql, _sqlIfAbsent))
                    {
                        throw new DbUpdateException($"INSERT INTO {Table} returned no key.");
                    }

                    continue;
                }

                key = _keyFromProvider is null ? Convert.ChangeType(key, _keyType!, System.Globalization.CultureInfo.InvariantCulture) : _keyFromProvider(key);
                _setKey(entity, key);
                inserted++;
            }
        }
        catch (DbException failure)
        {
            // As SaveChanges does: callers (the group commit's fallback, the idempotency replay) catch DbUpdateException.
            throw new DbUpdateException($"An error occurred while inserting into {Table}. See the inner exception for details.", failure);
        }

        return inserted;
    }

    private static void AddColumns(IEntityType type, Func<object, object?>? owner, List<Column> columns, StoreObjectIdentifier store, IProperty? generatedKey)
    {
        foreach (var property in type.GetProperties())
        {
            if (property == generatedKey)
            {
                continue;
            }

            if (owner is not null && property.IsPrimaryKey())
            {
                // An owned type in its owner's row shares the owner's key column.
                continue;
            }

            if (property.IsShadowProperty() || property.ValueGenerated != ValueGenerated.Never)
            {
                throw new NotSupportedException($"{type.DisplayName()}.{property.Name}: shadow and store-generated properties are not supported.");
            }

            var column = property.GetColumnName(store) ?? throw new NotSupportedException($"{type.DisplayName()}.{property.Name} has no column in {store.DisplayName()}.");
            var getter = property.GetGetter();
            Func<object, object?> read = owner is null ? getter.GetClrValue : entity => owner(entity) is { } owned ? getter.GetClrValue(owned) : null;
            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            columns.Add(new Column(column, read, mapping, owner is not null || property.IsNullable));
        }

        foreach (var navigation in type.GetNavigations())
        {
            var target = navigation.TargetEntityType;
            if (!navigation.ForeignKey.IsOwnership || navigation.IsOnDependent)
            {
                continue;
            }

            if (navigation.IsCollection || target.GetTableName() != store.Name || target.GetSchema() != store.Schema || target.GetComplexProperties().Any())
            {
                throw new NotSupportedException($"{type.DisplayName()}.{navigation.Name}: only owned references in the owner's table are supported.");
            }

            var get = navigation.GetGetter();
            Func<object, object?> reach = owner is null ? get.GetClrValue : entity => owner(entity) is { } parent ? get.GetClrValue(parent) : null;
            AddColumns(target, reach, columns, store, generatedKey: null);
        }
    }

    private static Action<object, object?> Setter(IProperty property)
    {
        var member = property.GetMemberInfo(forMaterialization: true, forSet: true);
        var instance = Expression.Parameter(typeof(object));
        var value = Expression.Parameter(typeof(object));
        var target = Expression.Convert(instance, property.DeclaringType.ClrType);
        var access = member switch
        {
            PropertyInfo p => Expression.Property(target, p),
            FieldInfo f => Expression.Field(target, f),
            _ => throw new NotSupportedException($"{property.Name}: no settable member."),
        };
        var assign = Expression.Assign(access, Expression.Convert(value, access.Type));
        return Expression.Lambda<Action<object, object?>>(assign, instance, value).Compile();
    }

    private sealed record Column(string Name, Func<object, object?> Read, RelationalTypeMapping Mapping, bool Nullable)
    {
        /// <summary>The value as EF sends it: through the mapping's converter (enums, SQLite's UTC instants, ticks).</summary>
        public object? ProviderValue(object entity)
        {
            var value = Read(entity);
            if (value is null)
            {
                return null;
            }

            if (Mapping.Converter is { } converter)
            {
                return converter.ConvertToProvider(value);
            }

            return value is Enum ? Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), System.Globalization.CultureInfo.InvariantCulture) : value;
        }
    }
}
