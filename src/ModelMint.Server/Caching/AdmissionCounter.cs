using System.Collections.Concurrent;

namespace ModelMint.Server.Caching;

/// <summary>
/// Admission against a budget that lives in the database — a prepaid balance, what a monthly spend cap still allows —
/// without reading it on every call. Per key it keeps a snapshot of the budget's <em>room</em>, read at most
/// <see cref="MaxAge"/> ago, and the amounts that calls in flight on this node have reserved. A call is admitted when
/// room minus reserved covers it.
/// </summary>
/// <remarks>
/// The snapshot is advisory; the database decides. Each charge is taken at commit by a conditional update (balance or
/// counter still covers it), so a stale snapshot can never overspend. It can only be wrong in two ways, both handled:
/// too low (a top-up elsewhere) — a call is refused only after a fresh read; too high (spent through another node) — the
/// call is refused at commit, and <see cref="Reservation.Dispose"/> with <see cref="Reservation.Refused"/> drops the
/// snapshot so the next call reads again. What this node commits is subtracted from the snapshot
/// (<see cref="Reservation.Committed"/>), so on one node the room stays exact between reads. Changes made through the
/// API (credits, redemptions, refunds, caps) call <see cref="Forget"/> after their commit, through
/// <see cref="ICacheInvalidation"/>.
/// </remarks>
public sealed class AdmissionCounter<TKey, TState>(TimeProvider time) where TKey : notnull
{
    /// <summary>How long a snapshot is used before the database is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<TKey, Snapshot> snapshots = new();
    private readonly ConcurrentDictionary<TKey, long> reserved = new();
    private long generation;

    /// <summary>Reads the room (and whatever a refusal needs to explain itself) from the database.</summary>
    public delegate Task<(long Room, TState State)> Reader(CancellationToken cancellationToken);

    /// <summary>
    /// Reserves <paramref name="amount"/> against <paramref name="key"/>'s room. A refusal (null reservation) always
    /// comes from a fresh read, whose state is returned with it.
    /// </summary>
    public async Task<(Reservation? Reservation, TState State)> TryReserveAsync(TKey key, long amount, Reader read, CancellationToken cancellationToken)
    {
        var fresh = false;
        if (!snapshots.TryGetValue(key, out var snapshot) || time.GetElapsedTime(snapshot.ReadAt) >= MaxAge)
        {
            snapshot = await ReadAsync(key, read, cancellationToken);
            fresh = true;
        }

        while (true)
        {
            var current = reserved.GetOrAdd(key, 0);
            var room = Volatile.Read(ref snapshot.Room);
            if (room - current < amount)
            {
                if (fresh)
                {
                    return (null, snapshot.State);
                }

                snapshot = await ReadAsync(key, read, cancellationToken);
                fresh = true;
                continue;
            }

            if (reserved.TryUpdate(key, current + amount, current))
            {
                return (new Reservation(this, key, amount, room - current - amount), snapshot.State);
            }
        }
    }

    /// <summary>Drops the snapshots of matching keys; the next call reads the database.</summary>
    public void Forget(Func<TKey, bool> match)
    {
        Interlocked.Increment(ref generation);
        foreach (var key in snapshots.Keys)
        {
            if (match(key))
            {
                snapshots.TryRemove(key, out _);
            }
        }
    }

    public int Count => snapshots.Count;

    private async Task<Snapshot> ReadAsync(TKey key, Reader read, CancellationToken cancellationToken)
    {
        var readGeneration = Interlocked.Read(ref generation);
        var (room, state) = await read(cancellationToken);
        var snapshot = new Snapshot(room, time.GetTimestamp(), state);
        if (snapshots.Count >= HotPathCache.MaxEntries)
        {
            snapshots.Clear();
        }

        snapshots[key] = snapshot;
        // A change committed (and forgotten) while this read ran may not be in it: use it for this call only.
        if (Interlocked.Read(ref generation) != readGeneration)
        {
            snapshots.TryRemove(new KeyValuePair<TKey, Snapshot>(key, snapshot));
        }

        return snapshot;
    }

    private void Release(TKey key, long amount, bool committed, bool refused)
    {
        // Spend the snapshot's room before giving the reservation back, so no admission sees both at once.
        if (committed && snapshots.TryGetValue(key, out var snapshot))
        {
            Interlocked.Add(ref snapshot.Room, -amount);
        }
        else if (refused)
        {
            snapshots.TryRemove(key, out _);
        }

        reserved.AddOrUpdate(key, 0, (_, v) => v - amount);
    }

    private sealed class Snapshot(long room, long readAt, TState state)
    {
        public long Room = room;

        public long ReadAt { get; } = readAt;

        public TState State { get; } = state;
    }

    /// <summary>An in-memory hold on part of the room, given back when the call has been recorded or refused.</summary>
    public sealed class Reservation(AdmissionCounter<TKey, TState> owner, TKey key, long amount, long remaining) : IAdmissionReservation
    {
        private int released;
        private int outcome;

        public long Amount => amount;

        /// <summary>The room left after this and the other calls in flight on this node, as of the snapshot.</summary>
        public long Remaining => remaining;

        /// <summary>The charge was taken in the database; the snapshot's room shrinks by it on release.</summary>
        public void Committed() => Interlocked.CompareExchange(ref outcome, 1, 0);

        /// <summary>The database refused the charge: the snapshot was too optimistic and is dropped on release.</summary>
        public void Refused() => Interlocked.CompareExchange(ref outcome, 2, 0);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                var state = Volatile.Read(ref outcome);
                owner.Release(key, amount, state == 1, state == 2);
            }
        }
    }
}

/// <summary>A hold on an <see cref="AdmissionCounter{TKey,TState}"/>, told what the commit did with its charge.</summary>
public interface IAdmissionReservation : IDisposable
{
    /// <summary>The charge was taken in the database.</summary>
    void Committed();

    /// <summary>The database refused the charge.</summary>
    void Refused();
}
