using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Gateway;
using ModelMint.Domain.Models;
using ModelMint.Server.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Billing;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Gateway;

public sealed record ChannelModelSpec(string? Name, string? Upstream);

/// <summary>Amounts are decimal strings with at most six decimals, per million tokens.</summary>
public sealed record TokenAmounts(string? Currency, string? InputPerMillion, string? OutputPerMillion);

/// <summary>A channel as the operator writes it. On update, a missing <c>apiKey</c> keeps the stored one.</summary>
public sealed record ChannelRequest(string? Name, string? BaseUrl, string? ApiKey, IReadOnlyList<ChannelModelSpec>? Models, int? Priority, int? Weight, bool? Enabled, TokenAmounts? Cost);

/// <summary>A channel as the API shows it: never its key.</summary>
public sealed record ChannelResponse(
    Guid Id, string Name, string BaseUrl, IReadOnlyList<ChannelModel> Models, int Priority, int Weight, bool Enabled,
    DateTimeOffset? AutoDisabledAt, string? LastError, int RecentFailures, TokenAmounts Cost, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ChannelResponse From(GatewayChannel c, int failures) => new(
        c.Id, c.Name, c.BaseUrl, ChannelKeys.ReadModels(c.ModelsJson), c.Priority, c.Weight, c.Enabled, c.AutoDisabledAt, c.LastError, failures,
        new TokenAmounts(c.CostCurrency, StoredMoney.FormatMicros(c.InputCostMicrosPerMillion), StoredMoney.FormatMicros(c.OutputCostMicrosPerMillion)),
        c.CreatedAt, c.UpdatedAt);
}

public sealed record GatewayModelRequest(string? Kind, bool? Published, TokenAmounts? Price);

public sealed record GatewayModelResponse(string Name, string Kind, bool Published, TokenAmounts Price, DateTimeOffset UpdatedAt)
{
    public static GatewayModelResponse From(GatewayModel m) => new(m.Name, m.Kind, m.Published,
        new TokenAmounts(m.Currency, StoredMoney.FormatMicros(m.InputPriceMicrosPerMillion), StoredMoney.FormatMicros(m.OutputPriceMicrosPerMillion)), m.UpdatedAt);
}

/// <summary>The operator's gateway controls: upstream channels, the models sold and their token prices, margins.</summary>
public static class GatewayAdminEndpoints
{
    private const int MaxModelsPerChannel = 200;

