using ModelMint.Cli.Commands;
using ModelMint.Cli.Output;
using ModelMint.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelMint.Cli;

/// <summary>Builds the <c>mint</c> command line; <c>Program</c> runs it, tests run it in-process.</summary>
public static class MintApp
{
    /// <summary>Creates the app writing to <paramref name="console"/> (errors too) with the given client factory.</summary>
    /// <param name="console">Where output and errors go.</param>
    /// <param name="clientFactory">Builds the client from the resolved URL and key; a real HTTP client when <see langword="null"/>.</param>
    /// <returns>The app, ready for <see cref="CommandApp.RunAsync(IEnumerable{string}, CancellationToken)"/>.</returns>
    public static CommandApp Create(IAnsiConsole console, Func<Uri, string?, ModelMintClient>? clientFactory = null) =>
        Create(new MintAppOptions { Console = console, ErrorConsole = console, ClientFactory = clientFactory });

    /// <summary>Creates the app.</summary>
    /// <param name="options">Consoles, client factory and environment; production defaults when <see langword="null"/>.</param>
    /// <returns>The app, ready for <see cref="CommandApp.RunAsync(IEnumerable{string}, CancellationToken)"/>.</returns>
    public static CommandApp Create(MintAppOptions? options = null)
    {
        var runtime = new MintRuntime(options ?? new MintAppOptions());
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("mint");
            config.ConfigureConsole(runtime.Console);
            config.Settings.Registrar.RegisterInstance(runtime);
            config.SetExceptionHandler((exception, _) => HandleException(runtime.ErrorConsole, exception));

            config.AddBranch<MintSettings>("datasets", datasets =>
            {
                datasets.SetDescription("Upload and inspect training data.");
                datasets.AddCommand<UploadDatasetCommand>("upload")
                    .WithDescription("Upload a CSV (text,label) or JSONL dataset.")
                    .WithExample("datasets", "upload", "reviews.csv", "--name", "reviews");
                datasets.AddCommand<ListDatasetsCommand>("list").WithDescription("List datasets.");
                datasets.AddCommand<ShowDatasetCommand>("show").WithDescription("Show one dataset.");
            });

            config.AddCommand<TrainCommand>("train")
                .WithDescription("Train a new model version on a dataset.")
                .WithExample("train", "--dataset", "0196f8c2-0000-7000-8000-000000000000", "--model", "sentiment", "--wait");

            config.AddBranch<MintSettings>("jobs", jobs =>
            {
                jobs.SetDescription("Follow and cancel training jobs.");
                jobs.AddCommand<ListJobsCommand>("list").WithDescription("List training jobs.");
                jobs.AddCommand<ShowJobCommand>("show").WithDescription("Show a training job and its metrics.");
                jobs.AddCommand<ShowCurveCommand>("curve").WithDescription("Show a training job's curve: losses and validation accuracy per step.");
                jobs.AddCommand<CancelJobCommand>("cancel").WithDescription("Cancel a queued or running job.");
            });

            config.AddBranch<MintSettings>("models", models =>
            {
                models.SetDescription("Browse models, versions and aliases; route traffic to canary and shadow versions.");
                models.AddCommand<ListModelsCommand>("list").WithDescription("List models.");
                models.AddCommand<ShowModelCommand>("show")
                    .WithDescription("Show a model's versions and aliases, or one version's lineage and metrics.")
                    .WithExample("models", "show", "sentiment", "--version", "2");
                models.AddCommand<SetAliasCommand>("alias")
                    .WithDescription("Point an alias at a version.")
                    .WithExample("models", "alias", "sentiment", "production", "2");
                models.AddCommand<RoutingCommand>("routing")
                    .WithDescription("Show or set a model's canary and shadow routing, and how the shadow version compares with what was served.")
                    .WithExample("models", "routing", "sentiment")
                    .WithExample("models", "routing", "sentiment", "--canary", "candidate", "--percent", "10")
                    .WithExample("models", "routing", "sentiment", "--shadow", "3")
                    .WithExample("models", "routing", "sentiment", "--clear");
                models.AddCommand<PublishModelCommand>("publish")
                    .WithDescription("Describe, price and publish a model in the catalog (or --unpublish it).")
                    .WithExample("models", "publish", "sentiment", "--price", "0.002", "--currency", "USD", "--description", "\"English review sentiment\"")
                    .WithExample("models", "publish", "sentiment", "--price", "0.01", "--per-unit", "1000")
                    .WithExample("models", "publish", "sentiment", "--unpublish");
            });

            config.AddCommand<CatalogCommand>("catalog").WithDescription("List the published models of every provider, with prices.");

            config.AddCommand<PredictCommand>("predict")
                .WithDescription("Classify text with a model.")
                .WithExample("predict", "sentiment", "\"great product, works as described\"", "--version", "production");

            config.AddBranch<MintSettings>("keys", keys =>
            {
                keys.SetDescription("Manage API keys.");
                keys.AddCommand<CreateKeyCommand>("create")
                    .WithDescription("Create an API key (shown once), optionally limited to models, addresses and rates.")
                    .WithExample("keys", "create", "--name", "web", "--model", "sentiment", "--allow-ip", "203.0.113.0/24", "--rpm", "60");
                keys.AddCommand<ListKeysCommand>("list").WithDescription("List API keys.");
                keys.AddCommand<RevokeKeyCommand>("revoke").WithDescription("Revoke an API key.");
            });

            config.AddCommand<UsageCommand>("usage")
                .WithDescription("Show metered usage by day, model or key.")
                .WithExample("usage", "--from", "2026-11-01", "--group-by", "model");

            config.AddCommand<BalanceCommand>("balance").WithDescription("Show the prepaid balance that pays for other providers' models.");
            config.AddCommand<RedeemCommand>("redeem")
                .WithDescription("Redeem a prepaid-credit code into the balance.")
                .WithExample("redeem", "7KQ2-M9XD-4TZW-R1H2");

            config.AddBranch<MintSettings>("plans", plans =>
            {
                plans.SetDescription("Subscription plans: monthly fee, included units, limits and quotas.");
                plans.AddCommand<ListPlansCommand>("list").WithDescription("List the plans on offer.");
                plans.AddCommand<ShowPlanCommand>("show").WithDescription("Show this organisation's plan and its quota use this month.");
                plans.AddCommand<SubscribePlanCommand>("subscribe")
                    .WithDescription("Subscribe to a plan, or change plan (prorated on the invoice).")
                    .WithExample("plans", "subscribe", "0198b3a1-7c2e-7d4f-9a10-2b3c4d5e6f70");
                plans.AddCommand<CancelPlanCommand>("cancel").WithDescription("Cancel this organisation's plan now.");
            });

            config.AddCommand<HealthCommand>("health").WithDescription("Check that the server is up (no key needed).");
        });
        return app;
    }

    private static int HandleException(IAnsiConsole errors, Exception exception)
    {
        if (exception is CommandAppException usage)
        {
            if (usage.Pretty is { } pretty)
            {
                errors.Write(pretty);
            }
            else
            {
                new ErrorReporter(errors).Usage(usage.Message);
            }

            return ExitCodes.Usage;
        }

        errors.WriteException(exception, ExceptionFormats.ShortenEverything);
        return ExitCodes.Failure;
    }
}
