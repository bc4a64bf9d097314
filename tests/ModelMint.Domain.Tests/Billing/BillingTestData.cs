using ModelMint.Domain.Billing;

namespace ModelMint.Domain.Tests.Billing;

internal static class BillingTestData
{
    public static Money Usd(decimal amount) => new(amount, Currency.Usd);

    public static Money Jpy(decimal amount) => new(amount, Currency.Jpy);

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>0–1,000 at 0.01, 1,000–10,000 at 0.008, above 10,000 at 0.005.</summary>
    public static PriceTier[] StandardTiers { get; } =
    [
        new(1_000m, 0.01m),
        new(10_000m, 0.008m),
        new(null, 0.005m),
    ];

    /// <summary>The standard tiers with flat fees of 2, 5 and 0.</summary>
    public static PriceTier[] TiersWithFlatFees { get; } =
    [
        new(1_000m, 0.01m, 2m),
        new(10_000m, 0.008m, 5m),
        new(null, 0.005m),
    ];

    /// <summary>A deterministic random source for tests.</summary>
    public sealed class SeededRandomBytes(int seed) : IRandomBytes
    {
        private readonly Random _random = new(seed);

        public void Fill(Span<byte> destination) => _random.NextBytes(destination);
    }
}
