using System.Globalization;

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
}
