using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Web.Tests.BadInput;

/// <summary>One operation of the OpenAPI document, with its path parameters already filled in.</summary>
public sealed record ApiOperation(string Method, string Template, JsonElement Definition)
{
    public string Name => $"{Method} {Template}";

    public IEnumerable<JsonElement> Parameters(string where) =>
        Definition.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == where) : [];

    public IReadOnlyList<string> BodyMediaTypes =>
        Definition.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
            ? content.EnumerateObject().Select(c => c.Name).ToList()
            : [];

    public JsonElement? BodySchema(string mediaType) =>
        Definition.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty(mediaType, out var c) && c.TryGetProperty("schema", out var s)
            ? s
            : null;

    public bool HasInput => BodyMediaTypes.Count > 0 || (Definition.TryGetProperty("parameters", out var ps) && ps.GetArrayLength() > 0);
}

/// <summary>A request that should be refused: what was broken (and where), and how to send it.</summary>
public sealed record BadCase(string Description, string PathAndQuery, string? MediaType, byte[]? Body);

/// <summary>
/// Builds bad requests from the OpenAPI document: a plausible body from each schema, then one variation per field
/// (null, wrong JSON type, empty and oversized strings, boundary and overflow numbers, invalid and extreme dates,
/// unknown enum values, a NUL character, a null inside each array), per query parameter, per path parameter, and per
/// body (empty, JSON null, an array, an unknown member, a wrong content type).
/// </summary>
public sealed class OpenApiCases(JsonElement document, Func<string, JsonNode?> sampleFor)
{
    private readonly JsonElement _schemas = document.GetProperty("components").GetProperty("schemas");

    private static readonly string Oversized = new('x', 300_000);

