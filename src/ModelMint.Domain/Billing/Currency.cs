using System.Collections.Frozen;

namespace ModelMint.Domain.Billing;

/// <summary>
/// An ISO 4217 currency: a three-letter code and the number of digits of its minor unit (USD 2, JPY 0, BHD 3).
/// Amounts are rounded to the minor unit only once, on an invoice line (<see cref="Round"/>).
/// </summary>
public sealed record Currency
{
    /// <summary>The most minor-unit digits ISO 4217 uses (CLF, UYW).</summary>
    public const int MaxMinorUnitDigits = 4;

    private static readonly FrozenDictionary<string, int> Known = new Dictionary<string, int>
    {
        ["AUD"] = 2,
        ["BHD"] = 3,
        ["BRL"] = 2,
        ["CAD"] = 2,
        ["CHF"] = 2,
        ["CNY"] = 2,
        ["DKK"] = 2,
        ["EUR"] = 2,
        ["GBP"] = 2,
        ["HKD"] = 2,
        ["INR"] = 2,
        ["JOD"] = 3,
        ["JPY"] = 0,
        ["KRW"] = 0,
        ["KWD"] = 3,
        ["MXN"] = 2,
        ["NOK"] = 2,
        ["NZD"] = 2,
        ["SEK"] = 2,
        ["SGD"] = 2,
        ["TWD"] = 2,
        ["USD"] = 2,
        ["ZAR"] = 2,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private Currency(string code, int minorUnitDigits)
    {
        Code = code;
        MinorUnitDigits = minorUnitDigits;
        MinorUnit = minorUnitDigits == 0 ? 1m : 1m / Pow10(minorUnitDigits);
    }

    /// <summary>US dollar (2 digits).</summary>
    public static Currency Usd { get; } = new("USD", 2);

    /// <summary>Euro (2 digits).</summary>
    public static Currency Eur { get; } = new("EUR", 2);

    /// <summary>Japanese yen (no minor unit).</summary>
    public static Currency Jpy { get; } = new("JPY", 0);

    /// <summary>Chinese yuan renminbi (2 digits).</summary>
    public static Currency Cny { get; } = new("CNY", 2);

    /// <summary>The upper-case three-letter ISO 4217 code.</summary>
    public string Code { get; }

    /// <summary>How many decimal digits the minor unit has (0 to <see cref="MaxMinorUnitDigits"/>).</summary>
    public int MinorUnitDigits { get; }

    /// <summary>The smallest amount an invoice can state: 0.01 for USD, 1 for JPY.</summary>
    public decimal MinorUnit { get; }

    /// <summary>A currency with an explicit minor unit, for codes this type does not know.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not three ASCII letters.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minorUnitDigits"/> is outside 0 to 4.</exception>
    public static Currency Create(string code, int minorUnitDigits)
    {
        var normalized = NormalizeCode(code);
        ArgumentOutOfRangeException.ThrowIfNegative(minorUnitDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minorUnitDigits, MaxMinorUnitDigits);
        return new Currency(normalized, minorUnitDigits);
    }

    /// <summary>A currency this type knows by its code (case-insensitive), with its ISO minor unit.</summary>
    /// <exception cref="ArgumentException">The code is malformed or unknown; use <see cref="Create"/> for others.</exception>
    public static Currency FromCode(string code)
    {
        var normalized = NormalizeCode(code);
        return TryFromCode(normalized, out var currency)
            ? currency
            : throw new ArgumentException(
                $"Unknown currency '{normalized}'. Use one of {string.Join(", ", Known.Keys.Order(StringComparer.Ordinal))}, " +
                "or Currency.Create(code, minorUnitDigits).",
                nameof(code));
    }

    /// <summary>Looks up a known currency by code (case-insensitive). Never throws.</summary>
    public static bool TryFromCode(string? code, out Currency currency)
    {
        currency = null!;
        if (code is null || code.Length != 3 || !code.All(char.IsAsciiLetter))
        {
            return false;
        }

        var upper = code.ToUpperInvariant();
        if (!Known.TryGetValue(upper, out var digits))
        {
            return false;
        }

        currency = upper switch
        {
            "USD" => Usd,
            "EUR" => Eur,
            "JPY" => Jpy,
            "CNY" => Cny,
            _ => new Currency(upper, digits),
        };
        return true;
    }

    /// <summary>
    /// Rounds <paramref name="amount"/> to this currency's minor unit, halves away from zero
    /// (0.005 USD → 0.01, −0.005 USD → −0.01, 0.5 JPY → 1).
    /// </summary>
    public decimal Round(decimal amount) => Math.Round(amount, MinorUnitDigits, MidpointRounding.AwayFromZero);

    /// <summary>Whether <paramref name="amount"/> has no digits beyond the minor unit.</summary>
    public bool IsWholeMinorUnits(decimal amount) => Round(amount) == amount;

    /// <inheritdoc />
    public override string ToString() => Code;

    private static string NormalizeCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 3 || !code.All(char.IsAsciiLetter))
        {
            throw new ArgumentException(
                $"A currency code is three letters (ISO 4217, e.g. USD); got '{code}'.", nameof(code));
        }

        return code.ToUpperInvariant();
    }

    private static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < digits; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
