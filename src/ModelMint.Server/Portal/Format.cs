using System.Globalization;
using System.Text.Json;

namespace ModelMint.Server.Portal;

/// <summary>How the portal writes times and reads list fields: one way on every page.</summary>
public static class Format
{
    /// <summary>UTC, to the minute, the same in every language.</summary>
    public static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "—";

    public static string Percent(double? value) => value is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "—";

    public static string Number(double value, int decimals = 3) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>A comma- or space-separated field as a list, or null when empty (meaning "no restriction").</summary>
    public static IReadOnlyList<string>? List(string? text)
    {
        var items = (text ?? "").Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length == 0 ? null : items;
    }

    /// <summary>A small JSON object (an audit event's details) as compact <c>key: value</c> text; nulls and empty lists left out.</summary>
    public static string Details(JsonElement? details) => details switch
    {
        { ValueKind: JsonValueKind.Object } d => string.Join(" · ", d.EnumerateObject()
            .Where(p => !IsEmpty(p.Value))
            .Select(p => $"{p.Name}: {DetailValue(p.Value)}")),
        { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } other => DetailValue(other),
        _ => "",
    };

    private static bool IsEmpty(JsonElement value) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0);

    private static string DetailValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(DetailValue)),
        _ => value.GetRawText(),
    };
}
