using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;

namespace ModelMint.Server.Gateway;

/// <summary>
/// Counts each channel's consecutive failures on this node. At <see cref="GatewayOptions.FailureThreshold"/> the
/// channel is disabled in the database (<c>AutoDisabledAt</c>), leaves the routing snapshot, and waits for
/// <see cref="ChannelProbe"/> to re-test it. One success resets the count.
/// </summary>
public sealed class ChannelHealth(IServiceScopeFactory scopes, GatewayCatalog catalog, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ChannelHealth> logger)
{
    private readonly ConcurrentDictionary<Guid, int> failures = new();

    public void RecordSuccess(Guid channelId)
    {
        // Read first: the common case (no failures) writes nothing, so healthy traffic does not contend here.
        if (failures.TryGetValue(channelId, out var count) && count != 0)
        {
            failures[channelId] = 0;
        }
    }

    public async Task RecordFailureAsync(RoutedChannel channel, string reason)
    {
        var count = failures.AddOrUpdate(channel.Id, 1, (_, c) => c + 1);
        logger.LogWarning("Gateway channel {Channel} failed ({Count} in a row): {Reason}", channel.Name, count, reason);
        if (count != options.Value.FailureThreshold)
        {
            return;
        }

        var now = time.GetUtcNow();
        var message = $"Disabled after {count} consecutive failures; last: {reason}";
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        await db.GatewayChannels.Where(c => c.Id == channel.Id && c.AutoDisabledAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AutoDisabledAt, now).SetProperty(c => c.LastError, Truncate(message)).SetProperty(c => c.UpdatedAt, now));
        catalog.Invalidate();
        logger.LogError("Gateway channel {Channel} disabled: {Message}", channel.Name, message);
    }

    public void Reset(Guid channelId) => failures.TryRemove(channelId, out _);

    public int FailuresOf(Guid channelId) => failures.GetValueOrDefault(channelId);

    internal static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];
}

/// <summary>Picks the order in which a call tries a model's channels: highest priority first, by weight within a priority.</summary>
public static class ChannelRouter
{
    /// <summary>The next channel to try, skipping those already tried; null when none is left.</summary>
    public static RoutedChannel? Next(IReadOnlyList<RoutedChannel> channels, IReadOnlyCollection<Guid> tried)
    {
        int? priority = null;
        long totalWeight = 0;
        foreach (var c in channels)
        {
            if (tried.Contains(c.Id) || (priority is { } p && c.Priority != p))
            {
                continue;
            }

            priority = c.Priority;
            totalWeight += c.Weight;
        }

        if (priority is null)
        {
            return null;
        }

        var pick = Random.Shared.NextInt64(totalWeight);
        RoutedChannel? last = null;
        foreach (var c in channels)
        {
            if (c.Priority != priority || tried.Contains(c.Id))
            {
                continue;
            }

            last = c;
            pick -= c.Weight;
            if (pick < 0)
            {
                return c;
            }
        }

        return last;
    }
}
