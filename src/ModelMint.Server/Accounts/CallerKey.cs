using System.Net;
using System.Text.Json;

namespace ModelMint.Server.Accounts;

/// <summary>
/// The restrictions of the key that authenticated the request, loaded once by authentication and read by the
/// metering filter: which models it may call, from where, and its own rate limits (the gateway's tokens per minute too).
/// </summary>
public sealed record CallerKey(
    Guid KeyId,
    Guid AccountId,
    IReadOnlySet<string>? AllowedModels,
    IReadOnlyList<IPNetwork>? AllowedNetworks,
    int? RequestsPerMinute,
    long? UnitsPerMinute,
    long? TokensPerMinute = null)
{
    public static CallerKey From(Guid keyId, Guid accountId, string? modelsJson, string? cidrsJson, int? requestsPerMinute, long? unitsPerMinute, long? tokensPerMinute = null) => new(
        keyId,
        accountId,
        modelsJson is null ? null : JsonSerializer.Deserialize<string[]>(modelsJson)!.ToHashSet(StringComparer.Ordinal),
        cidrsJson is null ? null : JsonSerializer.Deserialize<string[]>(cidrsJson)!.Select(IPNetwork.Parse).ToList(),
        requestsPerMinute,
        unitsPerMinute,
        tokensPerMinute);

    public bool AllowsModel(string model) => AllowedModels is null || AllowedModels.Contains(model);

    public bool AllowsAddress(IPAddress? address)
    {
        if (AllowedNetworks is null)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        var candidates = address.IsIPv4MappedToIPv6 ? new[] { address, address.MapToIPv4() } : [address];
        return candidates.Any(a => AllowedNetworks.Any(n => n.Contains(a)));
    }
}
