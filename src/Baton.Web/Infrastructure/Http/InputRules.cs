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
                if (property.Get!(value) is not IEnumerable elements)
                {
                    continue;
                }

                var index = 0;
                foreach (var element in elements)
                {
                    if (element is null)
                    {
                        throw new JsonFieldException($"{property.Name}[{index}]", "An element of this list is null; send a value, or leave the element out.");
                    }

                    index++;
                }
            }

            previous?.Invoke(value);
        };
    }

    private static bool IsOurs(Type type) =>
        type.Assembly == typeof(InputRules).Assembly || type.Assembly == typeof(Baton.Domain.DomainRuleException).Assembly;

    private static bool ElementsCanBeNull(Type type)
    {
        if (type == typeof(string))
        {
            return false;
        }

        var element = type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return element is not null && (!element.IsValueType || Nullable.GetUnderlyingType(element) is not null);
    }

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
