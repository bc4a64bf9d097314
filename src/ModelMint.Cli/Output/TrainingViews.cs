using System.Globalization;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ModelMint.Cli.Output;

/// <summary>How a training job looks while it runs: a progress line and its curve.</summary>
internal static class TrainingViews
{
    // The live view keeps to a few rows so it never scrolls the terminal, which would break its redrawing.
    public const int LiveCurveRows = 8;

    private const int BarWidth = 40;

    /// <summary>The frame of the interactive display: progress bar above the latest curve points.</summary>
    public static IRenderable Live(string model, TrainingCurve curve, TimeSpan elapsed) => new Rows(
        ProgressLine(model, curve.Status, curve.Progress, elapsed),
        (IRenderable?)Curve(curve.Points, LiveCurveRows) ?? new Markup("[grey]no curve points yet[/]"));

    public static Markup ProgressLine(string model, TrainingJobStatus status, double progress, TimeSpan elapsed)
    {
        var fraction = status == TrainingJobStatus.Succeeded ? 1 : Math.Clamp(progress, 0, 1);
        var filled = (int)Math.Round(fraction * BarWidth);
        var colour = status switch
        {
            TrainingJobStatus.Failed => "red",
            TrainingJobStatus.Cancelled => "yellow",
            _ => "green",
        };
        return new Markup(
            $"{Markup.Escape(model)} {Views.Status(status)}  [{colour}]{new string('━', filled)}[/][grey]{new string('━', BarWidth - filled)}[/]  "
            + $"{Percent(fraction)}  [grey]{elapsed:h\\:mm\\:ss}[/]");
    }

    /// <summary>The curve as a table, the last <paramref name="lastRows"/> points only when given; null while empty.</summary>
    public static Table? Curve(IReadOnlyList<CurvePoint> points, int? lastRows = null)
    {
        if (points.Count == 0)
        {
            return null;
        }

        var shown = lastRows is { } n && points.Count > n ? points.Skip(points.Count - n).ToList() : points;
        var best = points.Max(p => p.ValidationAccuracy ?? double.MinValue);
        var table = new Table().Border(TableBorder.Rounded).Title("training curve")
            .AddColumn("series")
            .AddColumn(new TableColumn("step").RightAligned())
            .AddColumn(new TableColumn("train loss").RightAligned())
            .AddColumn(new TableColumn("val loss").RightAligned())
            .AddColumn(new TableColumn("val accuracy").RightAligned());
        foreach (var point in shown)
        {
            var accuracy = Views.Score(point.ValidationAccuracy);
            table.AddRow(
                Markup.Escape(point.Series),
                point.Step.ToString(CultureInfo.InvariantCulture),
                Views.Loss(point.TrainingLoss),
                Views.Loss(point.ValidationLoss),
                point.ValidationAccuracy >= best ? $"[green]{accuracy}[/]" : accuracy);
        }

        if (shown.Count < points.Count)
        {
            table.Caption($"last {shown.Count} of {points.Count} points");
        }

        return table;
    }

    /// <summary>One curve point on one line, for consoles that cannot redraw: <c>auto step 2  val loss 0.3120  val accuracy 0.874</c>.</summary>
    public static string PointLine(CurvePoint point)
    {
        var parts = new List<string> { $"{Markup.Escape(point.Series)} step {point.Step.ToString(CultureInfo.InvariantCulture)}" };
        if (point.TrainingLoss is { } training)
        {
            parts.Add($"train loss {Views.Loss(training)}");
        }

        if (point.ValidationLoss is { } validation)
        {
            parts.Add($"val loss {Views.Loss(validation)}");
        }

        if (point.ValidationAccuracy is { } accuracy)
        {
            parts.Add($"val accuracy {Views.Score(accuracy)}");
        }

        return string.Join("  ", parts);
    }

    public static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
