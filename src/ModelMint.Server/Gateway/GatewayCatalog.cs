using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Gateway;
using ModelMint.Server.Caching;

namespace ModelMint.Server.Gateway;

/// <summary>A gateway model name and what the channel's upstream calls it.</summary>
public sealed record ChannelModel(string Name, string Upstream);

/// <summary>A channel as the hot path uses it: its key already unprotected, its model names already mapped.</summary>
public sealed record RoutedChannel(
    Guid Id, string Name, Uri BaseUrl, string ApiKey, int Priority, int Weight,
    IReadOnlyDictionary<string, string> UpstreamNames, string CostCurrency, long InputCostMicrosPerMillion, long OutputCostMicrosPerMillion)
{
    /// <summary><paramref name="path"/> under the channel's base URL (which may itself end in a path such as <c>/v1</c>).</summary>
    public Uri Endpoint(string path) => new(BaseUrl, path);

    public long CostMicros(long inputTokens, long outputTokens) =>
        TokenPrice.Micros(inputTokens, InputCostMicrosPerMillion) + TokenPrice.Micros(outputTokens, OutputCostMicrosPerMillion);
}

/// <summary>A model the gateway sells, with its price and the healthy channels that serve it, highest priority first.</summary>
public sealed record SoldModel(Guid Id, string Name, string Kind, Guid ProviderAccountId, bool Published, TokenPrice Price, IReadOnlyList<RoutedChannel> Channels, DateTimeOffset CreatedAt);

/// <summary>Everything the hot path needs about models and channels, immutable.</summary>
public sealed record GatewaySnapshot(IReadOnlyDictionary<string, SoldModel> Models);

/// <summary>
/// The gateway's models and channels held in memory as one immutable snapshot, so a proxied call reads no table.
/// Every change through the operator endpoints or the health checks calls <see cref="Invalidate"/> after its commit;
/// the snapshot also expires after <see cref="HotPathCache.TimeToLive"/>, so nodes that share a database see each
/// other's changes within that time.
/// </summary>
public sealed class GatewayCatalog(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider time) : IDisposable
{
    private readonly IDataProtector protector = protection.CreateProtector(ChannelKeys.Purpose);
    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Loaded? current;
    private long generation;

    public async ValueTask<GatewaySnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var loaded = current;
        if (loaded is not null && loaded.Until > time.GetUtcNow())
        {
            return loaded.Snapshot;
        }

        await loading.WaitAsync(cancellationToken);
        try
        {
            loaded = current;
            if (loaded is not null && loaded.Until > time.GetUtcNow())
            {
                return loaded.Snapshot;
            }

            var readGeneration = Interlocked.Read(ref generation);
            var snapshot = await LoadAsync(cancellationToken);
            // An invalidation while loading means the rows read may be stale: serve them once, do not keep them.
            if (Interlocked.Read(ref generation) == readGeneration)
            {
                current = new Loaded(snapshot, time.GetUtcNow() + HotPathCache.TimeToLive);
            }

            return snapshot;
        }
        finally
        {
            loading.Release();
        }
    }

    public void Dispose() => loading.Dispose();

    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        current = null;
    }

    private async Task<GatewaySnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var models = await db.GatewayModels.AsNoTracking().ToListAsync(cancellationToken);
        var channels = (await db.GatewayChannels.AsNoTracking().Where(c => c.Enabled && c.AutoDisabledAt == null).ToListAsync(cancellationToken))
            .Select(ToRouted)
            .OrderByDescending(c => c.Priority).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        return new GatewaySnapshot(models.ToDictionary(
            m => m.Name,
            m => new SoldModel(m.Id, m.Name, m.Kind, m.ProviderAccountId, m.Published, TokenPrice.Of(m),
                channels.Where(c => c.UpstreamNames.ContainsKey(m.Name)).ToList(), m.CreatedAt),
            StringComparer.Ordinal));
    }

    private RoutedChannel ToRouted(GatewayChannel c) => new(
        c.Id, c.Name, ChannelKeys.BaseUri(c.BaseUrl), protector.Unprotect(c.ProtectedApiKey), c.Priority, c.Weight,
        ChannelKeys.ReadModels(c.ModelsJson).ToDictionary(m => m.Name, m => m.Upstream, StringComparer.Ordinal),
        c.CostCurrency, c.InputCostMicrosPerMillion, c.OutputCostMicrosPerMillion);

    private sealed record Loaded(GatewaySnapshot Snapshot, DateTimeOffset Until);
}

/// <summary>How channel keys and model lists are stored.</summary>
public static class ChannelKeys
{
    public const string Purpose = "ModelMint.Gateway.ChannelApiKey.v1";

    public static IReadOnlyList<ChannelModel> ReadModels(string json) =>
        JsonSerializer.Deserialize<ChannelModel[]>(json, JsonSerializerOptions.Web) ?? [];

    public static string WriteModels(IEnumerable<ChannelModel> models) => JsonSerializer.Serialize(models, JsonSerializerOptions.Web);

    /// <summary>The base URL with a trailing slash, so relative paths append to it rather than replace its last segment.</summary>
    public static Uri BaseUri(string baseUrl) => new(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute);
}
