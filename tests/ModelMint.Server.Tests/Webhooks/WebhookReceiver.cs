using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelMint.Server.Webhooks;

namespace ModelMint.Server.Tests.Webhooks;

/// <summary>One request the receiver got, with the outcome of checking its signature against the endpoint's secret.</summary>
public sealed record ReceivedWebhook(string Body, string? Signature, string? Event, string? Delivery, string? Attempt, bool SignatureValid, int AnsweredWith)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>
/// A real HTTP receiver on loopback (Kestrel on 127.0.0.1, a free port): records every request, verifies its
/// signature with <see cref="WebhookSignature.Verify(string, string?, ReadOnlySpan{byte}, DateTimeOffset, TimeSpan)"/>
/// and answers with the planned status codes (then 200).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly ConcurrentQueue<int> planned = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public string Url { get; private set; } = string.Empty;

    /// <summary>The endpoint's secret from its creation; set before deliveries arrive.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>The receiver's clock for the timestamp check (the server's fake clock in tests that freeze time).</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver.app.MapPost("/hooks", receiver.HandleAsync);
        await receiver.app.StartAsync();
        receiver.Url = receiver.app.Urls.Single() + "/hooks";
        return receiver;
    }

    /// <summary>Answer the next requests with these status codes, in order; 200 afterwards.</summary>
    public void RespondWith(params int[] statusCodes)
    {
        foreach (var code in statusCodes)
        {
            planned.Enqueue(code);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        var signature = context.Request.Headers[WebhookSignature.HeaderName].ToString();
        var valid = WebhookSignature.Verify(Secret, signature, bytes, Now(), WebhookSignature.DefaultTolerance);
        var status = planned.TryDequeue(out var code) ? code : StatusCodes.Status200OK;
        received.Enqueue(new ReceivedWebhook(System.Text.Encoding.UTF8.GetString(bytes), signature,
            context.Request.Headers[WebhookHeaders.Event], context.Request.Headers[WebhookHeaders.Delivery], context.Request.Headers[WebhookHeaders.Attempt],
            valid, status));
        context.Response.StatusCode = status;
    }

    /// <summary>Waits until the received requests satisfy <paramref name="condition"/>; fails the test after the timeout.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var snapshot = Received;
            if (condition(snapshot))
            {
                return snapshot;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The receiver did not get the expected requests; it got {snapshot.Count}: {string.Join(" | ", snapshot.Select(r => r.Body))}");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
