using ModelMint.Client;
using Spectre.Console;

namespace ModelMint.Cli.Commands;

/// <summary><c>mint health</c>: is the server up? Needs no key.</summary>
internal sealed class HealthCommand(MintRuntime runtime) : MintCommand<MintSettings>(runtime)
{
    protected override bool RequiresKey => false;

    protected override async Task<int> RunAsync(ModelMintClient client, MintSettings settings, CancellationToken cancellationToken)
    {
        var health = await client.HealthAsync(cancellationToken);
        Console.MarkupLine($"[green]{Markup.Escape(health.Status)}[/]  {Markup.Escape(client.BaseAddress.ToString())}");
        return ExitCodes.Success;
    }
}
