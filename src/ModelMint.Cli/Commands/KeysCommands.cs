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

    [CommandOption("--model <NAME>")]
    [Description("Only let the key call this model; repeat for several. Default: every model")]
    public string[] Models { get; set; } = [];

    [CommandOption("--allow-ip <CIDR>")]
    [Description("Only accept the key from this address or range (203.0.113.0/24, 2001:db8::/32); repeat for several. Default: any address")]
    public string[] AllowedIps { get; set; } = [];

    [CommandOption("--rpm <N>")]
    [Description("The key's own limit of requests per minute. Default: the platform's")]
    public int? RequestsPerMinute { get; set; }

    [CommandOption("--units-per-minute <N>")]
    [Description("The key's own limit of characters classified per minute. Default: the platform's")]
    public long? UnitsPerMinute { get; set; }

    [CommandOption("--tokens-per-minute <N>")]
    [Description("The key's own limit of LLM gateway tokens (estimated prompt + max_tokens) per minute. Default: the gateway's")]
    public long? TokensPerMinute { get; set; }

    public override ValidationResult Validate()
    {
        if (RequestsPerMinute is < 1)
        {
            return ValidationResult.Error("--rpm must be at least 1.");
        }

        if (UnitsPerMinute is < 1)
        {
            return ValidationResult.Error("--units-per-minute must be at least 1.");
        }

        if (TokensPerMinute is < 1)
        {
            return ValidationResult.Error("--tokens-per-minute must be at least 1.");
        }

        return Models.Any(string.IsNullOrWhiteSpace) || AllowedIps.Any(string.IsNullOrWhiteSpace)
            ? ValidationResult.Error("--model and --allow-ip need a value.")
            : ValidationResult.Success();
    }

    public CreateKeyRequest ToRequest() => new(
        string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(),
        ExpiresAt,
        Models.Length == 0 ? null : [.. Models.Select(m => m.Trim())],
        AllowedIps.Length == 0 ? null : [.. AllowedIps.Select(ip => ip.Trim())],
        RequestsPerMinute,
        UnitsPerMinute,
        TokensPerMinute);
}

/// <summary><c>mint keys create [--name N] [--expires DATE] [--model NAME]... [--allow-ip CIDR]... [--rpm N] [--units-per-minute N] [--tokens-per-minute N]</c></summary>
internal sealed class CreateKeyCommand(MintRuntime runtime) : MintCommand<CreateKeySettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, CreateKeySettings settings, CancellationToken cancellationToken)
    {
        var key = await client.CreateKeyAsync(settings.ToRequest(), cancellationToken);
        Console.Write(Views.Fields(
            ("id", key.Id.ToString()),
            ("name", Markup.Escape(key.Name ?? "-")),
            ("prefix", Markup.Escape(key.Prefix)),
            ("expires", Views.Time(key.ExpiresAt)),
            ("models", Markup.Escape(Views.KeyModels(key.Models))),
            ("allowed IPs", Markup.Escape(Views.KeyAllowedIps(key.AllowedIps))),
            ("limits", Markup.Escape(Views.KeyLimits(key.RequestsPerMinute, key.UnitsPerMinute, key.TokensPerMinute)))));
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
            .AddColumn("last used").AddColumn("revoked").AddColumn("models").AddColumn("allowed IPs").AddColumn("limits");
        foreach (var key in (await client.ListKeysAsync(cancellationToken)).OrderBy(k => k.CreatedAt))
        {
            table.AddRow(
                key.Id.ToString(),
                Markup.Escape(key.Name ?? "-"),
                Markup.Escape(key.Prefix),
                Views.Time(key.CreatedAt),
                Views.Time(key.ExpiresAt),
                Views.Time(key.LastUsedAt),
                key.RevokedAt is null ? "-" : $"[red]{Views.Time(key.RevokedAt)}[/]",
                Markup.Escape(Views.KeyModels(key.Models)),
                Markup.Escape(Views.KeyAllowedIps(key.AllowedIps)),
                Markup.Escape(Views.KeyLimits(key.RequestsPerMinute, key.UnitsPerMinute, key.TokensPerMinute)));
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
