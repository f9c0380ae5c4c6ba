using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Baton.Web.Tests.Closeout;

/// <summary>Small helpers over the close-out API responses.</summary>
internal static class CloseoutSetup
{
    public static int Number(this JsonElement version) => version.GetProperty("number").GetInt32();

    public static IEnumerable<JsonElement> Items(this JsonElement templateOrChecklist) =>
        templateOrChecklist.TryGetProperty("sections", out var sections)
            ? sections.EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray())
            : templateOrChecklist.GetProperty("items").EnumerateArray();

    public static JsonElement Item(this JsonElement templateOrChecklist, string text) =>
        templateOrChecklist.Items().Single(i => i.GetProperty("text").GetString() == text);

    public static IReadOnlyList<string> Texts(this JsonElement templateOrChecklist) =>
        [.. templateOrChecklist.Items().Select(i => i.GetProperty("text").GetString()!)];

    /// <summary>The template as a PUT body, with <paramref name="change"/> applied to its sections (keys kept).</summary>
    public static List<Dictionary<string, object?>> Sections(this JsonElement template) =>
        [.. template.GetProperty("sections").EnumerateArray().Select(s => new Dictionary<string, object?>
        {
            ["key"] = s.GetProperty("key").GetInt32(),
            ["title"] = s.GetProperty("title").GetString(),
            ["items"] = s.GetProperty("items").EnumerateArray().Select(i => new Dictionary<string, object?>
            {
                ["key"] = i.GetProperty("key").GetInt32(),
                ["text"] = i.GetProperty("text").GetString(),
                ["required"] = i.GetProperty("required").GetBoolean(),
                ["guidance"] = i.GetProperty("guidance").GetString(),
                ["provenBy"] = i.GetProperty("provenBy").GetString(),
            }).ToList(),
        })];

    public static List<Dictionary<string, object?>> ItemsOf(Dictionary<string, object?> section) => (List<Dictionary<string, object?>>)section["items"]!;

    public static Task<HttpResponseMessage> PublishRawAsync(HttpClient api, object body, int? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/closeout-template") { Content = JsonContent.Create(body) };
        if (ifMatch is { } v)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        }

        return api.SendAsync(request);
    }

    /// <summary>Publishes a new version built from the current one by <paramref name="change"/>; returns it.</summary>
    public static async Task<JsonElement> PublishAsync(HttpClient api, Action<List<Dictionary<string, object?>>> change, string? note = null)
    {
        var current = await Infrastructure.BatonAppFactory.CurrentTemplateAsync(api);
        var sections = current.Sections();
        change(sections);
        var response = await PublishRawAsync(api, new { sections, note }, current.Number());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"publish → {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Dictionary<string, object?> NewItem(string text, bool required = true, string? guidance = null) =>
        new() { ["key"] = null, ["text"] = text, ["required"] = required, ["guidance"] = guidance };

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode} (expected {(int)expected}) {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient api, string url, object? body = null, int? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is { } v)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        }

        return await api.SendAsync(request);
    }
}
