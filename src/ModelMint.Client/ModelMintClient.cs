using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ModelMint.Client;

/// <summary>
/// A typed client for the ModelMint public API (v1). Thread-safe; the API key travels on each request,
/// so one <see cref="HttpClient"/> can be shared by clients holding different keys.
/// Every method throws <see cref="ModelMintApiException"/> when the server answers with an error status,
/// and <see cref="HttpRequestException"/> when it cannot be reached.
/// </summary>
public sealed class ModelMintClient : IDisposable
{
    /// <summary>The request header that makes a prediction safe to retry.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string? _apiKey;
    private readonly TimeProvider _time;

    /// <summary>Creates a client over an existing <see cref="HttpClient"/>, which it does not dispose.</summary>
    /// <param name="http">
    /// The HTTP client; its <see cref="HttpClient.BaseAddress"/> must be set to the server root and end in <c>/</c>
    /// (paths are resolved relative to it, so a prefix such as <c>https://host/mint/</c> works).
    /// </param>
    /// <param name="apiKey">The API key (<c>mm_...</c>) sent as a bearer token; <see langword="null"/> to send none.</param>
    /// <param name="timeProvider">The clock used between polls; <see cref="TimeProvider.System"/> by default.</param>
    public ModelMintClient(HttpClient http, string? apiKey, TimeProvider? timeProvider = null)
        : this(http, ownsHttp: false, apiKey, timeProvider)
    {
    }

    /// <summary>Creates a client with its own <see cref="HttpClient"/>, disposed with this client.</summary>
    /// <param name="baseUrl">The server root, e.g. <c>http://localhost:5080</c>.</param>
    /// <param name="apiKey">The API key (<c>mm_...</c>) sent as a bearer token; <see langword="null"/> to send none.</param>
    /// <param name="timeProvider">The clock used between polls; <see cref="TimeProvider.System"/> by default.</param>
    public ModelMintClient(Uri baseUrl, string? apiKey, TimeProvider? timeProvider = null)
        : this(new HttpClient { BaseAddress = WithTrailingSlash(baseUrl) }, ownsHttp: true, apiKey, timeProvider)
    {
    }

    private ModelMintClient(HttpClient http, bool ownsHttp, string? apiKey, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress (the ModelMint server root).", nameof(http));
        }

        _http = http;
        _ownsHttp = ownsHttp;
        _apiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The server root requests are sent to.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Uploads a CSV (<c>text,label</c>) or JSONL dataset.</summary>
    /// <param name="content">The file content, read from its current position; not disposed.</param>
    /// <param name="fileName">The file name; its extension tells the server the format.</param>
    /// <param name="name">A display name; the file name when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The validated dataset.</returns>
    public async Task<Dataset> UploadDatasetAsync(
        Stream content,
        string fileName,
        string? name = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);

