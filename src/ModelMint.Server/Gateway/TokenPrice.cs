using ModelMint.Data.Gateway;
using ModelMint.Domain.Billing;
using ModelMint.Server.Billing;

namespace ModelMint.Server.Gateway;

/// <summary>The meters of a gateway call.</summary>
public static class GatewayMeters
{
    public const string InputTokens = "input_tokens";
    public const string OutputTokens = "output_tokens";
}

/// <summary>
/// A gateway model's price: two commerce per-unit price models (<see cref="PerUnitPrice"/>), per million input and
/// per million output tokens. Each call's charge is each meter's quote rounded once to whole micro-units (half away
/// from zero), as the metering filter rounds other calls' charges.
/// </summary>
public sealed class TokenPrice
{
    public const decimal TokensPerBlock = 1_000_000m;
    private const decimal MicrosPerUnit = 1_000_000m;

    public TokenPrice(string currency, long inputMicrosPerMillion, long outputMicrosPerMillion)
    {
        Currency = currency;
        InputMicrosPerMillion = inputMicrosPerMillion;
        OutputMicrosPerMillion = outputMicrosPerMillion;
        var code = StoredMoney.CurrencyOf(currency);
        InputModel = new PerUnitPrice(StoredMoney.FromMicros(inputMicrosPerMillion, code), TokensPerBlock, GatewayMeters.InputTokens);
        OutputModel = new PerUnitPrice(StoredMoney.FromMicros(outputMicrosPerMillion, code), TokensPerBlock, GatewayMeters.OutputTokens);
    }

    public string Currency { get; }

    public long InputMicrosPerMillion { get; }

    public long OutputMicrosPerMillion { get; }

    public PerUnitPrice InputModel { get; }

    public PerUnitPrice OutputModel { get; }

    public static TokenPrice Of(GatewayModel model) => new(model.Currency, model.InputPriceMicrosPerMillion, model.OutputPriceMicrosPerMillion);

    public long InputMicros(long tokens) => ToMicros(InputModel.Price(tokens).Amount.Amount);

    public long OutputMicros(long tokens) => ToMicros(OutputModel.Price(tokens).Amount.Amount);

    public long ChargeMicros(long inputTokens, long outputTokens) => InputMicros(inputTokens) + OutputMicros(outputTokens);

    /// <summary>tokens × amount per million, in whole micro-units, rounded half away from zero: exact decimal arithmetic.</summary>
    public static long Micros(long tokens, long microsPerMillion) =>
        (long)decimal.Round(tokens * (decimal)microsPerMillion / TokensPerBlock, MidpointRounding.AwayFromZero);

    private static long ToMicros(decimal amount) => (long)decimal.Round(amount * MicrosPerUnit, MidpointRounding.AwayFromZero);
}
