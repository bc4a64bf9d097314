using System.Globalization;

namespace ModelMint.Domain.Billing;

/// <summary>
/// A half-open span of time <c>[Start, End)</c> in UTC: an instant equal to <see cref="End"/> belongs to the next
/// period, so consecutive periods neither overlap nor leave gaps. Both ends are stored as UTC
/// (<see cref="DateTimeOffset.Offset"/> zero) whatever offset they were given in.
/// </summary>
public readonly record struct BillingPeriod
{
    /// <summary>The period <c>[start, end)</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="end"/> is not after <paramref name="start"/>.</exception>
    public BillingPeriod(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new ArgumentException(
                $"A billing period ends after it starts; got [{Iso(start)}, {Iso(end)}).", nameof(end));
        }

        Start = start.ToUniversalTime();
        End = end.ToUniversalTime();
    }

    /// <summary>The first instant inside the period (UTC).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The first instant after the period (UTC), excluded from it.</summary>
    public DateTimeOffset End { get; }

    /// <summary>How long the period lasts: 28, 29, 30 or 31 days for a calendar month.</summary>
    public TimeSpan Duration => End - Start;

    /// <summary>The calendar month <paramref name="month"/> of <paramref name="year"/> in UTC.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The month or year is out of range.</exception>
    public static BillingPeriod Month(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);
        var start = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        return new BillingPeriod(start, start.AddMonths(1));
    }

    /// <summary>The UTC calendar month that contains <paramref name="at"/>.</summary>
    public static BillingPeriod MonthContaining(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return Month(utc.Year, utc.Month);
    }

    /// <summary>Whether <paramref name="at"/> is inside <c>[Start, End)</c>.</summary>
    public bool Contains(DateTimeOffset at) => at >= Start && at < End;

    /// <summary>
    /// The share of the period still to come at <paramref name="at"/>: <c>(End − at) / (End − Start)</c>, measured
    /// in elapsed time (exact to the 100 ns tick), not in calendar days. 1 at <see cref="Start"/>, 0 at
    /// <see cref="End"/>; noon on the 16th of a 30-day month leaves 14.5 / 30. Used for proration: a plan that
    /// holds for this fraction of the period costs this fraction of its fee. Full <see cref="decimal"/> precision;
    /// rounding happens on the invoice line.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is outside <c>[Start, End]</c>.</exception>
    public decimal FractionRemaining(DateTimeOffset at)
    {
        if (at < Start || at > End)
        {
            throw new ArgumentOutOfRangeException(
                nameof(at), Iso(at), $"The instant is outside the billing period {this}.");
        }

        return (decimal)(End - at).Ticks / Duration.Ticks;
    }

    /// <summary>The share of the period already past at <paramref name="at"/>: <c>1 − FractionRemaining(at)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is outside <c>[Start, End]</c>.</exception>
    public decimal FractionElapsed(DateTimeOffset at) => 1m - FractionRemaining(at);

    /// <summary>The period in interval notation, e.g. <c>[2025-03-01T00:00:00Z, 2025-04-01T00:00:00Z)</c>.</summary>
    public override string ToString() => $"[{Iso(Start)}, {Iso(End)})";

    private static string Iso(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
