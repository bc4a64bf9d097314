using ModelMint.Client;
using Spectre.Console;

namespace ModelMint.Cli.Output;

/// <summary>
/// Follows a training job on a console that cannot redraw (a pipe, a CI log, a test): appends a line when the status
/// changes or progress passes another tenth, after a line per curve point recorded since the last poll, so the log
/// reads top to bottom.
/// </summary>
internal sealed class TrainingCurveLog(IAnsiConsole console, string model) : IProgress<TrainingCurve>
{
    private const double ProgressStep = 0.1;

    private TrainingJobStatus? _status;
    private double _progress;
    private int _points;

    public void Report(TrainingCurve value)
    {
        // A job taken over after its node died starts its curve again; show the new one from its start.
        if (value.Points.Count < _points)
        {
            console.MarkupLine("[grey]the curve restarted[/]");
            _points = 0;
        }

        foreach (var point in value.Points.Skip(_points))
        {
            console.MarkupLine("  " + TrainingViews.PointLine(point));
        }

        _points = value.Points.Count;

        var progress = Math.Clamp(value.Progress, 0, 1);
        if (value.Status != _status || (value.Status == TrainingJobStatus.Running && progress >= _progress + ProgressStep))
        {
            var percent = value.Status == TrainingJobStatus.Running ? " " + TrainingViews.Percent(progress) : string.Empty;
            console.MarkupLine($"{Markup.Escape(model)} {Views.Status(value.Status)}{percent}");
            _status = value.Status;
            _progress = progress;
        }
    }
}
