using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

// Two tools for bench/gateway/run.sh:
//   upstream --port P --delay-ms D [--chunks N]   a stand-in OpenAI-compatible provider on loopback: every answer waits
//                                                 D ms, then a chat completion (or N stream chunks, no further delay)
//   measure --direct URL --gateway URL --key K --upstream-key K2 --model M --calls N
//                                                 N sequential calls per case, direct and through the gateway in turn,
//                                                 printing one JSON line of medians and percentiles in microseconds
return args.FirstOrDefault() switch
{
    "upstream" => await Upstream.RunAsync(Arguments.Parse(args[1..])),
    "measure" => await Measure.RunAsync(Arguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ModelMint.Bench.Gateway upstream --port P --delay-ms D [--chunks N] | measure --direct URL --gateway URL --key K --upstream-key K --model M [--calls N]");
    return 2;
}

internal static class Arguments
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return values;
    }

    public static int Int(this Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}

internal static class Upstream
{
    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var delay = TimeSpan.FromMilliseconds(options.Int("delay-ms", 20));
        var chunks = options.Int("chunks", 8);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Int("port", 0)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var completion = Encoding.UTF8.GetBytes(
            """{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there, how can I help?"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}""");
        var chunk = Encoding.UTF8.GetBytes("""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench","choices":[{"index":0,"delta":{"content":" hello"},"finish_reason":null}]}""" + "\n\n");
        var usage = Encoding.UTF8.GetBytes("""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}""" + "\n\ndata: [DONE]\n\n");
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = Array.Empty<object>() }));
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            await Task.Delay(delay);
            if (body.RootElement.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
            {
                http.Response.ContentType = "text/event-stream";
                for (var i = 0; i < chunks; i++)
                {
                    await http.Response.Body.WriteAsync(chunk);
                    await http.Response.Body.FlushAsync();
                }

                await http.Response.Body.WriteAsync(usage);
                return;
            }

            http.Response.ContentType = "application/json";
            http.Response.ContentLength = completion.Length;
            await http.Response.Body.WriteAsync(completion);
        });
        await app.StartAsync();
        Console.WriteLine(app.Urls.First());
        await app.WaitForShutdownAsync();
        return 0;
    }
}

internal static class Measure
{
    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var calls = options.Int("calls", 1000);
        var model = options["model"];
        using var handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler);
        var direct = (Url: options["direct"].TrimEnd('/') + "/chat/completions", Key: options["upstream-key"]);
        var gateway = (Url: options["gateway"].TrimEnd('/') + "/chat/completions", Key: options["key"]);
        var plain = JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = "Say hello" } }, max_tokens = 16 });
        var streamed = JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = "Say hello" } }, max_tokens = 16, stream = true });

        // The operator's own key calls free: no wallet or spend-cap reads, no charge. Its difference to the developer's
        // key is the price of the charged path's admission and settlement.
        (string Url, string Key)? free = options.TryGetValue("free-key", out var freeKey) ? (gateway.Url, freeKey) : null;

        // Warm every path (connections, JIT, caches) before anything is timed.
        for (var i = 0; i < 50; i++)
        {
            await TimeAsync(client, direct, plain, firstChunk: false);
            await TimeAsync(client, gateway, plain, firstChunk: false);
            await TimeAsync(client, direct, streamed, firstChunk: true);
            await TimeAsync(client, gateway, streamed, firstChunk: true);
            if (free is { } f)
            {
                await TimeAsync(client, f, plain, firstChunk: false);
            }
        }

        var samples = new Dictionary<string, List<double>> { ["direct"] = [], ["gateway"] = [], ["directFirstChunk"] = [], ["gatewayFirstChunk"] = [] };
        if (free is not null)
        {
            samples["directBeforeFree"] = [];
            samples["gatewayFree"] = [];
        }

        // Interleaved, so drift in the machine's load affects both sides alike. Each gateway call follows a direct one,
        // whose pair it is: right after another gateway call it would share the cores with that call's usage commit.
        for (var i = 0; i < calls; i++)
        {
            samples["direct"].Add(await TimeAsync(client, direct, plain, firstChunk: false));
            samples["gateway"].Add(await TimeAsync(client, gateway, plain, firstChunk: false));
            samples["directFirstChunk"].Add(await TimeAsync(client, direct, streamed, firstChunk: true));
            samples["gatewayFirstChunk"].Add(await TimeAsync(client, gateway, streamed, firstChunk: true));
            if (free is { } f)
            {
                samples["directBeforeFree"].Add(await TimeAsync(client, direct, plain, firstChunk: false));
                samples["gatewayFree"].Add(await TimeAsync(client, f, plain, firstChunk: false));
            }
        }

        var result = samples.ToDictionary(s => s.Key, s => new { p50 = Percentile(s.Value, 0.5), p90 = Percentile(s.Value, 0.9), p99 = Percentile(s.Value, 0.99) });
        var paired = new
        {
            calls,
            addedMedianUs = Median(samples["gateway"].Zip(samples["direct"], (g, d) => g - d).ToList()),
            addedFirstChunkMedianUs = Median(samples["gatewayFirstChunk"].Zip(samples["directFirstChunk"], (g, d) => g - d).ToList()),
            addedFreeMedianUs = free is null ? (double?)null : Median(samples["gatewayFree"].Zip(samples["directBeforeFree"], (g, d) => g - d).ToList()),
            cases = result,
        };
        Console.WriteLine(JsonSerializer.Serialize(paired));
        return 0;
    }

    /// <summary>Microseconds from sending the request to the whole body (or, for a stream, its first chunk) read.</summary>
    private static async Task<double> TimeAsync(HttpClient client, (string Url, string Key) target, string body, bool firstChunk)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Key);
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{target.Url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        double elapsed;
        if (firstChunk)
        {
            _ = await stream.ReadAsync(buffer);
            elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
        else
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }

            elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        return elapsed;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return Math.Round(sorted[low] + ((sorted[high] - sorted[low]) * (rank - low)), 1);
    }
}
