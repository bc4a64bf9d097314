using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ModelMint.Server.Webhooks;

/// <summary>Wakes the dispatcher when an event is published on this node, instead of waiting for the next poll.</summary>
public sealed class WebhookSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await channel.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// A thin loop: claim the due deliveries, send them concurrently, record each result;
/// sleep until signalled or polled. Which deliveries are due is decided by the injected <see cref="TimeProvider"/>;
/// the poll interval itself is wall-clock time.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, WebhookSignal signal, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) > 0)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be briefly unavailable; keep the dispatcher alive and try again on the next tick.
                logger.LogError(e, "Webhook dispatcher iteration failed");
            }

            await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    /// <summary>One round; returns how many deliveries were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ClaimedDelivery> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            claimed = await scope.ServiceProvider.GetRequiredService<WebhookDeliveryQueue>().ClaimDueAsync(options.Value.BatchSize, cancellationToken);
        }

        await Task.WhenAll(claimed.Select(c => DeliverAsync(c, cancellationToken)));
        return claimed.Count;
    }

    private async Task DeliverAsync(ClaimedDelivery claim, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<WebhookSender>().SendAsync(claim, cancellationToken);
        var status = await scope.ServiceProvider.GetRequiredService<WebhookDeliveryQueue>().RecordAsync(claim, result, cancellationToken);
        if (result.Delivered)
        {
            logger.LogInformation("Webhook {DeliveryId} ({EventType}) delivered on attempt {Attempt}", claim.Id, claim.EventType, claim.Attempt);
        }
        else
        {
            logger.LogWarning("Webhook {DeliveryId} ({EventType}) attempt {Attempt} failed ({Error}); now {Status}",
                claim.Id, claim.EventType, claim.Attempt, result.Error, status ?? "gone");
        }
    }
}

/// <summary>
/// Sends one attempt: POST of the stored body with <c>ModelMint-Signature</c> (signed now, with the endpoint's secret),
/// <c>ModelMint-Event</c>, <c>ModelMint-Delivery</c> and <c>ModelMint-Attempt</c>. Redirects are not followed and
/// answers other than 2xx count as failures; the body of the answer is not read.
/// </summary>
public sealed class WebhookSender(HttpClient http, WebhookSecrets secrets, TimeProvider time, IOptions<WebhookOptions> options)
{
    public async Task<DeliveryAttemptResult> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        string secret;
        try
        {
            secret = secrets.Unprotect(delivery.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            return new DeliveryAttemptResult(false, null,
                "The endpoint's signing secret cannot be read: the key ring in the data folder (keys/) was lost or replaced. Delete the endpoint and create it again.");
        }

        var body = Encoding.UTF8.GetBytes(delivery.PayloadJson);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Create(secret, time.GetUtcNow(), body));
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Event, delivery.EventType);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Delivery, delivery.Id.ToString());
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Attempt, delivery.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new DeliveryAttemptResult(true, code, null)
                : new DeliveryAttemptResult(false, code, $"The endpoint answered {code}{(string.IsNullOrEmpty(response.ReasonPhrase) ? string.Empty : " " + response.ReasonPhrase)}; only 2xx counts as delivered.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryAttemptResult(false, null, $"No answer within {options.Value.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryAttemptResult(false, null, e.Message);
        }
    }
}

/// <summary>The headers every delivery carries besides <see cref="WebhookSignature.HeaderName"/>.</summary>
public static class WebhookHeaders
{
    public const string Event = "ModelMint-Event";
    public const string Delivery = "ModelMint-Delivery";
    public const string Attempt = "ModelMint-Attempt";
}
