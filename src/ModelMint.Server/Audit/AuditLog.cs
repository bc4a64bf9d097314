using System.Net;
using System.Text.Json;
using ModelMint.Data;
using ModelMint.Data.Audit;
using ModelMint.Server.Accounts;

namespace ModelMint.Server.Audit;

/// <summary>The names of audited actions, <c>noun.verb</c>; every state-changing route records one (<see cref="AuditLog"/>).</summary>
public static class AuditActions
{
    public const string SignedUp = "account.signed-up";
    public const string SignedIn = "session.signed-in";
    public const string SignInFailed = "session.sign-in-failed";
    public const string SignedOut = "session.signed-out";
    public const string MemberAdded = "member.added";
    public const string MemberRemoved = "member.removed";
    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string DatasetUploaded = "dataset.uploaded";
    public const string TrainingQueued = "training-job.queued";
    public const string TrainingCancelled = "training-job.cancelled";
    public const string AliasMoved = "model.alias-moved";
    public const string RoutingSet = "model.routing-set";
    public const string RoutingCleared = "model.routing-cleared";
    public const string ListingUpdated = "listing.updated";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookDeleted = "webhook.deleted";
    public const string SpendCapSet = "spend-cap.set";
    public const string SpendCapRemoved = "spend-cap.removed";
    public const string CodeRedeemed = "credit.redeemed";
    public const string PlanSubscribed = "plan.subscribed";
    public const string PlanCancelled = "plan.cancelled";
    public const string PlanCreated = "plan.created";
    public const string PlanArchived = "plan.archived";
    public const string CreditGranted = "credit.granted";
    public const string RedemptionBatchCreated = "redemption-batch.created";
    public const string PriceBoundSet = "price-bound.set";
    public const string PlatformFeeSet = "platform-fee.set";
    public const string BillingRun = "billing.run";
    public const string InvoiceFinalized = "invoice.finalized";
    public const string InvoicePaid = "invoice.paid";
    public const string InvoiceVoided = "invoice.voided";
    public const string ChannelCreated = "gateway-channel.created";
    public const string ChannelUpdated = "gateway-channel.updated";
    public const string ChannelDeleted = "gateway-channel.deleted";
    public const string GatewayModelSet = "gateway-model.set";
}

/// <summary>Who acted: the organisation, the user of a sign-in session, the key (or session), and the client address.</summary>
public sealed record Actor(Guid? AccountId, Guid? UserId, Guid? KeyId, IPAddress? Address)
{
    /// <summary>The caller of a request (anonymous: only its address).</summary>
    public static Actor Of(HttpContext http)
    {
        var user = http.User;
        return user.Identity?.IsAuthenticated == true
            ? new(user.AccountId(), user.UserId(), user.KeyId(), http.Connection.RemoteIpAddress)
            : new(null, null, null, http.Connection.RemoteIpAddress);
    }
}

/// <summary>
/// The one place audit events are written. A handler calls <see cref="RecordAsync(HttpContext, string, string, object?, Guid?, CancellationToken)"/>
/// once its change has been saved, so the log holds what happened, not what was attempted (failed sign-ins excepted).
/// The actor comes from the request: the organisation, the user of a sign-in session and the key, and the client address
/// (after <c>Proxy:TrustedProxies</c>; none for the portal, which calls the same handlers in-process). Handlers are
/// shared by the API and the portal, so both are audited by the same line; sign-up, sign-in and sign-out, which the
/// portal reaches through <see cref="AccountService"/> rather than a handler, are recorded there.
/// </summary>
public sealed class AuditLog(ModelMintDbContext db, TimeProvider time)
{
    private const int MaxDetailsLength = 2000;
    private const int MaxTargetLength = 300;

    private static readonly Lock IdLock = new();
    private static Guid lastId;

    /// <summary>
    /// Saves one event by the request's caller. <paramref name="accountId"/> is the organisation the change concerns (the
    /// caller's own when null); <paramref name="details"/> is serialised as a small JSON object and must never carry a secret.
    /// </summary>
    public Task RecordAsync(HttpContext http, string action, string target, object? details = null, Guid? accountId = null, CancellationToken cancellationToken = default) =>
        RecordAsync(Actor.Of(http), action, target, details, accountId, cancellationToken);

    /// <summary>Saves one event by <paramref name="actor"/>, for code that acts outside a request's principal (sign-in).</summary>
    public async Task RecordAsync(Actor actor, string action, string target, object? details = null, Guid? accountId = null, CancellationToken cancellationToken = default)
    {
        var json = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web);
        db.AuditEvents.Add(new AuditEvent
        {
            Id = NextId(),
            AccountId = accountId ?? actor.AccountId,
            ActorAccountId = actor.AccountId,
            ActorUserId = actor.UserId,
            ActorKeyId = actor.KeyId,
            ActorAddress = actor.Address?.ToString(),
            Action = action,
            Target = target.Length > MaxTargetLength ? target[..MaxTargetLength] : target,
            DetailsJson = json is { Length: > MaxDetailsLength } ? null : json,
            OccurredAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// A version-7 id greater than every one this process made before. The log is paged by id, and
    /// <see cref="Guid.CreateVersion7()"/> orders only by millisecond: two events in one millisecond would come back in
    /// either order. Within a millisecond the next id is the last one plus one (in its random low bytes).
    /// </summary>
    private static Guid NextId()
    {
        var id = Guid.CreateVersion7();
        lock (IdLock)
        {
            if (id.CompareTo(lastId) <= 0)
            {
                Span<byte> bytes = stackalloc byte[16];
                lastId.TryWriteBytes(bytes, bigEndian: true, out _);
                for (var i = 15; i >= 8 && ++bytes[i] == 0; i--)
                {
                }

                id = new Guid(bytes, bigEndian: true);
            }

            lastId = id;
            return id;
        }
    }
}
