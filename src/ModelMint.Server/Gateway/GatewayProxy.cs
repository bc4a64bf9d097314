using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ModelMint.Server.Accounts;
using ModelMint.Server.Usage;

namespace ModelMint.Server.Gateway;

/// <summary>
/// The OpenAI-compatible calls: validates the request, admits it (<see cref="GatewayMetering"/>), sends it to the
/// model's channels in routing order until one answers (connection errors, timeouts, 401/403, 429 and 5xx move on,
/// at most <see cref="GatewayOptions.MaxAttempts"/> channels), passes the answer through — a stream chunk by chunk,
/// flushed as it arrives — and settles the call to the tokens used.
/// </summary>
public sealed class GatewayProxy(
    GatewayCatalog catalog, GatewayMetering metering, ChannelHealth health, TokenCounter tokens, IHttpClientFactory clients,
    IOptions<GatewayOptions> options, ILogger<GatewayProxy> logger)
{
    public const string ChatKind = "chat";
    public const string EmbeddingsKind = "embeddings";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Task ChatCompletionsAsync(HttpContext http) => ProxyAsync(http, ChatKind, "chat/completions");

    public Task EmbeddingsAsync(HttpContext http) => ProxyAsync(http, EmbeddingsKind, "embeddings");

    private async Task ProxyAsync(HttpContext http, string kind, string path)
    {
        var key = http.Features.Get<CallerKey>();
        if (key is null)
        {
            await Unauthenticated(http).ExecuteAsync(http);
            return;
        }

        var (request, error) = await ReadAsync(http, kind);
        if (error is not null)
        {
            await error.ExecuteAsync(http);
            return;
        }

        var modelName = (string)request!.Body["model"]!;
        var snapshot = await catalog.GetAsync(http.RequestAborted);
        if (!snapshot.Models.TryGetValue(modelName, out var model) || !model.Published)
        {
            await OpenAiErrors.ModelNotFound(modelName).ExecuteAsync(http);
            return;
        }

        if (!key.AllowsModel(modelName))
        {
            await OpenAiErrors.Create(StatusCodes.Status403Forbidden, OpenAiErrors.Permission, "model_not_allowed",
                $"This key may only call {string.Join(", ", key.AllowedModels!.Order(StringComparer.Ordinal).Select(m => $"'{m}'"))}. Use another key, or create one that includes '{modelName}'.", "model").ExecuteAsync(http);
            return;
        }

        if (model.Kind != kind)
        {
            await OpenAiErrors.BadRequest("wrong_endpoint",
                $"'{modelName}' is {(model.Kind == ChatKind ? "a chat model: call POST /openai/v1/chat/completions" : "an embeddings model: call POST /openai/v1/embeddings")}.", "model").ExecuteAsync(http);
            return;
        }

        if (model.Channels.Count == 0)
        {
            await OpenAiErrors.Create(StatusCodes.Status503ServiceUnavailable, OpenAiErrors.Api, "no_channel_available",
                $"No upstream channel serving '{modelName}' is enabled right now (disabled channels are re-tested every {options.Value.ProbeInterval.TotalSeconds:0} s). Retry later.").ExecuteAsync(http);
            return;
        }

        var (admission, refusal) = await metering.AdmitAsync(http, key, model, request.InputEstimate, request.OutputEstimate, http.RequestAborted);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(http);
            return;
        }

        try
        {
            await SendAsync(http, request, admission!, path);
        }
        finally
        {
            if (!admission!.Settling)
            {
                admission.Dispose();
            }
        }
    }

    private async Task SendAsync(HttpContext http, ProxiedRequest request, GatewayAdmission admission, string path)
    {
        var model = admission.Model;
        var client = clients.CreateClient(GatewayRegistration.UpstreamClient);
        var tried = new List<Guid>(options.Value.MaxAttempts);
        string? lastFailure = null;
        while (tried.Count < options.Value.MaxAttempts && ChannelRouter.Next(model.Channels, tried) is { } channel)
        {
            tried.Add(channel.Id);
            request.Body["model"] = channel.UpstreamNames[model.Name];
            using var message = new HttpRequestMessage(HttpMethod.Post, channel.Endpoint(path));
            message.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request.Body));
            message.Content.Headers.ContentType = Json;
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", channel.ApiKey);

            // Cancelled when the client leaves (which cancels the upstream request) or the upstream is too slow to answer.
            using var upstream = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            upstream.CancelAfter(options.Value.UpstreamTimeout);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, upstream.Token);
            }
            catch (HttpRequestException e)
            {
                // The detail (which host, which socket error) goes to the channel's lastError, not to the caller.
                lastFailure = "connection error";
                await health.RecordFailureAsync(channel, $"connection error: {e.Message}");
                continue;
            }
            catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
            {
                lastFailure = $"no response within {options.Value.UpstreamTimeout.TotalSeconds:0.###} s";
                await health.RecordFailureAsync(channel, lastFailure);
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 401 or 403 or 429 or >= 500)
                {
                    lastFailure = $"answered {status}";
                    await health.RecordFailureAsync(channel, lastFailure);
                    continue;
                }

                health.RecordSuccess(channel.Id);
                // The answer has begun: from here the timeout no longer applies, only the client's presence does.
                upstream.CancelAfter(Timeout.InfiniteTimeSpan);
                if (status >= 300)
                {
                    // The upstream refused the request itself (400, 404, 422...): the caller's to fix, not billed.
                    await PassThroughAsync(http, response, upstream.Token);
                }
                else if (request.Stream && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
                {
                    await StreamAsync(http, request, admission, channel, response, upstream);
                }
                else
                {
                    await ForwardAsync(http, request, admission, channel, response, upstream.Token);
                }

                return;
            }
        }

        await OpenAiErrors.Create(StatusCodes.Status502BadGateway, OpenAiErrors.Api, "upstream_unavailable",
            $"{tried.Count} upstream channel(s) for '{model.Name}' failed (last: {lastFailure}). Nothing was charged; retry later.").ExecuteAsync(http);
    }

    private async Task ForwardAsync(HttpContext http, ProxiedRequest request, GatewayAdmission admission, RoutedChannel channel, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var usage = UpstreamUsage.Read(body);
        var input = usage?.PromptTokens ?? request.InputEstimate;
        var output = usage?.CompletionTokens ?? (request.Kind == ChatKind ? tokens.Count(UpstreamUsage.CompletionText(body)) : 0);
        // Queued once the answer has been handed to the client (or the client has gone), so the usage writer's work
        // never delays the answer; committed by the group commit. The hold on the balance stays until the commit, so
        // budgets stay exact; a crash before the commit loses this call's charge, never bills it twice.
        try
        {
            http.Response.StatusCode = (int)response.StatusCode;
            http.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body, http.RequestAborted);
        }
        finally
        {
            _ = WarnIfNotChargedAsync(metering.SettleAsync(admission, channel, input, output, GatewayMetering.CompletedOutcome), admission.Model.Name, input, output);
        }
    }

    private async Task WarnIfNotChargedAsync(Task<RecordOutcome> settled, string model, long input, long output)
    {
        try
        {
            var recorded = await settled;
            if (recorded != RecordOutcome.Recorded)
            {
                // Only when the balance or cap no longer covered the charge at commit (spent elsewhere, or the upstream
                // used more than was held): the call is recorded with its tokens and cost but no revenue.
                logger.LogWarning("Gateway call of {Model} ({Input}+{Output} tokens) was answered and recorded, but not charged: {Outcome}", model, input, output, recorded);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Recording a gateway call of {Model} ({Input}+{Output} tokens) failed", model, input, output);
        }
    }

    private async Task StreamAsync(HttpContext http, ProxiedRequest request, GatewayAdmission admission, RoutedChannel channel, HttpResponseMessage response, CancellationTokenSource upstream)
    {
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";

        var scanner = new SseUsageScanner();
        var outcome = GatewayMetering.CompletedOutcome;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await using var source = await response.Content.ReadAsStreamAsync(upstream.Token);
            await http.Response.StartAsync(http.RequestAborted);
            while (true)
            {
                var read = await source.ReadAsync(buffer, upstream.Token);
                if (read == 0)
                {
                    break;
                }

                await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                // Counted only once written: what the client was sent is what it is billed for if it leaves.
                scanner.Feed(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            outcome = http.RequestAborted.IsCancellationRequested ? GatewayMetering.DisconnectedOutcome : "upstream-interrupted";
            await upstream.CancelAsync();
            logger.LogInformation("Gateway stream of {Model} through {Channel} ended early: {Outcome}", admission.Model.Name, channel.Name, outcome);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (outcome == GatewayMetering.CompletedOutcome)
        {
            // Ends the chunked body now, so the client is not kept waiting for the usage to be committed.
            await http.Response.CompleteAsync();
        }

        // The final usage chunk counts when it arrived; otherwise the prompt as estimated and the text delivered.
        var usage = scanner.Usage;
        var input = usage?.PromptTokens ?? request.InputEstimate;
        var output = usage?.CompletionTokens ?? tokens.Count(scanner.DeliveredText);
        await WarnIfNotChargedAsync(metering.SettleAsync(admission, channel, input, output, outcome), admission.Model.Name, input, output);
    }

    private static async Task PassThroughAsync(HttpContext http, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        http.Response.StatusCode = (int)response.StatusCode;
        http.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>The request body, checked, with what admission needs to know about it.</summary>
    private sealed record ProxiedRequest(string Kind, JsonObject Body, bool Stream, long InputEstimate, long OutputEstimate);

    private async Task<(ProxiedRequest? Request, IResult? Error)> ReadAsync(HttpContext http, string kind)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException e)
        {
            return (null, OpenAiErrors.BadRequest("invalid_json", $"The request body is not valid JSON ({e.Message}). Send a JSON object with Content-Type: application/json."));
        }

        if (body is null)
        {
            return (null, OpenAiErrors.BadRequest("invalid_json", "The request body must be a JSON object, e.g. {\"model\":\"...\",\"messages\":[...]}."));
        }

        if (body["model"] is not JsonValue modelValue || modelValue.GetValueKind() != JsonValueKind.String || string.IsNullOrEmpty(modelValue.GetValue<string>()))
        {
            return (null, OpenAiErrors.BadRequest("missing_required_parameter", "Missing required parameter: 'model'. GET /openai/v1/models lists the models this key may use.", "model"));
        }

        if (kind == EmbeddingsKind)
        {
            var input = body["input"];
            if (input is null || (input is JsonArray { Count: 0 }) || (input is JsonValue v && v.GetValueKind() != JsonValueKind.String))
            {
                return (null, OpenAiErrors.BadRequest("missing_required_parameter", "Missing required parameter: 'input' (a string or an array of strings).", "input"));
            }

            return (new ProxiedRequest(kind, body, false, tokens.CountInput(input), 0), null);
        }

        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return (null, OpenAiErrors.BadRequest("missing_required_parameter",
                "Missing required parameter: 'messages' (a non-empty array such as [{\"role\":\"user\",\"content\":\"Hello\"}]).", "messages"));
        }

        long? maxTokens = null;
        foreach (var name in (ReadOnlySpan<string>)["max_completion_tokens", "max_tokens"])
        {
            if (body[name] is JsonNode node)
            {
                if (node is not JsonValue value || !value.TryGetValue<long>(out var max) || max < 1)
                {
                    return (null, OpenAiErrors.BadRequest("invalid_value", $"'{name}' must be a positive whole number of tokens.", name));
                }

                maxTokens ??= max;
            }
        }

        var stream = body["stream"] is JsonValue s && s.GetValueKind() == JsonValueKind.True;
        if (stream)
        {
            // Ask for the final usage chunk, so a stream is billed by what the upstream counted.
            if (body["stream_options"] is JsonObject streamOptions)
            {
                streamOptions["include_usage"] = true;
            }
            else
            {
                body["stream_options"] = new JsonObject { ["include_usage"] = true };
            }
        }

        return (new ProxiedRequest(kind, body, stream, tokens.CountMessages(messages), maxTokens ?? options.Value.DefaultMaxTokens), null);
    }

    /// <summary>Authentication's own refusal (missing, malformed, unknown, revoked or expired key) in OpenAI's shape.</summary>
    internal static IResult Unauthenticated(HttpContext http)
    {
        var (code, detail, status) = http.Items[nameof(ApiKeyAuthenticationHandler)] as (string, string, int)?
            ?? ("missing-api-key", "No API key was sent. Add the header 'Authorization: Bearer mm_...' (OpenAI SDKs: api_key=\"mm_...\").", StatusCodes.Status401Unauthorized);
        return OpenAiErrors.Create(status, status == StatusCodes.Status401Unauthorized ? OpenAiErrors.Authentication : OpenAiErrors.Permission, code.Replace('-', '_'), detail);
    }
}
