using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Baton.Web.Data.Configurations;

/// <summary>
/// Short lists stored in one text column ("3,7,12"; a JSON array for records): read and written with their row,
/// never queried by element, so a join table would cost a query and buy nothing.
/// </summary>
internal static class ValueLists
{
    public static readonly ValueConverter<IReadOnlyList<int>, string> Ids = new(
        v => string.Join(',', v),
        v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList());

    public static readonly ValueComparer<IReadOnlyList<int>> IdsComparer = new(
        (a, b) => a!.SequenceEqual(b!),
        v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)),
        v => v.ToList());

    /// <summary>User ids (GUID strings, no commas).</summary>
    public static readonly ValueConverter<IReadOnlyList<string>, string> Strings = new(
        v => string.Join(',', v),
        v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList());

    public static readonly ValueComparer<IReadOnlyList<string>> StringsComparer = new(
        (a, b) => a!.SequenceEqual(b!),
        v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)),
        v => v.ToList());

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static ValueConverter<List<T>, string> Json<T>() => new(
        v => JsonSerializer.Serialize(v, JsonOptions),
        v => JsonSerializer.Deserialize<List<T>>(v, JsonOptions) ?? new List<T>());

    public static ValueComparer<List<T>> JsonComparer<T>() => new(
        (a, b) => a!.SequenceEqual(b!),
        v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)),
        v => v.ToList());
}
