using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Server.Accounts;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Usage;

public sealed record UsageItem(string Group, string Meter, long Quantity, long Events);

public sealed record UsageResponse(DateTimeOffset From, DateTimeOffset To, string GroupBy, IReadOnlyList<UsageItem> Items);

public static class UsageEndpoints
{
    private static readonly string[] Groupings = ["day", "model", "key"];
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/usage").WithTags("Usage").RequireAuthorization()
            .MapGet("/", Get)
            .WithSummary("This account's metered usage in [from, to), by day, model or key. Hour granularity: read from hourly rollups.");
        return app;
    }

    public static async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> Get(
        string? from, string? to, string? groupBy, HttpContext context, ModelMintDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryParseTime(from, now.AddDays(-30), out var start) || !TryParseTime(to, now, out var end))
        {
            return ApiProblems.Validation("invalid-time", "'from' and 'to' must be ISO-8601 times such as 2026-11-01T00:00:00Z.", "from");
        }

        if (end <= start || end - start > MaxRange)
        {
            return ApiProblems.Validation("invalid-range", $"'from' must be before 'to', and the range at most {MaxRange.TotalDays} days.", "to");
        }

        var grouping = string.IsNullOrEmpty(groupBy) ? "day" : groupBy;
        if (!Groupings.Contains(grouping))
        {
            return ApiProblems.Validation("invalid-group-by", $"'groupBy' must be one of {string.Join(", ", Groupings)}.", "groupBy");
        }

        var accountId = context.User.AccountId();
        var firstHour = FloorHour(start);
        var endHour = CeilingHour(end);
        var rows = await db.UsageRollups.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.BucketHour >= firstHour && r.BucketHour < endHour)
            .Select(r => new { r.BucketHour, r.ModelName, r.KeyId, r.Meter, r.Quantity, r.Events })
            .ToListAsync(cancellationToken);
        var items = rows
            .GroupBy(r => (Group: grouping switch
            {
                "model" => r.ModelName,
                "key" => r.KeyId.ToString(),
                _ => DateTimeOffset.FromUnixTimeSeconds(r.BucketHour * 3600).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }, r.Meter))
            .Select(g => new UsageItem(g.Key.Group, g.Key.Meter, g.Sum(r => r.Quantity), g.Sum(r => r.Events)))
            .OrderBy(i => i.Group, StringComparer.Ordinal).ThenBy(i => i.Meter, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new UsageResponse(DateTimeOffset.FromUnixTimeSeconds(firstHour * 3600), DateTimeOffset.FromUnixTimeSeconds(endHour * 3600), grouping, items));
    }

    private static bool TryParseTime(string? text, DateTimeOffset fallback, out DateTimeOffset value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static long FloorHour(DateTimeOffset t) => t.ToUnixTimeSeconds() / 3600;

    // From ticks, not whole seconds: at 14:00:00.5 the hour that began at 14:00 has usage, and [from, to) must include it.
    private static long CeilingHour(DateTimeOffset t) => ((t - DateTimeOffset.UnixEpoch).Ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour;
}
