using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;

namespace ModelMint.Server.Webhooks;

/// <summary>A delivery this dispatcher holds for one attempt (<see cref="Attempt"/> counts from 1).</summary>
public sealed record ClaimedDelivery(Guid Id, Guid EndpointId, string Url, string ProtectedSecret, string EventType, string PayloadJson, int Attempt);

/// <summary>How one attempt went: delivered on a 2xx answer; otherwise the status code or the error that stopped it.</summary>
public sealed record DeliveryAttemptResult(bool Delivered, int? StatusCode, string? Error);

/// <summary>
/// The retry schedule: after a failed attempt n the next is due 10 s, 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, then every
/// 12 h later, until <see cref="WebhookOptions.MaxAttempts"/> (8 by default: about 10 hours in all).
/// </summary>
public static class WebhookBackoff
{
    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
    ];

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1 = the first).</summary>
    public static TimeSpan After(int attempt) => Delays[Math.Clamp(attempt, 1, Delays.Length) - 1];
}

/// <summary>
/// The database as the delivery queue. A claim is a conditional update that bumps <c>Attempts</c> (the claim token)
/// and leases the row by moving <c>NextAttemptAt</c> past the HTTP timeout, so two dispatchers (threads or nodes)
/// never send the same attempt, and a delivery whose dispatcher died mid-attempt is retried when the lease ends.
/// Results are written only while the claim still holds.
/// </summary>
public sealed class WebhookDeliveryQueue(ModelMintDbContext db, TimeProvider time, IOptions<WebhookOptions> options)
{
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries for one attempt each. A due delivery with no attempts left
    /// (its last attempt's dispatcher stopped before recording a result, or <c>MaxAttempts</c> was lowered) is marked
    /// failed instead.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimDueAsync(int limit, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var candidates = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => new { d.Id, d.Attempts })
            .Take(limit)
            .ToListAsync(cancellationToken);
        var leasedUntil = now + settings.Timeout + LeaseMargin;
        var claimed = new Dictionary<Guid, int>();
        foreach (var candidate in candidates)
        {
            var held = db.WebhookDeliveries.Where(d => d.Id == candidate.Id && d.Status == WebhookDeliveryStatus.Pending && d.Attempts == candidate.Attempts && d.NextAttemptAt <= now);
            if (candidate.Attempts >= settings.MaxAttempts)
            {
                await held.ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, WebhookDeliveryStatus.Failed)
                    .SetProperty(d => d.LastError, d => d.LastError ?? "The last attempt did not finish (the server stopped while sending)."), cancellationToken);
                continue;
            }

            var updated = await held.ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, candidate.Attempts + 1).SetProperty(d => d.NextAttemptAt, leasedUntil), cancellationToken);
            if (updated == 1)
            {
                claimed[candidate.Id] = candidate.Attempts + 1;
            }
        }

        if (claimed.Count == 0)
        {
            return [];
        }

        var ids = claimed.Keys.ToList();
        var rows = await (
                from d in db.WebhookDeliveries.AsNoTracking()
                join e in db.WebhookEndpoints.AsNoTracking() on d.EndpointId equals e.Id
                where ids.Contains(d.Id)
                select new { d.Id, d.EndpointId, e.Url, e.ProtectedSecret, d.EventType, d.PayloadJson })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ClaimedDelivery(r.Id, r.EndpointId, r.Url, r.ProtectedSecret, r.EventType, r.PayloadJson, claimed[r.Id])).ToList();
    }

    /// <summary>Records an attempt's result; returns the delivery's new status, or null when the claim was lost (e.g. the endpoint was deleted).</summary>
    public async Task<string?> RecordAsync(ClaimedDelivery claim, DeliveryAttemptResult result, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var error = result.Error is { Length: > 2000 } text ? text[..2000] : result.Error;
        var held = db.WebhookDeliveries.Where(d => d.Id == claim.Id && d.Status == WebhookDeliveryStatus.Pending && d.Attempts == claim.Attempt);
        string status;
        int updated;
        if (result.Delivered)
        {
            status = WebhookDeliveryStatus.Delivered;
            updated = await held.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.DeliveredAt, now)
                .SetProperty(d => d.LastStatusCode, result.StatusCode)
                .SetProperty(d => d.LastError, (string?)null), cancellationToken);
        }
        else
        {
            var giveUp = claim.Attempt >= options.Value.MaxAttempts;
            status = giveUp ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
            var next = giveUp ? now : now + WebhookBackoff.After(claim.Attempt);
            updated = await held.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.LastStatusCode, result.StatusCode)
                .SetProperty(d => d.LastError, error), cancellationToken);
        }

        return updated == 1 ? status : null;
    }
}
