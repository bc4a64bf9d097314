using System.Globalization;

namespace ModelMint.Domain.Billing;

/// <summary>How billing writes numbers into descriptions and snapshots: invariant culture, no trailing zeros.</summary>
internal static class BillingFormat
{
    /// <summary>A quantity or price for people: <c>1,500</c>, <c>0.002</c>.</summary>
    public static string Number(decimal value) =>
        value.ToString("#,0.############################", CultureInfo.InvariantCulture);

    /// <summary>An amount in a currency: at least the minor-unit digits, more when it carries more precision.</summary>
    public static string Amount(decimal value, Currency currency)
    {
        var format = currency.MinorUnitDigits == 0
            ? "0.############################"
            : "0." + new string('0', currency.MinorUnitDigits) + new string('#', 28 - currency.MinorUnitDigits);
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + currency.Code;
    }

    /// <summary>A price per unit in a currency: <c>0.002 USD</c>.</summary>
    public static string Price(decimal value, Currency currency) => Number(value) + " " + currency.Code;
}
