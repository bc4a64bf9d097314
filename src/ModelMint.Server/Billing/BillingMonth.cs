using System.Globalization;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>How the API names a billing period: the UTC calendar month <c>yyyy-MM</c>.</summary>
public static class BillingMonth
{
    public const string Rule = "a month as yyyy-MM, e.g. \"2026-03\"";

    public static bool TryParse(string? text, out BillingPeriod period)
    {
        period = default;
        // The last representable month has no end instant, so it cannot be a half-open period.
        if (text is not { Length: 7 } || !DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) || month.Year > 9998)
        {
            return false;
        }

        period = BillingPeriod.Month(month.Year, month.Month);
        return true;
    }

    public static string Format(BillingPeriod period) => period.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The month before the one that contains <paramref name="at"/>.</summary>
    public static BillingPeriod Previous(DateTimeOffset at) => BillingPeriod.MonthContaining(BillingPeriod.MonthContaining(at).Start.AddDays(-1));
}