    public IEnumerable<ApiOperation> Operations() =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(m => new ApiOperation(m.Name.ToUpperInvariant(), path.Name, m.Value)));

    public IEnumerable<BadCase> For(ApiOperation operation, string path)
    {
        foreach (var parameter in operation.Parameters("query"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            foreach (var (what, value) in QueryValues(Resolve(parameter.GetProperty("schema"))))
            {
                yield return new BadCase($"query {name}: {what}", $"{path}?{name}={Uri.EscapeDataString(value)}", null, null);
            }
        }

        foreach (var parameter in operation.Parameters("path"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            foreach (var (what, value) in PathValues(Resolve(parameter.GetProperty("schema"))))
            {
                yield return new BadCase($"path {name}: {what}", Fill(operation.Template, path, name, value), null, null);
            }
        }

        foreach (var mediaType in operation.BodyMediaTypes)
        {
            if (mediaType.StartsWith("multipart/", StringComparison.Ordinal))
            {
                foreach (var c in MultipartCases(path))
                {
                    yield return c;
                }

                continue;
            }

            var schema = operation.BodySchema(mediaType);
            var sample = schema is { } s ? Sample(s, "", 0) : new JsonObject();
            yield return new BadCase("empty body", path, mediaType, []);
            yield return new BadCase("JSON null body", path, mediaType, "null"u8.ToArray());
            yield return new BadCase("wrong content type", path, "text/plain", Bytes(sample));
            if (sample is JsonObject)
            {
                yield return new BadCase("array instead of an object", path, mediaType, "[]"u8.ToArray());
                var unknown = sample.DeepClone().AsObject();
                unknown["zzNotAField"] = 1;
                yield return new BadCase("unknown member", path, mediaType, Bytes(unknown));
            }

            if (schema is { } bodySchema)
            {
                foreach (var (where, what, replace) in Variations(bodySchema, sample, []))
                {
                    var body = sample?.DeepClone();
                    body = Replace(body, where, replace);
                    yield return new BadCase($"body {Describe(where)}: {what}", path, mediaType, Bytes(body));
                }
            }

            break; // one JSON media type is enough: they share the schema
        }
    }

    /// <summary>A plausible JSON body for the operation (the first JSON media type), or null when it takes none.</summary>
    public (string MediaType, byte[] Body)? SampleBody(ApiOperation operation)
    {
        foreach (var mediaType in operation.BodyMediaTypes.Where(m => !m.StartsWith("multipart/", StringComparison.Ordinal)))
        {
            var schema = operation.BodySchema(mediaType);
            return (mediaType, Bytes(schema is { } s ? Sample(s, "", 0) : new JsonObject()));
        }

        return null;
    }

    private static string Fill(string template, string path, string name, string value)
    {
        // path has every parameter filled in; replace the one segment that template has as {name}.
        var templateSegments = template.Split('/');
        var pathSegments = path.Split('/');
        for (var i = 0; i < templateSegments.Length; i++)
        {
            if (templateSegments[i] == "{" + name + "}")
            {
                pathSegments[i] = Uri.EscapeDataString(value);
            }
        }

        return string.Join('/', pathSegments);
    }

    private static IEnumerable<BadCase> MultipartCases(string path)
    {
        const string part = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n";
        yield return new BadCase("multipart without a boundary", path, "multipart/form-data", Encoding.UTF8.GetBytes(part + "--x--\r\n"));
        yield return new BadCase("truncated multipart", path, "multipart/form-data; boundary=x", Encoding.UTF8.GetBytes(part[..^10]));
        yield return new BadCase("multipart with no file", path, "multipart/form-data; boundary=x", "--x--\r\n"u8.ToArray());
        yield return new BadCase("NUL in a multipart field", path, "multipart/form-data; boundary=x",
            Encoding.UTF8.GetBytes(part + "--x\r\nContent-Disposition: form-data; name=\"messageId\"\r\n\r\n1\0\r\n--x--\r\n"));
        yield return new BadCase("multipart with a non-number messageId", path, "multipart/form-data; boundary=x",
            Encoding.UTF8.GetBytes(part + "--x\r\nContent-Disposition: form-data; name=\"messageId\"\r\n\r\n99999999999999999999\r\n--x--\r\n"));
        yield return new BadCase("JSON instead of multipart", path, "application/json", "{}"u8.ToArray());
    }

    private static byte[] Bytes(JsonNode? node) => Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null");

    private static string Describe(IReadOnlyList<object> where) =>
        where.Count == 0 ? "(root)" : string.Concat(where.Select((s, i) => s is int n ? $"[{n}]" : i == 0 ? $"{s}" : $".{s}"));

    private static JsonNode? Replace(JsonNode? root, IReadOnlyList<object> where, JsonNode? value)
    {
        if (where.Count == 0)
        {
            return value;
        }

        var parent = root!;
        foreach (var step in where.Take(where.Count - 1))
        {
            parent = step is int i ? parent[i]! : parent[(string)step]!;
        }

        if (where[^1] is int index)
        {
            parent[index] = value;
        }
        else
        {
            parent[(string)where[^1]] = value;
        }

        return root;
    }

    // ---- schemas ----------------------------------------------------------------------------------------------

    /// <summary>Follows $ref, and oneOf [null, X] to X.</summary>
    private JsonElement Resolve(JsonElement schema)
    {
        for (var i = 0; i < 10; i++)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = _schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            }
            else if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
            {
                schema = oneOf.EnumerateArray().First(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
            }
            else
            {
                return schema;
            }
        }

        return schema;
    }

    private static IReadOnlyList<string> Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? (schema.TryGetProperty("properties", out _) ? ["object"] : [])
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).Where(t => t != "null").ToList()
        : [type.GetString()!];

    private static string? Format(JsonElement schema) => schema.TryGetProperty("format", out var f) ? f.GetString() : null;

    private static IReadOnlyList<string>? Enum(JsonElement schema) =>
        schema.TryGetProperty("enum", out var values) ? values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList() : null;

    /// <summary>A plausible value: known ids and names from the world, the first enum member, a valid date.</summary>
    private JsonNode? Sample(JsonElement schema, string name, int depth)
    {
        schema = Resolve(schema);
        if (sampleFor(name) is { } known)
        {
            return known;
        }

        if (Enum(schema) is { Count: > 0 } members)
        {
            return JsonValue.Create(members[0]);
        }

        var types = Types(schema);
        if (types.Contains("object") && depth < 5)
        {
            var o = new JsonObject();
            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var p in properties.EnumerateObject())
                {
                    o[p.Name] = Sample(p.Value, p.Name, depth + 1);
                }
            }

            return o;
        }

        if (types.Contains("array"))
        {
            return schema.TryGetProperty("items", out var items) && depth < 5 ? new JsonArray(Sample(items, name, depth + 1)) : new JsonArray();
        }

        if (types.Contains("integer"))
        {
            return JsonValue.Create(1);
        }

        if (types.Contains("number"))
        {
            return JsonValue.Create(1.5);
        }

        if (types.Contains("boolean"))
        {
            return JsonValue.Create(false);
        }

        return Format(schema) switch
        {
            "date" => JsonValue.Create("2027-03-01"),
            "date-time" => JsonValue.Create("2027-03-01T10:00:00+00:00"),
            _ => JsonValue.Create("Fuzz " + name),
        };
    }

    /// <summary>Every place in the sample and what to put there instead.</summary>
    private IEnumerable<(IReadOnlyList<object> Where, string What, JsonNode? Value)> Variations(JsonElement schema, JsonNode? sample, IReadOnlyList<object> where)
    {
        schema = Resolve(schema);
        if (where.Count > 0)
        {
            yield return (where, "null", null);
        }

        var types = Types(schema);
        if (Enum(schema) is { Count: > 0 })
        {
            yield return (where, "unknown enum value", JsonValue.Create("NotAValue"));
            yield return (where, "enum as a number", JsonValue.Create(1));
            yield return (where, "NUL", JsonValue.Create("A\0"));
            yield break;
        }

        if (types.Contains("object") && sample is JsonObject o)
        {
            if (where.Count > 0)
            {
                yield return (where, "wrong type (string for an object)", JsonValue.Create("x"));
            }

            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var p in properties.EnumerateObject())
                {
                    foreach (var v in Variations(p.Value, o[p.Name], [.. where, p.Name]))
                    {
                        yield return v;
                    }
                }
            }

            yield break;
        }

        if (types.Contains("array") && sample is JsonArray a)
        {
            yield return (where, "null inside the array", new JsonArray((JsonNode?)null));
            yield return (where, "empty array", new JsonArray());
            yield return (where, "wrong type (object for an array)", new JsonObject());
            if (a.Count > 0 && schema.TryGetProperty("items", out var items))
            {
                foreach (var v in Variations(items, a[0], [.. where, 0]))
                {
                    yield return v;
                }
            }

            yield break;
        }

        if (types.Contains("integer") || types.Contains("number"))
        {
            yield return (where, "wrong type (text)", JsonValue.Create("abc"));
            yield return (where, "wrong type (boolean)", JsonValue.Create(true));
            yield return (where, "zero", JsonValue.Create(0));
            yield return (where, "negative", JsonValue.Create(-1));
            yield return (where, "int32 max", JsonValue.Create(int.MaxValue));
            yield return (where, "int32 min", JsonValue.Create(int.MinValue));
            yield return (where, "int32 overflow", JsonNode.Parse("2147483648"));
            yield return (where, "int64 overflow", JsonNode.Parse("9223372036854775808"));
            yield return (where, "huge exponent", JsonNode.Parse("1e400"));
            yield return (where, "fraction", JsonValue.Create(1.5));
            yield break;
        }

        if (types.Contains("boolean"))
        {
            yield return (where, "wrong type (text)", JsonValue.Create("yes"));
            yield return (where, "wrong type (number)", JsonValue.Create(1));
            yield break;
        }

        yield return (where, "wrong type (number)", JsonValue.Create(12345));
        yield return (where, "wrong type (array)", new JsonArray());
        yield return (where, "empty string", JsonValue.Create(""));
        yield return (where, "oversized string", JsonValue.Create(Oversized));
        yield return (where, "NUL", JsonValue.Create("A\0B"));
        switch (Format(schema))
        {
            case "date":
                yield return (where, "invalid date", JsonValue.Create("2026-02-30"));
                yield return (where, "earliest date", JsonValue.Create("0001-01-01"));
                yield return (where, "latest date", JsonValue.Create("9999-12-31"));
                break;
            case "date-time":
                yield return (where, "invalid instant", JsonValue.Create("2026-13-45T25:61:00Z"));
                yield return (where, "earliest instant", JsonValue.Create("0001-01-01T00:00:00+00:00"));
                yield return (where, "latest instant", JsonValue.Create("9999-12-31T23:59:59+00:00"));
                yield return (where, "earliest instant, east of UTC", JsonValue.Create("0001-01-01T00:00:00+14:00"));
                break;
            default:
                yield return (where, "not a date or time", JsonValue.Create("25:99"));
                yield return (where, "earliest date", JsonValue.Create("0001-01-01"));
                break;
        }
    }

    private static IEnumerable<(string What, string Value)> QueryValues(JsonElement schema)
    {
        yield return ("NUL", "A\0B");
        yield return ("empty", "");
        yield return ("oversized", new string('x', 5000));
        var types = Types(schema);
        var format = Format(schema);
        if (types.Contains("integer") || types.Contains("number") || types.Contains("boolean") || format is "date" or "date-time" || Enum(schema) is not null
            || (types.Contains("array") && schema.TryGetProperty("items", out _)))
        {
            yield return ("not a value of its type", "abc");
        }

        if (types.Contains("integer") || types.Contains("number"))
        {
            yield return ("zero", "0");
            yield return ("negative", "-1");
            yield return ("int32 max", int.MaxValue.ToString(CultureInfo.InvariantCulture));
            yield return ("overflow", "99999999999999999999");
        }

        if (format is "date" or "date-time" || types.Contains("string"))
        {
            yield return ("earliest date", "0001-01-01");
            yield return ("latest date", "9999-12-31");
            yield return ("invalid date", "2026-02-30");
        }
    }

    private static IEnumerable<(string What, string Value)> PathValues(JsonElement schema)
    {
        yield return ("overflow", "99999999999999999999");
        yield return ("negative", "-1");
        yield return ("zero", "0");
        yield return ("oversized", new string('9', 3000));
        yield return ("not a value of its type", "abc");
        yield return ("unicode", "INC-\u202E1");
    }
}
