using System.ComponentModel;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

internal sealed class CreateKeySettings : MintSettings
{
    [CommandOption("--name <NAME>")]
    [Description("Display name")]
    public string? Name { get; set; }

    [CommandOption("--expires <DATE>")]
    [Description("When the key stops working (ISO-8601, e.g. 2026-12-31T00:00:00Z). Default: never")]
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary><c>mint keys create [--name N] [--expires DATE]</c></summary>
internal sealed class CreateKeyCommand(MintRuntime runtime) : MintCommand<CreateKeySettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, CreateKeySettings settings, CancellationToken cancellationToken)
    {
        var key = await client.CreateKeyAsync(settings.Name, settings.ExpiresAt, cancellationToken);
        Console.Write(Views.Fields(
            ("id", key.Id.ToString()),
            ("name", Markup.Escape(key.Name ?? "-")),
            ("prefix", Markup.Escape(key.Prefix)),
            ("expires", Views.Time(key.ExpiresAt))));
        Console.MarkupLine("[yellow]Store this key now; it is not shown again:[/]");
        Console.WriteLine(key.Key);
        return ExitCodes.Success;
    }
}

/// <summary><c>mint keys list</c></summary>
internal sealed class ListKeysCommand(MintRuntime runtime) : MintCommand<MintSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, MintSettings settings, CancellationToken cancellationToken)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("id").AddColumn("name").AddColumn("prefix").AddColumn("created").AddColumn("expires")
            .AddColumn("last used").AddColumn("revoked");
        foreach (var key in (await client.ListKeysAsync(cancellationToken)).OrderBy(k => k.CreatedAt))
        {
            table.AddRow(
                key.Id.ToString(),
                Markup.Escape(key.Name ?? "-"),
                Markup.Escape(key.Prefix),
                Views.Time(key.CreatedAt),
                Views.Time(key.ExpiresAt),
                Views.Time(key.LastUsedAt),
                key.RevokedAt is null ? "-" : $"[red]{Views.Time(key.RevokedAt)}[/]");
        }

        Console.Write(table);
        return ExitCodes.Success;
    }
}

internal sealed class RevokeKeySettings : MintSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("Key id (from `mint keys list`)")]
    public Guid Id { get; set; }
}

/// <summary><c>mint keys revoke ID</c></summary>
internal sealed class RevokeKeyCommand(MintRuntime runtime) : MintCommand<RevokeKeySettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, RevokeKeySettings settings, CancellationToken cancellationToken)
    {
        await client.RevokeKeyAsync(settings.Id, cancellationToken);
        Console.MarkupLine($"Revoked key [bold]{settings.Id}[/].");
        return ExitCodes.Success;
    }
}
