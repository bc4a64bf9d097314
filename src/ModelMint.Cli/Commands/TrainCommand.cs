using System.ComponentModel;
using System.Globalization;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

internal sealed class TrainSettings : MintSettings
{
    [CommandOption("--dataset <ID>")]
    [Description("Id of the training dataset (required)")]
    public Guid? Dataset { get; set; }

    [CommandOption("--model <NAME>")]
    [Description("Model that receives the new version; created on first use (required)")]
    public string? Model { get; set; }

    [CommandOption("--trainer <TRAINER>")]
    [Description("Trainer name. Default: auto (the server picks)")]
    public string? Trainer { get; set; }

    [CommandOption("--test-dataset <ID>")]
    [Description("Id of a separate evaluation dataset")]
    public Guid? TestDataset { get; set; }

    [CommandOption("--test-fraction <F>")]
    [Description("Share of the training rows held out for evaluation when there is no test dataset (server default 0.2)")]
    public double? TestFraction { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Random seed for the split and the trainer (server default 42)")]
    public int? Seed { get; set; }

    [CommandOption("--param <NAME=VALUE>")]
    [Description("Trainer parameter; repeat for several")]
    public string[] Parameters { get; set; } = [];

    [CommandOption("--wait")]
    [Description("Follow the job to the end and show its metrics; exits 1 if it fails or is cancelled")]
    public bool Wait { get; set; }

    public override ValidationResult Validate()
    {
        if (Dataset is null)
        {
            return ValidationResult.Error("--dataset is required (the id printed by `mint datasets upload`).");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            return ValidationResult.Error("--model is required.");
        }

        if (TestFraction is { } fraction && (fraction <= 0 || fraction >= 1))
        {
            return ValidationResult.Error("--test-fraction must be between 0 and 1 (exclusive).");
        }

        var malformed = Parameters.FirstOrDefault(p => p.IndexOf('=', StringComparison.Ordinal) <= 0);
        return malformed is null
            ? ValidationResult.Success()
            : ValidationResult.Error($"--param '{malformed}' must look like NAME=VALUE.");
    }

    public Dictionary<string, string>? ParameterMap()
    {
        if (Parameters.Length == 0)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in Parameters)
        {
            var split = parameter.IndexOf('=', StringComparison.Ordinal);
            map[parameter[..split].Trim()] = parameter[(split + 1)..].Trim();
        }

        return map;
    }
}

/// <summary><c>mint train --dataset ID --model NAME [...] [--wait]</c></summary>
internal sealed class TrainCommand(MintRuntime runtime) : MintCommand<TrainSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, TrainSettings settings, CancellationToken cancellationToken)
    {
        var request = new CreateTrainingJobRequest(
            settings.Dataset!.Value,
            settings.Model!.Trim(),
            string.IsNullOrWhiteSpace(settings.Trainer) ? null : settings.Trainer.Trim(),
            settings.TestDataset,
            settings.TestFraction,
            settings.Seed,
            settings.ParameterMap());
        var job = await client.CreateTrainingJobAsync(request, cancellationToken);

        if (!settings.Wait)
        {
            Console.MarkupLine($"Queued training job [bold]{job.Id}[/] for model [bold]{Markup.Escape(job.ModelName)}[/] ({Views.Status(job.Status)}).");
            Console.MarkupLine($"Follow it with [bold]mint jobs show {job.Id}[/].");
            return ExitCodes.Success;
        }

        TrainingJob finished;
        try
        {
            finished = await FollowAsync(client, job, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Errors.Failure($"stopped waiting; job {job.Id} goes on on the server (mint jobs show {job.Id}, mint jobs cancel {job.Id}).");
            return ExitCodes.Interrupted;
        }

        return await ReportAsync(client, finished, cancellationToken);
    }

    // A terminal that can redraw gets a live frame (progress bar over the latest curve points); anything else gets
    // an append-only log, since redrawn frames would pile up in a pipe or CI log.
    private async Task<TrainingJob> FollowAsync(ModelMintClient client, TrainingJob job, CancellationToken cancellationToken)
    {
        var capabilities = Console.Profile.Capabilities;
        if (!capabilities.Interactive || !capabilities.Ansi)
        {
            var log = new TrainingCurveLog(Console, job.ModelName);
            return await client.FollowTrainingJobAsync(job.Id, log, Runtime.PollInterval, cancellationToken);
        }

        var started = Runtime.Time.GetTimestamp();
        var initial = new TrainingCurve(job.Id, job.Status, job.Progress, []);
        return await Console.Live(TrainingViews.Live(job.ModelName, initial, TimeSpan.Zero))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                var progress = new InlineProgress<TrainingCurve>(curve =>
                {
                    context.UpdateTarget(TrainingViews.Live(job.ModelName, curve, Runtime.Time.GetElapsedTime(started)));
                    context.Refresh();
                });
                return await client.FollowTrainingJobAsync(job.Id, progress, Runtime.PollInterval, cancellationToken);
            });
    }

    private async Task<int> ReportAsync(ModelMintClient client, TrainingJob job, CancellationToken cancellationToken)
    {
        switch (job.Status)
        {
            case TrainingJobStatus.Succeeded:
                Console.MarkupLine(
                    $"[green]Trained[/] [bold]{Markup.Escape(job.ModelName)} v{job.ModelVersion?.ToString(CultureInfo.InvariantCulture) ?? "?"}[/] "
                    + $"with {Markup.Escape(job.Trainer)}{Duration(job)}.");
                if (job.Metrics is not null)
                {
                    Console.Write(Views.Metrics(job.Metrics));
                }

                if (job.ModelVersion is { } version)
                {
                    await ShowLeaderboardAsync(client, job.ModelName, version, cancellationToken);
                }

                return ExitCodes.Success;

            case TrainingJobStatus.Failed:
                Errors.Failure($"training job {job.Id} failed: {job.Error ?? "no reason given"}");
                return ExitCodes.Failure;

            default:
                Errors.Failure($"training job {job.Id} was cancelled.");
                return ExitCodes.Failure;
        }
    }

    // The leaderboard lives in the version's lineage. The job has succeeded whatever happens here, so a failure to
    // read it is a note, not an error.
    private async Task ShowLeaderboardAsync(ModelMintClient client, string model, int version, CancellationToken cancellationToken)
    {
        try
        {
            var published = await client.GetModelVersionAsync(model, version, cancellationToken);
            if (Views.Leaderboard(published.Lineage.Leaderboard) is { } leaderboard)
            {
                Console.Write(leaderboard);
            }
        }
        catch (ModelMintApiException ex)
        {
            Console.MarkupLine($"[grey]The leaderboard could not be read ({Markup.Escape(ex.Message)}); see mint models show {Markup.Escape(model)} --version {version}.[/]");
        }
    }

    private static string Duration(TrainingJob job) =>
        job is { StartedAt: { } started, FinishedAt: { } finished }
            ? $" in {(finished - started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s"
            : string.Empty;

    // Progress<T> posts to the thread pool, so updates could arrive after the live display has ended; this one
    // reports on the polling thread, in order.
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
