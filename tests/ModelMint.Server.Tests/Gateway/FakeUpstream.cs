using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelMint.Server.Gateway;

namespace ModelMint.Server.Tests.Gateway;

/// <summary>
/// A stand-in OpenAI-compatible provider on loopback (a Kestrel minimal app): chat completions (plain and
/// streamed, one " hello" token per chunk, <c>max_tokens</c> of them), embeddings and the model list. It counts
/// prompts with OpenAI's framing (the gateway's <see cref="TokenCounter"/>), so its usage is what OpenAI would
/// report for o200k models. Tests switch it to failing answers, slow it down and watch for cancelled streams.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    public const string ApiKey = "sk-upstream-secret-0123456789";
    private static readonly TokenCounter Tokens = new();
    private readonly WebApplication app;

    private FakeUpstream(WebApplication app) => this.app = app;

    /// <summary>0 answers normally; any other status is returned by every endpoint.</summary>
    public int FailWith { get; set; }

    /// <summary>Whether answers carry <c>usage</c> (the gateway counts tokens itself when they do not).</summary>
    public bool ReportUsage { get; set; } = true;

    public TimeSpan ChunkDelay { get; set; }

    public TimeSpan ResponseDelay { get; set; }

    public int Requests => requests;

    /// <summary>Chat and embeddings requests received (re-tests of <c>/models</c> not included).</summary>
    public int Chats() => Bodies.Count;

    public ConcurrentQueue<JsonObject> Bodies { get; } = new();

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>Completed when a stream's client (the gateway) went away before the stream ended.</summary>
    public TaskCompletionSource StreamAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string BaseUrl => app.Urls.First() + "/v1";

    private int requests;

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.MapPost("/v1/chat/completions", upstream.ChatAsync);
        app.MapPost("/v1/embeddings", upstream.EmbeddingsAsync);
        app.MapGet("/v1/models", upstream.ModelsAsync);
        await app.StartAsync();
        return upstream;
    }

    /// <summary>A loopback URL where nothing listens: connections are refused.</summary>
    public static string RefusingBaseUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/v1";
    }

    private async Task<bool> FailedAsync(HttpContext http)
    {
        Interlocked.Increment(ref requests);
        Authorizations.Enqueue(http.Request.Headers.Authorization);
        if (ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(ResponseDelay, http.RequestAborted);
        }

        if (FailWith == 0)
        {
            return false;
        }

        http.Response.StatusCode = FailWith;
        await http.Response.WriteAsJsonAsync(new { error = new { message = "stand-in failure", type = "server_error", param = (string?)null, code = (string?)null } });
        return true;
    }

    private async Task ChatAsync(HttpContext http)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
        Bodies.Enqueue(body);
        if (await FailedAsync(http))
        {
            return;
        }

        var model = (string)body["model"]!;
        var count = (int?)(body["max_completion_tokens"] ?? body["max_tokens"]) ?? 5;
        var prompt = Tokens.CountMessages((JsonArray)body["messages"]!);
        var usage = new { prompt_tokens = prompt, completion_tokens = count, total_tokens = prompt + count };
        if ((bool?)body["stream"] != true)
        {
            await http.Response.WriteAsJsonAsync(new Dictionary<string, object?>
            {
                ["id"] = "chatcmpl-fake",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = model,
                ["choices"] = new[] { new { index = 0, message = new { role = "assistant", content = string.Concat(Enumerable.Repeat(" hello", count)) }, finish_reason = "length" } },
                ["usage"] = ReportUsage ? usage : null,
            });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        try
        {
            await SendAsync(http, Chunk(model, new { role = "assistant", content = "" }, null));
            for (var i = 0; i < count; i++)
            {
                if (ChunkDelay > TimeSpan.Zero)
                {
                    await Task.Delay(ChunkDelay, http.RequestAborted);
                }

                await SendAsync(http, Chunk(model, new { content = " hello" }, null));
            }

            await SendAsync(http, Chunk(model, new { }, "length"));
            if (ReportUsage && (bool?)body["stream_options"]?["include_usage"] == true)
            {
                await SendAsync(http, JsonSerializer.Serialize(new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = Array.Empty<object>(), usage }));
            }

            await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            StreamAborted.TrySetResult();
        }
    }

    private static string Chunk(string model, object delta, string? finish) =>
        JsonSerializer.Serialize(new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = new[] { new { index = 0, delta, finish_reason = finish } } });

    private static async Task SendAsync(HttpContext http, string json)
    {
        await http.Response.WriteAsync("data: " + json + "\n\n", Encoding.UTF8, http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private async Task EmbeddingsAsync(HttpContext http)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(http.Request.Body))!;
        Bodies.Enqueue(body);
        if (await FailedAsync(http))
        {
            return;
        }

        var input = body["input"]!;
        var n = input is JsonArray a ? a.Count : 1;
        var prompt = Tokens.CountInput(input);
        await http.Response.WriteAsJsonAsync(new
        {
            @object = "list",
            data = Enumerable.Range(0, n).Select(i => new { @object = "embedding", index = i, embedding = new[] { 0.25, -0.5, 0.125 } }),
            model = (string)body["model"]!,
            usage = new { prompt_tokens = prompt, total_tokens = prompt },
        });
    }

    private async Task ModelsAsync(HttpContext http)
    {
        if (await FailedAsync(http))
        {
            return;
        }

        await http.Response.WriteAsJsonAsync(new { @object = "list", data = new[] { new { id = "upstream-model", @object = "model", created = 1_700_000_000, owned_by = "fake" } } });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