        var form = new MultipartFormDataContent();
        var file = new BorrowedStreamContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(MediaTypeFor(fileName));
        form.Add(file, "file", Path.GetFileName(fileName));
        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }

        return await SendAsync<Dataset>(HttpMethod.Post, "v1/datasets", form, cancellationToken);
    }

    /// <summary>Lists the datasets of the key's account.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The datasets.</returns>
    public async Task<IReadOnlyList<Dataset>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<ItemList<Dataset>>(HttpMethod.Get, "v1/datasets", null, cancellationToken)).Items;

    /// <summary>Gets one dataset.</summary>
    /// <param name="id">The dataset id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The dataset.</returns>
    public Task<Dataset> GetDatasetAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<Dataset>(HttpMethod.Get, $"v1/datasets/{id}", null, cancellationToken);

    /// <summary>Queues a training job.</summary>
    /// <param name="request">What to train.</param>
    /// <param name="cancellationToken">Cancels the request (not the job).</param>
    /// <returns>The queued job.</returns>
    public Task<TrainingJob> CreateTrainingJobAsync(
        CreateTrainingJobRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<TrainingJob>(HttpMethod.Post, "v1/training-jobs", Json(request), cancellationToken);
    }

    /// <summary>Gets one training job.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job.</returns>
    public Task<TrainingJob> GetTrainingJobAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<TrainingJob>(HttpMethod.Get, $"v1/training-jobs/{id}", null, cancellationToken);

    /// <summary>Lists the training jobs of the key's account.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The jobs.</returns>
    public async Task<IReadOnlyList<TrainingJob>> ListTrainingJobsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<ItemList<TrainingJob>>(HttpMethod.Get, "v1/training-jobs", null, cancellationToken)).Items;

    /// <summary>Cancels a queued or running training job. Fails with status 409 when it has already finished.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job after cancellation.</returns>
    public Task<TrainingJob> CancelTrainingJobAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<TrainingJob>(HttpMethod.Post, $"v1/training-jobs/{id}/cancel", null, cancellationToken);

    /// <summary>
    /// Polls a training job until it succeeds, fails or is cancelled. A failed or cancelled job is returned,
    /// not thrown: inspect <see cref="TrainingJob.Status"/> and <see cref="TrainingJob.Error"/>.
    /// </summary>
    /// <param name="id">The job id.</param>
    /// <param name="progress">Receives the job after every poll, including the last, on the polling thread.</param>
    /// <param name="pollInterval">The wait between polls; one second by default.</param>
    /// <param name="cancellationToken">Stops waiting (the job keeps running).</param>
    /// <returns>The job in its terminal status.</returns>
    public async Task<TrainingJob> WaitForTrainingJobAsync(
        Guid id,
        IProgress<TrainingJob>? progress = null,
        TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? DefaultPollInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero, nameof(pollInterval));

        while (true)
        {
            var job = await GetTrainingJobAsync(id, cancellationToken);
            progress?.Report(job);
            if (job.Status.IsTerminal())
            {
                return job;
            }

            await Task.Delay(interval, _time, cancellationToken);
        }
    }

    /// <summary>Gets a training job's curve so far: per epoch, iteration or candidate, its losses and validation accuracy.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The curve, with the job's status and progress.</returns>
    public Task<TrainingCurve> GetTrainingCurveAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<TrainingCurve>(HttpMethod.Get, $"v1/training-jobs/{id}/curve", null, cancellationToken);

    /// <summary>
    /// Polls a training job's curve (which carries its status and progress) until the job succeeds, fails or is
    /// cancelled, then returns the job. Like <see cref="WaitForTrainingJobAsync"/>, but each poll also brings the
    /// curve points recorded so far, for showing training as it happens.
    /// </summary>
    /// <param name="id">The job id.</param>
    /// <param name="progress">Receives the curve after every poll, including the last (complete) one, on the polling thread.</param>
    /// <param name="pollInterval">The wait between polls; one second by default.</param>
    /// <param name="cancellationToken">Stops following (the job keeps running).</param>
    /// <returns>The job in its terminal status.</returns>
    public async Task<TrainingJob> FollowTrainingJobAsync(
        Guid id,
        IProgress<TrainingCurve>? progress = null,
        TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? DefaultPollInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero, nameof(pollInterval));

        while (true)
        {
            var curve = await GetTrainingCurveAsync(id, cancellationToken);
            progress?.Report(curve);
            if (curve.Status.IsTerminal())
            {
                return await GetTrainingJobAsync(id, cancellationToken);
            }

            await Task.Delay(interval, _time, cancellationToken);
        }
    }

    /// <summary>Lists the models of the key's account.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The models.</returns>
    public async Task<IReadOnlyList<ModelSummary>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<ItemList<ModelSummary>>(HttpMethod.Get, "v1/models", null, cancellationToken)).Items;

    /// <summary>Gets a model with its versions and aliases.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The model.</returns>
    public Task<ModelDetail> GetModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return SendAsync<ModelDetail>(HttpMethod.Get, $"v1/models/{Segment(name)}", null, cancellationToken);
    }

    /// <summary>Gets one model version with its lineage and metrics.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The version.</returns>
    public Task<ModelVersion> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return SendAsync<ModelVersion>(
            HttpMethod.Get,
            $"v1/models/{Segment(name)}/versions/{version}",
            null,
            cancellationToken);
    }

    /// <summary>Points an alias (e.g. <c>production</c>) at a version, creating or moving it.</summary>
    /// <param name="name">The model name.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="version">The version it should point at.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The move, with the version the alias pointed at before.</returns>
    public Task<AliasMove> SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        return SendAsync<AliasMove>(
            HttpMethod.Put,
            $"v1/models/{Segment(name)}/aliases/{Segment(alias)}",
            Json(new JsonObject { ["version"] = version }),
            cancellationToken);
    }

    /// <summary>
    /// Gets a model's canary and shadow routing (the owner only), where each part resolves now, and how the shadow
    /// version's labels compared with those of the versions that served.
    /// </summary>
    /// <param name="model">The model name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The routing; <see cref="ModelRouting.Canary"/> and <see cref="ModelRouting.Shadow"/> are null when not set.</returns>
    public Task<ModelRouting> GetRoutingAsync(string model, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return SendAsync<ModelRouting>(HttpMethod.Get, $"v1/models/{Segment(model)}/routing", null, cancellationToken);
    }

    /// <summary>
    /// Sets a model's routing, replacing the previous one: a canary that serves a share of the predictions that name no
    /// version, and/or a shadow version that also classifies them. Fails with 400 <c>invalid-percent</c>,
    /// <c>version-required</c> or <c>invalid-version</c>, or 404 <c>version-not-found</c>.
    /// </summary>
    /// <param name="model">The model name.</param>
    /// <param name="routing">The whole routing; a part left null is removed.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The routing as stored, resolved now.</returns>
    public Task<ModelRouting> SetRoutingAsync(string model, RoutingUpdate routing, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(routing);
        var body = new JsonObject();
        if (routing.Canary is { } canary)
        {
            body["canary"] = new JsonObject { ["version"] = VersionValue(canary.Version), ["percent"] = canary.Percent };
        }

        if (routing.Shadow is { } shadow)
        {
            body["shadow"] = new JsonObject { ["version"] = VersionValue(shadow.Version) };
        }

        return SendAsync<ModelRouting>(HttpMethod.Put, $"v1/models/{Segment(model)}/routing", Json(body), cancellationToken);
    }

    /// <summary>
    /// Removes a model's canary and shadow: every prediction that names no version goes to <c>production</c> again.
    /// The shadow comparisons are kept.
    /// </summary>
    /// <param name="model">The model name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the routing is removed.</returns>
    public async Task ClearRoutingAsync(string model, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        using var response = await SendCoreAsync(
            HttpMethod.Delete, $"v1/models/{Segment(model)}/routing", null, authenticate: true, cancellationToken);
    }

    /// <summary>Predicts the label of one text.</summary>
    /// <param name="model">The model name: one of the account's own, or a published model from the catalog.</param>
    /// <param name="text">The text to classify.</param>
    /// <param name="version">A version number (<c>"3"</c>) or an alias (<c>"production"</c>); the <c>production</c> alias when <see langword="null"/>.</param>
    /// <param name="idempotencyKey">
    /// Sent as the <c>Idempotency-Key</c> header (1 to 200 visible ASCII characters; a UUID is a good choice). Retrying
    /// with the same key returns the recorded answer instead of running and charging the call again.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response holding one prediction.</returns>
    public Task<PredictionResponse> PredictAsync(
        string model,
        string text,
        string? version = null,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PredictAsync(model, [text], version, idempotencyKey, cancellationToken);
    }

    /// <summary>Predicts the labels of a batch of texts with one model version.</summary>
    /// <param name="model">The model name: one of the account's own, or a published model from the catalog.</param>
    /// <param name="texts">The texts to classify; sent as <c>text</c> when there is one, as <c>texts</c> otherwise.</param>
    /// <param name="version">
    /// A version number (<c>"3"</c>, sent as a JSON number) or an alias (<c>"production"</c>, sent as a string);
    /// the <c>production</c> alias when <see langword="null"/>.
    /// </param>
    /// <param name="idempotencyKey">
    /// Sent as the <c>Idempotency-Key</c> header (1 to 200 visible ASCII characters; a UUID is a good choice). Retrying
    /// with the same key returns the recorded answer instead of running and charging the call again.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One prediction per text, in order, with the rate-limit and balance headers read into it.</returns>
    public async Task<PredictionResponse> PredictAsync(
        string model,
        IReadOnlyList<string> texts,
        string? version = null,
        string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            throw new ArgumentException("At least one text is needed.", nameof(texts));
        }

        var body = new JsonObject();
        if (texts.Count == 1)
        {
            body["text"] = texts[0];
        }
        else
        {
            body["texts"] = new JsonArray([.. texts.Select(t => JsonValue.Create(t))]);
        }

        if (!string.IsNullOrWhiteSpace(version))
        {
            body["version"] = VersionValue(version);
        }

        using var response = await SendCoreAsync(
            HttpMethod.Post,
            $"v1/models/{Segment(model)}/predict",
            Json(body),
            authenticate: true,
            cancellationToken,
            headers => WithIdempotencyKey(headers, idempotencyKey));
        var predictions = await ReadAsync<PredictionResponse>(response, cancellationToken);
        return predictions with
        {
            RateLimit = ResponseHeaders.RateLimit(response),
            BalanceRemaining = ResponseHeaders.BalanceRemaining(response),
            Replayed = ResponseHeaders.Replayed(response),
            Route = ResponseHeaders.Route(response),
        };
    }

    /// <summary>Creates an unrestricted API key for the account of the calling key.</summary>
    /// <param name="name">A display name.</param>
    /// <param name="expiresAt">When the key should stop working; never when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The key, including its secret, which is not shown again.</returns>
    public Task<ApiKeyCreated> CreateKeyAsync(
        string? name = null,
        DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default) =>
        CreateKeyAsync(new CreateKeyRequest(name, expiresAt), cancellationToken);

    /// <summary>Creates an API key, optionally limited to some models and addresses and with its own rate limits.</summary>
    /// <param name="request">The key's name, expiry and restrictions.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The key, including its secret, which is not shown again.</returns>
    public Task<ApiKeyCreated> CreateKeyAsync(CreateKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ApiKeyCreated>(HttpMethod.Post, "v1/keys", Json(request), cancellationToken);
    }

    /// <summary>Lists the account's API keys, without their secrets.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The keys.</returns>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<ItemList<ApiKeyInfo>>(HttpMethod.Get, "v1/keys", null, cancellationToken)).Items;

    /// <summary>Revokes an API key; it stops working at once.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the key is revoked.</returns>
    public async Task RevokeKeyAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var response = await SendCoreAsync(HttpMethod.Delete, $"v1/keys/{id}", null, authenticate: true, cancellationToken);
    }

    /// <summary>Reads the account's metered usage, summed per day, model or key and per meter.</summary>
    /// <param name="from">The start of the period (inclusive; widened to the hour); the server's default is 30 days ago.</param>
    /// <param name="to">The end of the period (exclusive; widened to the hour); the server's default is now.</param>
    /// <param name="groupBy">How to group; by day when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The usage report.</returns>
    public Task<UsageReport> GetUsageAsync(
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        UsageGrouping? groupBy = null,
        CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (from is { } start)
        {
            query.Add("from=" + Uri.EscapeDataString(IsoTime(start)));
        }

        if (to is { } end)
        {
            query.Add("to=" + Uri.EscapeDataString(IsoTime(end)));
        }

        if (groupBy is { } grouping)
        {
            query.Add("groupBy=" + grouping switch
            {
                UsageGrouping.Model => "model",
                UsageGrouping.Key => "key",
                _ => "day",
            });
        }

        var path = query.Count == 0 ? "v1/usage" : "v1/usage?" + string.Join('&', query);
        return SendAsync<UsageReport>(HttpMethod.Get, path, null, cancellationToken);
    }

    /// <summary>Describes, prices and publishes (or unpublishes) one of the account's models in the catalog.</summary>
    /// <param name="model">The model name.</param>
    /// <param name="listing">The whole listing; it replaces the previous one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The listing as stored.</returns>
    public Task<ModelListing> SetListingAsync(string model, ListingUpdate listing, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(listing);
        return SendAsync<ModelListing>(HttpMethod.Put, $"v1/models/{Segment(model)}/listing", Json(listing), cancellationToken);
    }

    /// <summary>Gets the listing of one of the account's models; 404 <c>listing-not-found</c> when it has none yet.</summary>
    /// <param name="model">The model name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The listing.</returns>
    public Task<ModelListing> GetListingAsync(string model, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return SendAsync<ModelListing>(HttpMethod.Get, $"v1/models/{Segment(model)}/listing", null, cancellationToken);
    }

    /// <summary>Lists every published model with its provider, price and the quality of its production version.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The catalog, ordered by model name.</returns>
    public async Task<IReadOnlyList<CatalogEntry>> ListCatalogAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<ItemList<CatalogEntry>>(HttpMethod.Get, "v1/catalog", null, cancellationToken)).Items;

    /// <summary>Gets the prepaid balances of the key's organisation, which pay for calls to other organisations' models.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The balances, one per currency.</returns>
    public Task<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        SendAsync<AccountBalance>(HttpMethod.Get, "v1/billing/balance", null, cancellationToken);

    /// <summary>
    /// Redeems a prepaid-credit code into the organisation's balance. Each code works once; an unknown, used or expired
    /// code fails with 422 <c>redemption-code-unusable</c>.
    /// </summary>
    /// <param name="code">The code as printed (case, spaces and dashes do not matter).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What was credited and the balances afterwards.</returns>
    public Task<Redemption> RedeemCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return SendAsync<Redemption>(HttpMethod.Post, "v1/billing/redeem", Json(new RedeemBody(code.Trim())), cancellationToken);
    }

    /// <summary>Lists the subscription plans on offer (archived ones are left out).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The plans, by currency and fee.</returns>
    public async Task<IReadOnlyList<Plan>> ListPlansAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<ItemList<Plan>>(HttpMethod.Get, "v1/plans", null, cancellationToken)).Items;

    /// <summary>
    /// Gets the organisation's current plan and its quota use this month; fails with 404 <c>plan-not-subscribed</c>
    /// when it has none.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The subscription.</returns>
    public Task<PlanSubscription> GetPlanSubscriptionAsync(CancellationToken cancellationToken = default) =>
        SendAsync<PlanSubscription>(HttpMethod.Get, "v1/billing/plan", null, cancellationToken);

    /// <summary>
    /// Subscribes the organisation to a plan from now, or changes plan (the month's fee is prorated on the next
    /// invoice). Choosing the current plan again changes nothing.
    /// </summary>
    /// <param name="planId">A plan from <see cref="ListPlansAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The subscription; <see cref="PlanSubscription.Change"/> set when it replaced a plan.</returns>
    public Task<PlanSubscription> SubscribeToPlanAsync(Guid planId, CancellationToken cancellationToken = default) =>
        SendAsync<PlanSubscription>(HttpMethod.Put, "v1/billing/plan", Json(new SubscribeBody(planId)), cancellationToken);

    /// <summary>Cancels the organisation's plan now; the unused part of the month's fee is credited on the invoice.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the plan has ended.</returns>
    public async Task CancelPlanAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendCoreAsync(HttpMethod.Delete, "v1/billing/plan", null, authenticate: true, cancellationToken);
    }

    /// <summary>Checks that the server is up (<c>GET /healthz</c>, no key needed).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The health status; <c>ok</c> when healthy.</returns>
    public async Task<HealthStatus> HealthAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendCoreAsync(HttpMethod.Get, "healthz", null, authenticate: false, cancellationToken);
        return await ReadAsync<HealthStatus>(response, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, content, authenticate: true, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(
        HttpMethod method,
        string path,
        HttpContent? content,
        bool authenticate,
        CancellationToken cancellationToken,
        Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        if (authenticate && _apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        headers?.Invoke(request.Headers);

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ModelMintApiException.FromResponseAsync(response, cancellationToken);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(ModelMintJson.Options, cancellationToken)
        ?? throw new ModelMintApiException(
            (int)response.StatusCode,
            type: null,
            code: null,
            title: null,
            detail: $"The server answered {(int)response.StatusCode} with an empty body where a {typeof(T).Name} was expected.");

    private static JsonContent Json<T>(T value) => JsonContent.Create(value, options: ModelMintJson.Options);

    /// <summary>A version number as a JSON number (<c>3</c>), an alias as a string; null when blank.</summary>
    private static JsonValue? VersionValue(string? version) =>
        string.IsNullOrWhiteSpace(version)
            ? null
            : int.TryParse(version.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(version.Trim());

    private static string Segment(string value) => Uri.EscapeDataString(value.Trim());

    private static string IsoTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    // The server checks the key's form (visible ASCII, at most 200 characters) and explains a bad one in a 400,
    // so it is sent as given rather than refused here.
    private static void WithIdempotencyKey(HttpRequestHeaders headers, string? idempotencyKey)
    {
        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        }
    }

    private static Uri WithTrailingSlash(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The server URL must be absolute, e.g. http://localhost:5080.", nameof(baseUrl));
        }

        return baseUrl.AbsolutePath.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
    }

    private static string MediaTypeFor(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" => "text/csv",
            ".jsonl" or ".ndjson" => "application/jsonl",
            _ => "application/octet-stream",
        };

    private sealed record RedeemBody(string Code);

    private sealed record SubscribeBody(Guid PlanId);

    // StreamContent would dispose the caller's stream along with the request; this content only reads it.
    private sealed class BorrowedStreamContent(Stream source) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            source.CopyToAsync(stream);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            source.CopyToAsync(stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = source.CanSeek ? source.Length - source.Position : 0;
            return source.CanSeek;
        }
    }
}
