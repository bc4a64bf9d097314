using System.Globalization;

namespace ModelMint.Client;

/// <summary>Reads the metering headers of a prediction response; a header that is missing or malformed reads as absent.</summary>
internal static class ResponseHeaders
{
    public static RateLimitStatus? RateLimit(HttpResponseMessage response)
    {
        var requestsLimit = Long(response, "x-ratelimit-limit-requests");
        var requestsRemaining = Long(response, "x-ratelimit-remaining-requests");
        var unitsLimit = Long(response, "x-ratelimit-limit-units");
        var unitsRemaining = Long(response, "x-ratelimit-remaining-units");
        var reset = Seconds(response, "x-ratelimit-reset-requests") ?? Seconds(response, "x-ratelimit-reset-units");
        return requestsLimit is null && requestsRemaining is null && unitsLimit is null && unitsRemaining is null && reset is null
            ? null
            : new RateLimitStatus(requestsLimit, requestsRemaining, unitsLimit, unitsRemaining, reset);
    }

    /// <summary><c>x-balance-remaining: 0.005 USD</c>.</summary>
    public static Balance? BalanceRemaining(HttpResponseMessage response)
    {
        var parts = Value(response, "x-balance-remaining")?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is [var amount, var currency]
            && decimal.TryParse(amount, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? new Balance(currency, value)
            : null;
    }

    public static bool Replayed(HttpResponseMessage response) =>
        string.Equals(Value(response, "Idempotent-Replayed"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>x-model-route: production|canary|pinned</c>.</summary>
    public static string? Route(HttpResponseMessage response) => Value(response, "x-model-route") is { Length: > 0 } route ? route : null;

    private static string? Value(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static long? Long(HttpResponseMessage response, string name) =>
        long.TryParse(Value(response, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A reset time as the server writes it: whole seconds with an <c>s</c> suffix (<c>37s</c>).</summary>
    private static TimeSpan? Seconds(HttpResponseMessage response, string name) =>
        Value(response, name) is { } text
        && long.TryParse(text.TrimEnd('s'), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
