using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;

namespace Baton.Web.Infrastructure.Http;

/// <summary>
/// Rules every request body obeys whatever its type, so no endpoint has to remember them: no NUL character in any
/// string (PostgreSQL refuses to store one, and no person types it), no null element inside an array (the use cases
/// read each element as a value). Each refusal is a <see cref="JsonFieldException"/>, a 400 naming the field.
/// </summary>
public static class InputRules
{
    public const string NulMessage = "Text may not contain the NUL character (U+0000).";

    public static IServiceCollection AddInputRules(this IServiceCollection services) =>
        services.Configure<JsonOptions>(o => Apply(o.SerializerOptions));

    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Insert(0, new NoNulStringConverter());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(RefuseNullElements);
    }

    /// <summary>
    /// A body that is itself an array (PUT escalation-contacts) has no object around it to check its elements, so the
    /// endpoints that take one check it here; every other endpoint gets no filter at all.
    /// </summary>
    public static TBuilder WithInputRules<TBuilder>(this TBuilder api) where TBuilder : IEndpointConventionBuilder =>
        api.AddEndpointFilterFactory((factory, next) =>
        {
            var arrays = factory.MethodInfo.GetParameters()
                .Select((parameter, index) => (parameter, index))
                .Where(p => ElementsCanBeNull(p.parameter.ParameterType) && ElementType(p.parameter.ParameterType) is { } e && IsOurs(e))
                .Select(p => p.index)
                .ToArray();
            return arrays.Length == 0 ? next : async context =>
            {
                foreach (var index in arrays)
                {
                    if (context.Arguments[index] is IEnumerable elements && FirstNull(elements) is { } at)
                    {
                        return Results.ValidationProblem(
                            new Dictionary<string, string[]> { [$"[{at}]"] = [NullElementMessage] }, title: "The request body is not valid");
                    }
                }

                return await next(context);
            };
        });

    private const string NullElementMessage = "An element of this list is null; send a value, or leave the element out.";

    private static int? FirstNull(IEnumerable elements)
    {
        var index = 0;
        foreach (var element in elements)
        {
            if (element is null)
            {
                return index;
            }

            index++;
        }

        return null;
    }

    /// <summary>The parameter a minimal-API binding failure names: 'Failed to bind parameter "int? teamId" from "abc".'</summary>
    public static string? UnboundParameter(BadHttpRequestException e) =>
        e.StatusCode == StatusCodes.Status400BadRequest
        && System.Text.RegularExpressions.Regex.Match(e.Message, "^(Failed to bind|Required) parameter \"[^\"]* ([A-Za-z0-9_]+)\"") is { Success: true } m
            ? m.Groups[2].Value
            : null;

    /// <summary>After each of our request objects is read, its arrays are checked for null elements.</summary>
    private static void RefuseNullElements(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !IsOurs(info.Type))
        {
            return;
        }

        var arrays = info.Properties.Where(p => p.Get is not null && ElementsCanBeNull(p.PropertyType)).ToArray();
        if (arrays.Length == 0)
        {
            return;
        }

        var previous = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            foreach (var property in arrays)
            {
                if (property.Get!(value) is IEnumerable elements && FirstNull(elements) is { } index)
                {
                    throw new JsonFieldException($"{property.Name}[{index}]", NullElementMessage);
                }
            }

            previous?.Invoke(value);
        };
    }

    private static bool IsOurs(Type type) =>
        type.Assembly == typeof(InputRules).Assembly || type.Assembly == typeof(Baton.Domain.DomainRuleException).Assembly;

    private static bool ElementsCanBeNull(Type type) =>
        ElementType(type) is { } element && (!element.IsValueType || Nullable.GetUnderlyingType(element) is not null);

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>Every string the API reads passes here; written strings go out unchanged.</summary>
    private sealed class NoNulStringConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Checked(reader.TokenType == JsonTokenType.String
                ? reader.GetString()
                : throw new JsonException($"The JSON value could not be converted to {typeof(string)}."));

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Checked(reader.GetString())!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

        private static string? Checked(string? value) =>
            value is not null && value.Contains('\0', StringComparison.Ordinal) ? throw new JsonFieldException("", NulMessage) : value;
    }
}

/// <summary>
/// A refusal raised while reading JSON. <see cref="Field"/> is relative to the JSON path the serializer adds
/// (empty when the path itself is the field), so "hours[0]" read at "$" becomes "hours[0]", at "$.days[1]" "days[1].hours[0]".
/// </summary>
public sealed class JsonFieldException(string field, string message) : JsonException(message)
{
    public string Field { get; } = field;

    public string FieldAt(string path)
    {
        var parent = ProblemExceptionHandler.JsonPathToField(path);
        return Field.Length == 0 ? parent : parent.Length == 0 ? Field : $"{parent}.{Field}";
    }
}
