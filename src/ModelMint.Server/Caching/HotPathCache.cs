using System.Collections.Concurrent;
using ModelMint.Data.Models;
using ModelMint.Server.Accounts;
using ModelMint.Server.Billing;
using ModelMint.Server.Marketplace;

namespace ModelMint.Server.Caching;

/// <summary>
/// Tells the hot-path caches that rows they may hold have changed. Called by every code path that changes an API key's
/// revocation, a model's versions or aliases, or what a model name resolves to (own model, listing, price), always
/// <em>after</em> the change is committed. <see cref="HotPathCache"/> applies them in-process (one node);
/// <c>ScaleOut.RedisCacheInvalidation</c> also publishes them to every other node over Redis pub/sub.
/// </summary>
public interface ICacheInvalidation
{
    /// <summary>One API key (program key or session) was revoked.</summary>
    void ApiKeyRevoked(Guid keyId);

    /// <summary>Every session of a user in an organisation was revoked (the member was removed).</summary>
    void SessionsRevoked(Guid accountId, Guid userId);

    /// <summary>What a model name resolves to may have changed: a first version (a new own model), or a listing
    /// published, unpublished or repriced.</summary>
    void ModelNameChanged(string modelName);

    /// <summary>A model's versions, aliases or routing changed.</summary>
    void ModelVersionsChanged(Guid modelId);

    /// <summary>An organisation subscribed to, changed or cancelled its plan.</summary>
    void PlanChanged(Guid accountId);

    /// <summary>Money was added to an organisation's wallet other than by a metered call (a credit, a redemption, a refund).</summary>
    void BalanceChanged(Guid accountId);

    /// <summary>An organisation's spend cap was set, changed or removed.</summary>
    void SpendCapChanged(Guid accountId);
}

/// <summary>An API key as authentication needs it: the row's state, its owner's role and its parsed restrictions.</summary>
public sealed class CachedApiKey(Guid id, Guid accountId, Guid? userId, DateTimeOffset? expiresAt, DateTimeOffset? revokedAt, DateTimeOffset? lastUsedAt, string accountRole, CallerKey callerKey)
{
    private long lastUsedTicks = lastUsedAt?.UtcTicks ?? 0;

    public Guid Id { get; } = id;
    public Guid AccountId { get; } = accountId;
    public Guid? UserId { get; } = userId;
    public DateTimeOffset? ExpiresAt { get; } = expiresAt;
    public DateTimeOffset? RevokedAt { get; } = revokedAt;
    public string AccountRole { get; } = accountRole;
    public CallerKey CallerKey { get; } = callerKey;

    /// <summary>
    /// True for exactly one caller per <paramref name="granularity"/> on this node: that caller writes LastUsedAt.
    /// </summary>
    public bool TryClaimLastUsedWrite(DateTimeOffset now, TimeSpan granularity)
    {
        var seen = Interlocked.Read(ref lastUsedTicks);
        return (seen == 0 || now.UtcTicks - seen >= granularity.Ticks)
            && Interlocked.CompareExchange(ref lastUsedTicks, now.UtcTicks, seen) == seen;
    }
}

/// <summary>Which version of a model a request asks for: a number or an alias.</summary>
public readonly record struct VersionKey(Guid ModelId, int? Number, string? Alias);

