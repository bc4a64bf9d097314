using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelMint.Data;
using ModelMint.Data.Webhooks;
using ModelMint.Server.Hosting;

namespace ModelMint.Server.Webhooks;

/// <summary>
/// Enqueues an event for every endpoint of the organisation that subscribes to its type; <see cref="WebhookDispatcher"/>
/// sends it. Idempotent on (endpoint, <c>eventKey</c>): publishing the same event again enqueues nothing, so callers
/// may publish from code that can run twice (a retried job, two nodes). Saves through the scope's
/// <see cref="ModelMintDbContext"/>: call it inside your transaction to make the event commit (or roll back) with the
/// change that caused it, or after your own <c>SaveChangesAsync</c>.
/// </summary>
public sealed class WebhookPublisher(ModelMintDbContext db, TimeProvider time, WebhookSignal signal)
{
    public const int MaxEventKeyLength = 200;

    /// <summary>
    /// Publishes <paramref name="payload"/> (the <c>data</c> of the delivered event, serialised with web defaults:
    /// camelCase) as <paramref name="eventType"/>. <paramref name="eventKey"/> names the event, e.g.
    /// <c>invoice.finalized:{invoiceId}</c>. Returns how many deliveries were enqueued (0 when nobody subscribes or
    /// the event was published before).
    /// </summary>
    public async Task<int> PublishAsync(Guid accountId, string eventType, string eventKey, object payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventKey);
        if (!WebhookEvents.IsKnown(eventType))
        {
            throw new ArgumentException($"'{eventType}' is not a webhook event type; add it to {nameof(WebhookEvents)} first.", nameof(eventType));
        }

        if (eventKey.Length > MaxEventKeyLength)
        {
            throw new ArgumentException($"An event key has at most {MaxEventKeyLength} characters.", nameof(eventKey));
        }

        var endpoints = await SubscribersAsync(accountId, eventType, cancellationToken);
        for (var attempt = 0; endpoints.Count > 0 && attempt < 3; attempt++)
        {
            var published = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => endpoints.Contains(d.EndpointId) && d.EventKey == eventKey)
                .Select(d => d.EndpointId)
                .ToListAsync(cancellationToken);
            var missing = endpoints.Except(published).ToList();
            if (missing.Count == 0)
            {
                return 0;
            }

            var now = time.GetUtcNow();
            // One body for all endpoints, stored as sent: retries repeat it byte for byte, under the same event id.
            var body = JsonSerializer.Serialize(new WebhookEventEnvelope(Guid.CreateVersion7(), eventType, now, payload), JsonSerializerOptions.Web);
            var deliveries = missing.Select(endpointId => new WebhookDelivery
            {
                Id = Guid.CreateVersion7(),
                EndpointId = endpointId,
                AccountId = accountId,
                EventType = eventType,
                EventKey = eventKey,
                PayloadJson = body,
                Status = WebhookDeliveryStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            }).ToList();
            db.WebhookDeliveries.AddRange(deliveries);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                signal.Notify();
                return deliveries.Count;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // The same event was published concurrently (another node, another worker): look again at what is missing.
                deliveries.ForEach(d => db.Entry(d).State = EntityState.Detached);
            }
        }

        return 0;
    }

    /// <summary>The organisation's enabled endpoints that subscribe to <paramref name="eventType"/>.</summary>
    public async Task<List<Guid>> SubscribersAsync(Guid accountId, string eventType, CancellationToken cancellationToken)
    {
        var quoted = JsonSerializer.Serialize(eventType);
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.Enabled && e.EventsJson.Contains(quoted))
            .Select(e => new { e.Id, e.EventsJson })
            .ToListAsync(cancellationToken);
        return endpoints.Where(e => WebhookEndpointEvents.Read(e.EventsJson).Contains(eventType, StringComparer.Ordinal)).Select(e => e.Id).ToList();
    }
}

/// <summary>The stored form of an endpoint's subscriptions (<see cref="WebhookEndpoint.EventsJson"/>).</summary>
internal static class WebhookEndpointEvents
{
    public static string Write(IEnumerable<string> events) => JsonSerializer.Serialize(events.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());

    public static string[] Read(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}

/// <summary>The states of a delivery: <c>pending</c> until a 2xx answer (<c>delivered</c>) or the last attempt (<c>failed</c>).</summary>
public static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
