using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using ModelMint.Server.Caching;

namespace ModelMint.Server.Tests.Caching;

/// <summary>
/// The admission snapshot of a budget (a balance, a spend cap's room): reads the database at most once a second, stays
/// exact for this node's own commits, refuses only after a fresh read, and forgets what a commit proved too optimistic.
/// </summary>
public sealed class AdmissionCounterTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-01T10:00:00Z", CultureInfo.InvariantCulture));
    private readonly AdmissionCounter<string, long> counter;
    private long stored = 1_000;
    private int reads;

    public AdmissionCounterTests() => counter = new AdmissionCounter<string, long>(time);

    private Task<(long Room, long State)> ReadAsync(CancellationToken cancellationToken)
    {
        reads++;
        return Task.FromResult((stored, stored));
    }

    private async Task<AdmissionCounter<string, long>.Reservation?> ReserveAsync(long amount) =>
        (await counter.TryReserveAsync("wallet", amount, ReadAsync, CancellationToken.None)).Reservation;

    [Fact]
    public async Task Calls_within_a_second_read_the_database_once()
    {
        for (var i = 0; i < 5; i++)
        {
            using var reservation = await ReserveAsync(10);
            Assert.NotNull(reservation);
        }

        Assert.Equal(1, reads);
        time.Advance(AdmissionCounter<string, long>.MaxAge);
        using var later = await ReserveAsync(10);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task Committed_charges_shrink_the_snapshot_so_one_node_never_admits_past_the_budget()
    {
        for (var i = 0; i < 10; i++)
        {
            using var reservation = await ReserveAsync(100);
            Assert.NotNull(reservation);
            stored -= 100; // the conditional debit at commit
            reservation!.Committed();
        }

        Assert.Equal(1, reads);
        Assert.Null(await ReserveAsync(1));
    }

    [Fact]
    public async Task In_flight_reservations_count_against_the_room()
    {
        using var first = await ReserveAsync(600);
        Assert.NotNull(first);
        Assert.Equal(400, first!.Remaining);

        Assert.Null(await ReserveAsync(600));
        using var second = await ReserveAsync(400);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task A_stale_low_snapshot_reads_again_before_refusing()
    {
        using (var reservation = await ReserveAsync(1_000))
        {
            stored -= 1_000;
            reservation!.Committed();
        }

        stored += 500; // a top-up that this counter was not told about

        using var after = await ReserveAsync(500);
        Assert.NotNull(after);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task A_charge_refused_at_commit_drops_the_snapshot()
    {
        using (await ReserveAsync(1)) { }
        stored = 0; // spent through another node after the snapshot was read
        using (var reservation = await ReserveAsync(100))
        {
            Assert.NotNull(reservation);
            reservation!.Refused();
        }

        Assert.Null(await ReserveAsync(100));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task Forget_makes_the_next_call_read_again()
    {
        using (await ReserveAsync(1)) { }
        stored = 5;

        counter.Forget(key => key == "wallet");

        Assert.Null(await ReserveAsync(10));
        Assert.Equal(2, reads);
    }
}
