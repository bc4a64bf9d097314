using System.Text.Json.Serialization;

namespace ModelMint.Client;

/// <summary>An amount of money in one currency, exact (it travels as a decimal string).</summary>
/// <param name="Currency">The ISO 4217 currency code.</param>
/// <param name="Amount">The amount.</param>
public sealed record Balance(
    string Currency,
    [property: JsonConverter(typeof(DecimalStringJsonConverter))] decimal Amount);

/// <summary>The prepaid balances of the key's organisation, one per currency.</summary>
/// <param name="AccountId">The organisation's account id.</param>
/// <param name="Balances">One balance per currency held; empty before anything was credited.</param>
public sealed record AccountBalance(Guid AccountId, IReadOnlyList<Balance> Balances);

/// <summary>The result of redeeming a prepaid-credit code.</summary>
/// <param name="Currency">The currency the code credited.</param>
/// <param name="Amount">The amount it credited.</param>
/// <param name="Balances">The organisation's balances afterwards.</param>
public sealed record Redemption(
    string Currency,
    [property: JsonConverter(typeof(DecimalStringJsonConverter))] decimal Amount,
    IReadOnlyList<Balance> Balances);
