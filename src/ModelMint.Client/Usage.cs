using System.Text.Json.Serialization;

namespace ModelMint.Client;

/// <summary>How <c>GET /v1/usage</c> groups quantities.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UsageGrouping>))]
public enum UsageGrouping
{
    /// <summary>One group per UTC day (<c>yyyy-MM-dd</c>).</summary>
    [JsonStringEnumMemberName("day")]
    Day,

    /// <summary>One group per model name.</summary>
    [JsonStringEnumMemberName("model")]
    Model,

    /// <summary>One group per API key id.</summary>
    [JsonStringEnumMemberName("key")]
    Key,
}

/// <summary>Well-known meter names in <see cref="UsageItem.Meter"/>.</summary>
public static class Meters
{
    /// <summary>One per text classified.</summary>
    public const string Calls = "calls";

    /// <summary>The characters of the texts classified.</summary>
    public const string Characters = "characters";
}

/// <summary>The account's metered usage over a period, summed per group and meter.</summary>
/// <param name="From">The start of the period, widened to a whole hour (inclusive, UTC).</param>
/// <param name="To">The end of the period, widened to a whole hour (exclusive, UTC).</param>
/// <param name="GroupBy">How <see cref="Items"/> are grouped.</param>
/// <param name="Items">One item per group and meter, ordered by group, then meter.</param>
public sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, UsageGrouping GroupBy, IReadOnlyList<UsageItem> Items);

/// <summary>The usage of one meter in one group.</summary>
/// <param name="Group">The day (<c>yyyy-MM-dd</c>), model name or key id.</param>
/// <param name="Meter">What was counted: <c>calls</c>, <c>characters</c> (see <see cref="Meters"/>).</param>
/// <param name="Quantity">The total counted.</param>
/// <param name="Events">How many metered requests contributed.</param>
public sealed record UsageItem(string Group, string Meter, long Quantity, long Events);
