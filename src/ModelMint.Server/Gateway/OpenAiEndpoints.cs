using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using ModelMint.Server.Accounts;
using ModelMint.Server.Hosting;

namespace ModelMint.Server.Gateway;

public sealed record OpenAiModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Kind,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy);

public sealed record OpenAiModelList(
    [property: JsonPropertyName("object")] string Kind,
    [property: JsonPropertyName("data")] IReadOnlyList<OpenAiModel> Data);

/// <summary>
/// The OpenAI-compatible surface: point any OpenAI SDK at <c>http://host:5080/openai/v1</c> with a ModelMint key.
/// Authentication is the platform's API key; its refusals, like every other error here, come in OpenAI's shape.
/// </summary>
public static class OpenAiEndpoints
{
    public static IEndpointRouteBuilder MapOpenAiEndpoints(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBytes;
        var group = app.MapGroup("/openai/v1").WithTags("OpenAI-compatible gateway");
        group.MapPost("/chat/completions", (HttpContext http, GatewayProxy proxy) => proxy.ChatCompletionsAsync(http))
            .WithMetadata(new RequestBodyLimit(maxBytes))
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .ProducesOpenAiErrors()
            .WithSummary("Chat completion through the model's upstream channels; \"stream\": true answers with server-sent events, chunk by chunk.");
        group.MapPost("/embeddings", (HttpContext http, GatewayProxy proxy) => proxy.EmbeddingsAsync(http))
            .WithMetadata(new RequestBodyLimit(maxBytes))
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status200OK)
            .ProducesOpenAiErrors()
            .WithSummary("Embeddings through the model's upstream channels.");
        group.MapGet("/models", Models)
            .Produces<OpenAiModelList>(StatusCodes.Status200OK)
            .Produces<OpenAiErrorBody>(StatusCodes.Status401Unauthorized)
            .WithSummary("The gateway models this key may call.");
        return app;
    }

    private static RouteHandlerBuilder ProducesOpenAiErrors(this RouteHandlerBuilder builder)
    {
        foreach (var status in (ReadOnlySpan<int>)[400, 401, 402, 403, 404, 429, 502, 503])
        {
            builder.Produces<OpenAiErrorBody>(status);
        }

        return builder;
    }

    public static async Task<IResult> Models(HttpContext http, GatewayCatalog catalog, CancellationToken cancellationToken)
    {
        var key = http.Features.Get<CallerKey>();
        if (key is null)
        {
            return GatewayProxy.Unauthenticated(http);
        }

        var snapshot = await catalog.GetAsync(cancellationToken);
        var models = snapshot.Models.Values
            .Where(m => m.Published && key.AllowsModel(m.Name))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new OpenAiModel(m.Name, "model", m.CreatedAt.ToUnixTimeSeconds(), "modelmint"))
            .ToList();
        return TypedResults.Ok(new OpenAiModelList("list", models));
    }
}
