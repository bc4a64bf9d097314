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
/// A gateway model's price: two commerce per-unit price models, per million input and per million output tokens.
/// Each call's charge is each meter's price rounded once to whole micro-units (half away from zero), as the
/// metering filter does for other calls.
/// </summary>
public sealed record TokenPrice(string Currency, long InputMicrosPerMillion, long OutputMicrosPerMillion)
{
    public const decimal TokensPerBlock = 1_000_000m;

    public static TokenPrice Of(GatewayModel model) => new(model.Currency, model.InputPriceMicrosPerMillion, model.OutputPriceMicrosPerMillion);

    public PerUnitPrice InputModel => new(StoredMoney.FromMicros(InputMicrosPerMillion, StoredMoney.CurrencyOf(Currency)), TokensPerBlock, GatewayMeters.InputTokens);

    public PerUnitPrice OutputModel => new(StoredMoney.FromMicros(OutputMicrosPerMillion, StoredMoney.CurrencyOf(Currency)), TokensPerBlock, GatewayMeters.OutputTokens);

    public long InputMicros(long tokens) => Micros(tokens, InputMicrosPerMillion);

    public long OutputMicros(long tokens) => Micros(tokens, OutputMicrosPerMillion);

    public long ChargeMicros(long inputTokens, long outputTokens) => InputMicros(inputTokens) + OutputMicros(outputTokens);

    /// <summary>tokens × price per million, in whole micro-units, rounded half away from zero: exact decimal arithmetic.</summary>
    public static long Micros(long tokens, long microsPerMillion) =>
        (long)decimal.Round(tokens * (decimal)microsPerMillion / TokensPerBlock, MidpointRounding.AwayFromZero);
}
