using ModelMint.Domain.Billing;
using static ModelMint.Domain.Tests.Billing.BillingTestData;

namespace ModelMint.Domain.Tests.Billing;

public class MoneyTests
{
    public static TheoryData<string, decimal, decimal> RoundingCases => new()
    {
        { "USD", 0.005m, 0.01m },
        { "USD", 0.0049999m, 0m },
        { "USD", -0.005m, -0.01m },
        { "USD", 1.005m, 1.01m },
        { "USD", 2.675m, 2.68m },
        { "USD", 0.015m, 0.02m },
        { "USD", 0.025m, 0.03m },
        { "USD", 12.344999m, 12.34m },
        { "USD", 12.345m, 12.35m },
        { "USD", 0m, 0m },
        { "USD", 79228162514264337593543950.335m, 79228162514264337593543950.34m },
        { "EUR", 0.125m, 0.13m },
        { "JPY", 0.5m, 1m },
        { "JPY", 1.5m, 2m },
        { "JPY", 2.5m, 3m },
        { "JPY", -2.5m, -3m },
        { "JPY", 1234.4999m, 1234m },
        { "JPY", 0.49m, 0m },
        { "BHD", 0.0005m, 0.001m },
        { "BHD", 1.2344m, 1.234m },
        { "KRW", 999.5m, 1000m },
    };

    [Theory]
    [MemberData(nameof(RoundingCases))]
    public void RoundToMinorUnit_Midpoints_RoundAwayFromZeroToTheCurrencysDigits(string code, decimal amount, decimal expected)
    {
        var rounded = new Money(amount, Currency.FromCode(code)).RoundToMinorUnit();

        Assert.Equal(expected, rounded.Amount);
        Assert.True(rounded.IsRoundedToMinorUnit);
    }

    [Theory]
    [InlineData("USD", 2)]
    [InlineData("usd", 2)]
    [InlineData("EUR", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("CNY", 2)]
    [InlineData("gbp", 2)]
    public void FromCode_KnownCurrency_HasItsIsoMinorUnit(string code, int digits)
    {
        var currency = Currency.FromCode(code);

        Assert.Equal(code.ToUpperInvariant(), currency.Code);
        Assert.Equal(digits, currency.MinorUnitDigits);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("US")]
    [InlineData("USDX")]
    [InlineData("U1D")]
    [InlineData("")]
    [InlineData("$$$")]
    public void FromCode_UnknownOrMalformed_IsRefusedWithAClearMessage(string code)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Currency.FromCode(code));

        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        Assert.False(Currency.TryFromCode(code, out _));
    }

    [Theory]
    [InlineData("XTS", 0)]
    [InlineData("xcr", 4)]
    [InlineData("ABC", 2)]
    public void Create_AnyThreeLetterCodeWithValidDigits_IsAccepted(string code, int digits)
    {
        var currency = Currency.Create(code, digits);

        Assert.Equal(code.ToUpperInvariant(), currency.Code);
        Assert.Equal(digits, currency.MinorUnitDigits);
    }

    [Theory]
    [InlineData("ABC", -1)]
    [InlineData("ABC", 5)]
    [InlineData("AB", 2)]
    [InlineData("A-C", 2)]
    public void Create_InvalidCodeOrDigits_IsRefused(string code, int digits)
    {
        Assert.ThrowsAny<ArgumentException>(() => Currency.Create(code, digits));
    }

    [Fact]
    public void Currencies_WithTheSameCodeAndDigits_AreEqual()
    {
        Assert.Equal(Currency.Usd, Currency.FromCode("usd"));
        Assert.Equal(Currency.Usd, Currency.Create("USD", 2));
        Assert.NotEqual(Currency.Usd, Currency.Create("USD", 3));
        Assert.Equal(Usd(1.0m), Usd(1.00m));
    }

    public static TheoryData<Func<Money, Money, object>> MixedOperations =>
    [
        (a, b) => a + b,
        (a, b) => a - b,
        (a, b) => a < b,
        (a, b) => a > b,
        (a, b) => a <= b,
        (a, b) => a >= b,
        (a, b) => a.CompareTo(b),
        (a, b) => Money.Min(a, b),
        (a, b) => Money.Max(a, b),
        (a, b) => Money.Sum([a, b], a.Currency),
    ];

    [Theory]
    [MemberData(nameof(MixedOperations))]
    public void Arithmetic_MixedCurrencies_IsRefused(Func<Money, Money, object> operation)
    {
        var error = Assert.Throws<CurrencyMismatchException>(() => operation(Usd(1m), new Money(1m, Currency.Eur)));

        Assert.Contains("EUR", error.Message, StringComparison.Ordinal);
        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arithmetic_SameCurrency_KeepsFullPrecision()
    {
        var a = Usd(0.0001m);
        var b = Usd(0.00025m);

        Assert.Equal(Usd(0.00035m), a + b);
        Assert.Equal(Usd(-0.00015m), a - b);
        Assert.Equal(Usd(-0.0001m), -a);
        Assert.Equal(Usd(0.0003m), a * 3m);
        Assert.Equal(Usd(0.0003m), 3m * a);
        Assert.True(a < b);
        Assert.Equal(b, Money.Max(a, b));
        Assert.Equal(a, Money.Min(a, b));
        Assert.Equal(Usd(0.00035m), Money.Sum([a, b], Currency.Usd));
    }

    [Theory]
    [InlineData("USD", "12.34", 1234L)]
    [InlineData("USD", "-0.01", -1L)]
    [InlineData("USD", "0", 0L)]
    [InlineData("JPY", "500", 500L)]
    [InlineData("BHD", "1.234", 1234L)]
    public void MinorUnits_RoundTrip(string code, string amount, long minorUnits)
    {
        var currency = Currency.FromCode(code);
        var money = new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency);

        Assert.Equal(minorUnits, money.ToMinorUnits());
        Assert.Equal(money, Money.FromMinorUnits(minorUnits, currency));
    }

    [Fact]
    public void ToMinorUnits_UnroundedAmount_IsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => Usd(0.003m).ToMinorUnits());
    }

    [Theory]
    [InlineData("USD", "12.3", "12.30 USD")]
    [InlineData("USD", "0.003", "0.003 USD")]
    [InlineData("USD", "-5", "-5.00 USD")]
    [InlineData("JPY", "5", "5 JPY")]
    [InlineData("JPY", "5.5", "5.5 JPY")]
    [InlineData("BHD", "1", "1.000 BHD")]
    public void ToString_ShowsAtLeastTheMinorUnitAndAnyExtraPrecision(string code, string amount, string expected)
    {
        var money = new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Currency.FromCode(code));

        Assert.Equal(expected, money.ToString());
    }

    [Fact]
    public void DefaultMoney_HasNoCurrency_AndRefusesArithmetic()
    {
        Money none = default;

        Assert.Throws<InvalidOperationException>(() => none + Usd(1m));
        Assert.Throws<InvalidOperationException>(() => none.RoundToMinorUnit());
        Assert.Equal("(no currency)", none.ToString());
    }
}
