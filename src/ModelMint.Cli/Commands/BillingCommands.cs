using System.ComponentModel;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli.Commands;

/// <summary><c>mint balance</c>: the organisation's prepaid balances.</summary>
internal sealed class BalanceCommand(MintRuntime runtime) : MintCommand<MintSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, MintSettings settings, CancellationToken cancellationToken)
    {
        var balance = await client.GetBalanceAsync(cancellationToken);
        if (balance.Balances.Count == 0)
        {
            Console.MarkupLine("No prepaid balance yet. Redeem a code with [bold]mint redeem CODE[/]; calls to your own models are free.");
            return ExitCodes.Success;
        }

        Console.MarkupLine($"Prepaid balance of account [bold]{balance.AccountId}[/]");
        Console.Write(Views.Balances(balance.Balances));
        return ExitCodes.Success;
    }
}

internal sealed class RedeemSettings : MintSettings
{
    [CommandArgument(0, "<CODE>")]
    [Description("The prepaid-credit code, as printed")]
    public string Code { get; set; } = string.Empty;
}

/// <summary><c>mint redeem CODE</c>: credits a prepaid code to the balance.</summary>
internal sealed class RedeemCommand(MintRuntime runtime) : MintCommand<RedeemSettings>(runtime)
{
    protected override async Task<int> RunAsync(ModelMintClient client, RedeemSettings settings, CancellationToken cancellationToken)
    {
        var redemption = await client.RedeemCodeAsync(settings.Code, cancellationToken);
        Console.MarkupLine($"[green]Redeemed[/] [bold]{Markup.Escape(Views.Amount(redemption.Amount, redemption.Currency))}[/].");
        Console.Write(Views.Balances(redemption.Balances));
        return ExitCodes.Success;
    }
}
