using System.Globalization;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>
/// Between stored integers and Domain <see cref="Money"/>: wallets, usage charges and the ledger hold micro-units
/// (10⁻⁶ of the currency), invoices and statements hold minor units (cents), rounded once by the Domain.
/// </summary>
public static class StoredMoney
{
    private const decimal MicrosPerUnit = 1_000_000m;

    /// <summary>The currencies prices, balances, caps and credits may be given in.</summary>
    public static readonly IReadOnlyList<string> AcceptedCurrencies = ["USD", "EUR", "CNY", "GBP", "JPY"];

    /// <summary>
    /// Reads a non-negative decimal string with at most <paramref name="decimals"/> decimals, exactly (no rounding):
    /// the one parser for amounts and percentages that arrive as text.
    /// </summary>
    public static bool TryParseExact(string? text, int decimals, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
        && value >= 0
        && decimal.Round(value, decimals) == value;

    /// <summary>Micro-units as a plain decimal string without trailing zeros: 2,500,000 → <c>2.5</c>.</summary>
    public static string FormatMicros(long micros) => (micros / MicrosPerUnit).ToString("0.######", CultureInfo.InvariantCulture);

    public static Currency CurrencyOf(string code) =>
        Currency.TryFromCode(code, out var currency)
            ? currency
            : throw new InvalidOperationException($"Stored currency '{code}' is not one billing knows.");

    public static Money FromMicros(long micros, Currency currency) => new(micros / MicrosPerUnit, currency);

    public static Money FromMinor(long minor, Currency currency) => Money.FromMinorUnits(minor, currency);

    /// <summary>Whole micro-units in one minor unit: 10,000 for USD, 1,000,000 for JPY.</summary>
    public static long MicrosPerMinorUnit(Currency currency) => (long)(currency.MinorUnit * MicrosPerUnit);

    /// <summary>An amount already rounded to the minor unit, as a decimal string with the currency's digits: <c>0.03</c>.</summary>
    public static string Format(long minor, Currency currency) =>
        FromMinor(minor, currency).Amount.ToString("F" + currency.MinorUnitDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
