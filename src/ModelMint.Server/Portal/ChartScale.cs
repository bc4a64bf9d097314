using MudBlazor;

namespace ModelMint.Server.Portal;

/// <summary>
/// Y-axis ticks that fit the data (MudBlazor's default interval is 20, which flattens small counts and amounts):
/// about five ticks at a 1, 2 or 5 × 10ⁿ step. The interval is a whole number, so amounts below one unit are read from
/// the table beside the chart.
/// </summary>
public static class ChartScale
{
    public static BarChartOptions Bar(IEnumerable<ChartSeries<double>> series) => new() { YAxisTicks = Step(series), YAxisFormat = "0.####" };

    /// <summary>Stacked bars: the ticks fit the tallest stack, not the tallest part.</summary>
    public static StackedBarChartOptions StackedBar(IReadOnlyList<ChartSeries<double>> series)
    {
        var days = series.Count == 0 ? 0 : series.Max(s => s.Data.Values.Count);
        var totals = Enumerable.Range(0, days).Select(i => series.Sum(s => i < s.Data.Values.Count ? s.Data.Values[i] : 0)).ToArray();
        return new() { YAxisTicks = Step([new ChartSeries<double> { Name = "total", Data = totals }]), YAxisFormat = "0.####" };
    }

    public static LineChartOptions Line(IEnumerable<ChartSeries<double>> series) => new() { YAxisTicks = Step(series), YAxisFormat = "0.####" };

    private static readonly double[] Factors = [1, 2, 5, 10];

    internal static int Step(IEnumerable<ChartSeries<double>> series)
    {
        var max = series.SelectMany(s => s.Data.Values).DefaultIfEmpty(0).Max();
        if (max <= 0)
        {
            return 1;
        }

        var rough = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return (int)Math.Max(1, Factors.Select(f => f * magnitude).First(s => s >= rough));
    }
}
