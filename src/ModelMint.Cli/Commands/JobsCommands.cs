using System.ComponentModel;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

internal sealed class JobSettings : MintSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("Training job id")]
    public Guid Id { get; set; }
}

/// <summary><c>mint jobs list</c></summary>
internal sealed class ListJobsCommand(MintRuntime runtime) : MintCommand<MintSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, MintSettings settings, CancellationToken cancellationToken)
    {
        var jobs = await client.ListTrainingJobsAsync(cancellationToken);
        if (jobs.Count == 0)
        {
            Console.MarkupLine("No training jobs yet. Start one with [bold]mint train --dataset ID --model NAME[/].");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("id").AddColumn("model").AddColumn("status").AddColumn(new TableColumn("progress").RightAligned())
            .AddColumn("trainer").AddColumn("created");
        foreach (var job in jobs.OrderByDescending(j => j.CreatedAt))
        {
            table.AddRow(
                job.Id.ToString(),
                Markup.Escape(job.ModelName) + (job.ModelVersion is { } v ? $" v{v}" : string.Empty),
                Views.Status(job.Status),
                $"{job.Progress * 100:0}%",
                Markup.Escape(job.Trainer),
                Views.Time(job.CreatedAt));
        }

        Console.Write(table);
        return ExitCodes.Success;
    }
}

/// <summary><c>mint jobs show ID</c></summary>
internal sealed class ShowJobCommand(MintRuntime runtime) : MintCommand<JobSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, JobSettings settings, CancellationToken cancellationToken)
    {
        var job = await client.GetTrainingJobAsync(settings.Id, cancellationToken);
        Console.Write(Views.Job(job));
        if (job.Metrics is not null)
        {
            Console.Write(Views.Metrics(job.Metrics));
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>mint jobs curve ID</c>: every curve point so far.</summary>
internal sealed class ShowCurveCommand(MintRuntime runtime) : MintCommand<JobSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, JobSettings settings, CancellationToken cancellationToken)
    {
        var curve = await client.GetTrainingCurveAsync(settings.Id, cancellationToken);
        Console.MarkupLine($"Training job [bold]{curve.JobId}[/] is {Views.Status(curve.Status)} ({TrainingViews.Percent(curve.Progress)}).");
        if (TrainingViews.Curve(curve.Points) is { } table)
        {
            Console.Write(table);
        }
        else
        {
            Console.MarkupLine("[grey]No curve points yet.[/]");
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>mint jobs cancel ID</c></summary>
internal sealed class CancelJobCommand(MintRuntime runtime) : MintCommand<JobSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, JobSettings settings, CancellationToken cancellationToken)
    {
        var job = await client.CancelTrainingJobAsync(settings.Id, cancellationToken);
        Console.MarkupLine($"Training job [bold]{job.Id}[/] is {Views.Status(job.Status)}.");
        return ExitCodes.Success;
    }
}