    public static IEndpointRouteBuilder MapGatewayAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/gateway").WithTags("Gateway administration").RequireAuthorization().RequireOperator();
        group.MapPost("/channels", CreateChannel).WithSummary("Add an upstream channel. Its API key is stored encrypted and never returned.");
        group.MapGet("/channels", ListChannels).WithSummary("Every channel with its health (automatic disable, last error).");
        group.MapGet("/channels/{id:guid}", GetChannel).WithSummary("One channel.");
        group.MapPut("/channels/{id:guid}", UpdateChannel).WithSummary("Replace a channel's settings; without apiKey the stored key is kept. Enabling clears an automatic disable.");
        group.MapDelete("/channels/{id:guid}", DeleteChannel).WithSummary("Remove a channel.");
        group.MapPut("/models/{name}", PutModel).WithSummary("Offer (or reprice, or unpublish) a model through the gateway, priced per million input and output tokens.");
        group.MapGet("/models", ListModels).WithSummary("The models the gateway sells.");
        group.MapGet("/margins", MarginReport.Get).WithSummary("Revenue, upstream cost and margin per month, model and channel.");
        return app;
    }

    public static async Task<Results<Created<ChannelResponse>, ProblemHttpResult>> CreateChannel(
        ChannelRequest request, HttpContext context, ModelMintDbContext db, IDataProtectionProvider protection, GatewayCatalog catalog, TimeProvider time, AuditLog audit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ApiKey))
        {
            return ApiProblems.Validation("api-key-required", "Give the upstream's API key in 'apiKey'; it is stored encrypted and never shown again.", "apiKey");
        }

        var now = time.GetUtcNow();
        var channel = new GatewayChannel { Id = Guid.CreateVersion7(), Name = "", BaseUrl = "", ProtectedApiKey = "", ModelsJson = "[]", CostCurrency = "USD", CreatedAt = now };
        if (Apply(channel, request, protection, now) is { } error)
        {
            return error;
        }

        if (await db.GatewayChannels.AnyAsync(c => c.Name == channel.Name, cancellationToken))
        {
            return ApiProblems.Conflict("channel-name-taken", $"A channel named '{channel.Name}' exists already. Choose another name or update that one.");
        }

        db.GatewayChannels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        catalog.Invalidate();
        await audit.RecordAsync(context, AuditActions.ChannelCreated, ChannelTarget(channel.Id), ChannelDetails(channel, apiKeyReplaced: true), cancellationToken: cancellationToken);
        return TypedResults.Created($"/v1/admin/gateway/channels/{channel.Id}", ChannelResponse.From(channel, 0));
    }

    public static async Task<Ok<ItemList<ChannelResponse>>> ListChannels(ModelMintDbContext db, ChannelHealth health, CancellationToken cancellationToken)
    {
        var channels = await db.GatewayChannels.AsNoTracking().OrderByDescending(c => c.Priority).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ItemList<ChannelResponse>(channels.Select(c => ChannelResponse.From(c, health.FailuresOf(c.Id))).ToList()));
    }

    public static async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> GetChannel(Guid id, ModelMintDbContext db, ChannelHealth health, CancellationToken cancellationToken)
    {
        var channel = await db.GatewayChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return channel is null ? ChannelNotFound(id) : TypedResults.Ok(ChannelResponse.From(channel, health.FailuresOf(id)));
    }

    public static async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> UpdateChannel(
        Guid id, ChannelRequest request, HttpContext context, ModelMintDbContext db, IDataProtectionProvider protection, GatewayCatalog catalog, ChannelHealth health, TimeProvider time, AuditLog audit, CancellationToken cancellationToken)
    {
        var channel = await db.GatewayChannels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return ChannelNotFound(id);
        }

        var now = time.GetUtcNow();
        if (Apply(channel, request, protection, now) is { } error)
        {
            return error;
        }

        if (await db.GatewayChannels.AnyAsync(c => c.Name == channel.Name && c.Id != id, cancellationToken))
        {
            return ApiProblems.Conflict("channel-name-taken", $"A channel named '{channel.Name}' exists already. Choose another name.");
        }

        if (channel.Enabled)
        {
            // The operator vouches for it again: clear the automatic disable and start counting afresh.
            channel.AutoDisabledAt = null;
            health.Reset(id);
        }

        await db.SaveChangesAsync(cancellationToken);
        catalog.Invalidate();
        await audit.RecordAsync(context, AuditActions.ChannelUpdated, ChannelTarget(id), ChannelDetails(channel, apiKeyReplaced: !string.IsNullOrWhiteSpace(request.ApiKey)), cancellationToken: cancellationToken);
        return TypedResults.Ok(ChannelResponse.From(channel, health.FailuresOf(id)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteChannel(
        Guid id, HttpContext context, ModelMintDbContext db, GatewayCatalog catalog, AuditLog audit, CancellationToken cancellationToken)
    {
        // Read first only to name the channel in the audit event.
        var name = await db.GatewayChannels.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        var deleted = await db.GatewayChannels.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return ChannelNotFound(id);
        }

        catalog.Invalidate();
        await audit.RecordAsync(context, AuditActions.ChannelDeleted, ChannelTarget(id), new { name }, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<GatewayModelResponse>, ProblemHttpResult>> PutModel(
        string name, GatewayModelRequest request, HttpContext context, ModelMintDbContext db, GatewayCatalog catalog, TimeProvider time, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!ModelName.IsValid(name))
        {
            return ApiProblems.Validation("invalid-model-name", $"'{name}' is not a model name. {ModelName.Rule} Map it to the upstream's own name (which may contain dots) in a channel's models.", "name");
        }

        if (request.Kind is not (GatewayProxy.ChatKind or GatewayProxy.EmbeddingsKind))
        {
            return ApiProblems.Validation("invalid-kind", "'kind' must be \"chat\" (POST /openai/v1/chat/completions) or \"embeddings\" (POST /openai/v1/embeddings).", "kind");
        }

        var (currency, input, output, priceError) = ReadAmounts(request.Price, "price");
        if (priceError is not null)
        {
            return priceError;
        }

        var now = time.GetUtcNow();
        var model = await db.GatewayModels.SingleOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (model is null)
        {
            model = new GatewayModel { Id = Guid.CreateVersion7(), Name = name, Kind = request.Kind, Currency = currency!, ProviderAccountId = context.User.AccountId(), CreatedAt = now };
            db.GatewayModels.Add(model);
        }

        model.Kind = request.Kind;
        model.Published = request.Published ?? true;
        model.Currency = currency!;
        model.InputPriceMicrosPerMillion = input;
        model.OutputPriceMicrosPerMillion = output;
        model.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        catalog.Invalidate();
        var response = GatewayModelResponse.From(model);
        await audit.RecordAsync(context, AuditActions.GatewayModelSet, $"gateway-model:{model.Name}",
            new { response.Kind, response.Published, response.Price }, cancellationToken: cancellationToken);
        return TypedResults.Ok(response);
    }

    public static async Task<Ok<ItemList<GatewayModelResponse>>> ListModels(ModelMintDbContext db, CancellationToken cancellationToken)
    {
        var models = await db.GatewayModels.AsNoTracking().OrderBy(m => m.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ItemList<GatewayModelResponse>(models.Select(GatewayModelResponse.From).ToList()));
    }

    private static string ChannelTarget(Guid id) => $"gateway-channel:{id}";

    /// <summary>
    /// What an audit event says about a channel: never its API key, and of its base URL only the host (a URL can carry
    /// credentials in its user info or query).
    /// </summary>
    private static object ChannelDetails(GatewayChannel channel, bool apiKeyReplaced) => new
    {
        name = channel.Name,
        baseUrlHost = Uri.TryCreate(channel.BaseUrl, UriKind.Absolute, out var url) ? url.Host : null,
        enabled = channel.Enabled,
        apiKeyReplaced,
    };

    private static ProblemHttpResult ChannelNotFound(Guid id) =>
        ApiProblems.NotFound("channel-not-found", $"No gateway channel {id}. List them with GET /v1/admin/gateway/channels.");

    private static ProblemHttpResult? Apply(GatewayChannel channel, ChannelRequest request, IDataProtectionProvider protection, DateTimeOffset now)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return ApiProblems.Validation("invalid-channel-name", "'name' must be 1 to 100 characters, e.g. \"openai-primary\".", "name");
        }

        if (!Uri.TryCreate(request.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https") || request.BaseUrl!.Length > 2000)
        {
            return ApiProblems.Validation("invalid-base-url", "'baseUrl' must be an absolute http(s) URL up to the API version, e.g. \"https://api.openai.com/v1\".", "baseUrl");
        }

        if (request.Models is not { Count: > 0 and <= MaxModelsPerChannel } models)
        {
            return ApiProblems.Validation("invalid-channel-models", $"'models' must list 1 to {MaxModelsPerChannel} models, e.g. [{{\"name\":\"gpt-4o-mini\",\"upstream\":\"gpt-4o-mini-2024-07-18\"}}] ('upstream' defaults to 'name').", "models");
        }

        var mapped = new List<ChannelModel>();
        foreach (var m in models)
        {
            if (m is null || !ModelName.IsValid(m.Name))
            {
                return ApiProblems.Validation("invalid-channel-models", $"'{m?.Name}' is not a gateway model name. {ModelName.Rule}", "models");
            }

            var upstream = string.IsNullOrWhiteSpace(m.Upstream) ? m.Name! : m.Upstream.Trim();
            if (upstream.Length > 200 || mapped.Any(x => x.Name == m.Name))
            {
                return ApiProblems.Validation("invalid-channel-models", $"Model '{m.Name}' is listed twice or its upstream name is longer than 200 characters.", "models");
            }

            mapped.Add(new ChannelModel(m.Name!, upstream));
        }

        if (request.Priority is < -1000 or > 1000 || request.Weight is < 1 or > 1000)
        {
            return ApiProblems.Validation("invalid-routing", "'priority' must be from -1000 to 1000 (higher is tried first, default 0) and 'weight' from 1 to 1000 (share among equal priorities, default 1).", "priority");
        }

        var (currency, input, output, costError) = ReadAmounts(request.Cost ?? new TokenAmounts("USD", "0", "0"), "cost");
        if (costError is not null)
        {
            return costError;
        }

        channel.Name = name;
        channel.BaseUrl = request.BaseUrl;
        if (!string.IsNullOrWhiteSpace(request.ApiKey))
        {
            channel.ProtectedApiKey = protection.CreateProtector(ChannelKeys.Purpose).Protect(request.ApiKey.Trim());
        }

        channel.ModelsJson = ChannelKeys.WriteModels(mapped);
        channel.Priority = request.Priority ?? 0;
        channel.Weight = request.Weight ?? 1;
        channel.Enabled = request.Enabled ?? true;
        channel.CostCurrency = currency!;
        channel.InputCostMicrosPerMillion = input;
        channel.OutputCostMicrosPerMillion = output;
        channel.UpdatedAt = now;
        return null;
    }

    private static (string? Currency, long Input, long Output, ProblemHttpResult? Error) ReadAmounts(TokenAmounts? amounts, string field)
    {
        if (amounts?.Currency is null || !StoredMoney.AcceptedCurrencies.Contains(amounts.Currency))
        {
            return (null, 0, 0, ApiProblems.Validation("invalid-currency", $"'{field}.currency' must be one of {string.Join(", ", StoredMoney.AcceptedCurrencies)}.", field + ".currency"));
        }

        if (!StoredMoney.TryParseExact(amounts.InputPerMillion, 6, out var input) || input > 1_000_000
            || !StoredMoney.TryParseExact(amounts.OutputPerMillion, 6, out var output) || output > 1_000_000)
        {
            return (null, 0, 0, ApiProblems.Validation("invalid-amount",
                $"'{field}.inputPerMillion' and '{field}.outputPerMillion' must be decimal strings from 0 to 1000000 with at most six decimals: the amount per million tokens, e.g. \"0.15\".", field));
        }

        return (amounts.Currency, (long)(input * 1_000_000), (long)(output * 1_000_000), null);
    }
}
