using System.ComponentModel;
using System.Globalization;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

internal sealed class UploadDatasetSettings : MintSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("CSV (text,label) or JSONL file")]
    public string File { get; set; } = string.Empty;

    [CommandOption("--name <NAME>")]
    [Description("Display name. Default: the file name")]
    public string? Name { get; set; }
}

/// <summary><c>mint datasets upload FILE [--name N]</c></summary>
internal sealed class UploadDatasetCommand(MintRuntime runtime) : MintCommand<UploadDatasetSettings>(runtime)
{
    protected override async Task<int> RunAsync(
        ModelMintClient client,
        UploadDatasetSettings settings,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.File))
        {
            Errors.Usage($"file not found: {settings.File}");
            return ExitCodes.Usage;
        }

        await using var content = File.OpenRead(settings.File);
        var dataset = await client.UploadDatasetAsync(content, Path.GetFileName(settings.File), settings.Name, cancellationToken);
        Console.Write(Views.Dataset(dataset));
        return ExitCodes.Success;
    }
}

/// <summary><c>mint datasets list</c></summary>
internal sealed class ListDatasetsCommand(MintRuntime runtime) : MintCommand<MintSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, MintSettings settings, CancellationToken cancellationToken)
    {
        var datasets = await client.ListDatasetsAsync(cancellationToken);
        if (datasets.Count == 0)
        {
            Console.MarkupLine("No datasets yet. Upload one with [bold]mint datasets upload FILE[/].");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("id").AddColumn("name").AddColumn("format").AddColumn(new TableColumn("rows").RightAligned())
            .AddColumn("labels").AddColumn("created");
        foreach (var dataset in datasets.OrderByDescending(d => d.CreatedAt))
        {
            table.AddRow(
                dataset.Id.ToString(),
                Markup.Escape(dataset.Name),
                Markup.Escape(Views.Format(dataset)),
                dataset.Rows.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Views.Labels(dataset.Labels)),
                Views.Time(dataset.CreatedAt));
        }

        Console.Write(table);
        return ExitCodes.Success;
    }
}

internal sealed class ShowDatasetSettings : MintSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("Dataset id")]
    public Guid Id { get; set; }
}

/// <summary><c>mint datasets show ID</c></summary>
internal sealed class ShowDatasetCommand(MintRuntime runtime) : MintCommand<ShowDatasetSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, ShowDatasetSettings settings, CancellationToken cancellationToken)
    {
        Console.Write(Views.Dataset(await client.GetDatasetAsync(settings.Id, cancellationToken)));
        return ExitCodes.Success;
    }
}