/// <summary>
/// In-process caches for the metered hot path: key hash → key, (caller, model name) → callable model and price, and
/// (model, version or alias) → version row. Plain <see cref="ConcurrentDictionary{TKey,TValue}"/>s rather than
/// <c>IMemoryCache</c>, because invalidation needs to remove entries by predicate (every key of a user, every
/// caller's entry for a name), which <c>IMemoryCache</c> cannot enumerate. Entries expire after a short absolute
/// <see cref="TimeToLive"/> as a safety net; correctness comes from explicit invalidation
/// (<see cref="ICacheInvalidation"/>). Lookups that find nothing are not cached, so a new key, model or version
/// is seen at once.
/// </summary>
public sealed class HotPathCache : ICacheInvalidation
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    /// <summary>Each cache is cleared rather than grown past this many entries.</summary>
    public const int MaxEntries = 50_000;

    private readonly Gate gate = new();

    public HotPathCache(TimeProvider time)
    {
        Keys = new(time, gate);
        Callables = new(time, gate);
        Versions = new(time, gate);
        Routes = new(time, gate);
        Plans = new(time, gate);
        Balances = new(time);
        SpendCaps = new(time);
    }

    public Store<string, CachedApiKey> Keys { get; }

    public Store<(Guid AccountId, string Name), CallableModel> Callables { get; }

    public Store<VersionKey, ModelVersion> Versions { get; }

    /// <summary>Model → its canary and shadow routing (or none, which is cached too: most models have none).</summary>
    public Store<Guid, Models.ModelRouting> Routes { get; }

    /// <summary>
    /// Stops caching and drops everything: while this node cannot hear other nodes' invalidations (Redis is
    /// unreachable), every lookup goes to the database, so a key revoked elsewhere is refused at once.
    /// </summary>
    public void Suspend()
    {
        gate.Open = false;
        ClearAll();
    }

    /// <summary>Caches again, starting empty (invalidations may have been missed while suspended).</summary>
    public void Resume()
    {
        ClearAll();
        gate.Open = true;
    }

    public bool Suspended => !gate.Open;

    private void ClearAll()
    {
        Keys.Clear();
        Callables.Clear();
        Versions.Clear();
        Routes.Clear();
        Plans.Clear();
        Balances.Forget(_ => true);
        SpendCaps.Forget(_ => true);
    }

    /// <summary>Whether the caches may serve and keep entries.</summary>
    public sealed class Gate
    {
        private volatile bool open = true;

        public bool Open
        {
            get => open;
            set => open = value;
        }
    }

    /// <summary>Organisation → its current plan's limits and quotas (or none), for every metered call.</summary>
    public Store<Guid, AccountPlan> Plans { get; }

    /// <summary>Prepaid balances for admission: (organisation, currency) → the stored balance (<see cref="Billing.WalletService"/>).</summary>
    public AdmissionCounter<(Guid AccountId, string Currency), long> Balances { get; }

    /// <summary>Spend caps for admission: (organisation, currency, month) → what the cap still allows (<see cref="Billing.SpendCapService"/>).</summary>
    public AdmissionCounter<(Guid AccountId, string Currency, string Month), Billing.SpendCapState?> SpendCaps { get; }

    public void ApiKeyRevoked(Guid keyId) => Keys.Invalidate((_, k) => k.Id == keyId);

    public void SessionsRevoked(Guid accountId, Guid userId) => Keys.Invalidate((_, k) => k.AccountId == accountId && k.UserId == userId);

    public void ModelNameChanged(string modelName) => Callables.Invalidate((key, _) => key.Name == modelName);

    public void ModelVersionsChanged(Guid modelId)
    {
        Versions.Invalidate((key, _) => key.ModelId == modelId);
        Routes.Invalidate((key, _) => key == modelId);
    }

    public void PlanChanged(Guid accountId) => Plans.Invalidate((key, _) => key == accountId);

    public void BalanceChanged(Guid accountId) => Balances.Forget(key => key.AccountId == accountId);

    public void SpendCapChanged(Guid accountId) => SpendCaps.Forget(key => key.AccountId == accountId);

    /// <summary>
    /// One cache. A reader takes <see cref="Generation"/> before it reads the database and passes it to
    /// <see cref="Set"/>: if an invalidation ran in between, the possibly stale value is dropped again, so a value
    /// read before a committed change can never outlive the invalidation of that change.
    /// </summary>
    public sealed class Store<TKey, TValue>(TimeProvider time, Gate? gate = null) where TKey : notnull where TValue : class
    {
        private readonly Gate gate = gate ?? new Gate();
        private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Until)> entries = new();
        private long generation;

        public long Generation => Interlocked.Read(ref generation);

        public int Count => entries.Count;

        public bool TryGet(TKey key, out TValue value)
        {
            if (gate.Open && entries.TryGetValue(key, out var entry))
            {
                if (entry.Until > time.GetUtcNow())
                {
                    value = entry.Value;
                    return true;
                }

                entries.TryRemove(new KeyValuePair<TKey, (TValue, DateTimeOffset)>(key, entry));
            }

            value = null!;
            return false;
        }

        public void Set(TKey key, TValue value, long readGeneration)
        {
            if (!gate.Open)
            {
                return;
            }

            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }

            var entry = (value, time.GetUtcNow() + TimeToLive);
            entries[key] = entry;
            if (Generation != readGeneration)
            {
                entries.TryRemove(new KeyValuePair<TKey, (TValue, DateTimeOffset)>(key, entry));
            }
        }

        public void Invalidate(Func<TKey, TValue, bool> match)
        {
            Interlocked.Increment(ref generation);
            foreach (var (key, entry) in entries)
            {
                if (match(key, entry.Value))
                {
                    entries.TryRemove(new KeyValuePair<TKey, (TValue, DateTimeOffset)>(key, entry));
                }
            }
        }

        public void Clear()
        {
            Interlocked.Increment(ref generation);
            entries.Clear();
        }
    }
}
