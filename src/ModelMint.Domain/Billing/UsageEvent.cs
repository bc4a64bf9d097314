namespace ModelMint.Domain.Billing;

/// <summary>
/// One metered quantity of one request. <see cref="IdempotencyKey"/> is unique per account (and meter), so a
/// retried request is metered once. Construct with <see cref="Create"/>, or check input with
/// <see cref="Validate"/> to report every problem at once.
/// </summary>
public sealed record UsageEvent
{
    /// <summary>The longest idempotency key.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    private UsageEvent(
        Guid accountId, Guid keyId, string modelName, int modelVersion, Meter meter, decimal quantity,
        DateTimeOffset occurredAt, string idempotencyKey)
    {
        AccountId = accountId;
        KeyId = keyId;
        ModelName = modelName;
        ModelVersion = modelVersion;
        Meter = meter;
        Quantity = quantity;
        OccurredAt = occurredAt;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>The account billed.</summary>
    public Guid AccountId { get; }

    /// <summary>The API key used.</summary>
    public Guid KeyId { get; }

    /// <summary>The model called.</summary>
    public string ModelName { get; }

    /// <summary>The model version that answered.</summary>
    public int ModelVersion { get; }

    /// <summary>What <see cref="Quantity"/> counts.</summary>
    public Meter Meter { get; }

    /// <summary>How much was used, in the meter's unit; 0 or more.</summary>
    public decimal Quantity { get; }

    /// <summary>When the usage happened (UTC); decides the billing period.</summary>
    public DateTimeOffset OccurredAt { get; }

    /// <summary>The client's <c>Idempotency-Key</c> or one the server generated.</summary>
    public string IdempotencyKey { get; }

    /// <summary>A usage event; <paramref name="occurredAt"/> is stored as UTC.</summary>
    /// <exception cref="ArgumentException">A field is invalid; the message lists every problem.</exception>
    public static UsageEvent Create(
        Guid accountId, Guid keyId, string modelName, int modelVersion, Meter meter, decimal quantity,
        DateTimeOffset occurredAt, string idempotencyKey)
    {
        var problems = Validate(accountId, keyId, modelName, modelVersion, meter, quantity, idempotencyKey);
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "Invalid usage event: " + string.Join(" ", problems.Select(p => $"{p.Field}: {p.Message}")));
        }

        return new UsageEvent(
            accountId, keyId, modelName, modelVersion, meter, quantity, occurredAt.ToUniversalTime(), idempotencyKey);
    }

    /// <summary>Every problem with the fields of a usage event; empty when valid. Never throws.</summary>
    public static IReadOnlyList<UsageEventProblem> Validate(
        Guid accountId, Guid keyId, string? modelName, int modelVersion, Meter meter, decimal quantity,
        string? idempotencyKey)
    {
        var problems = new List<UsageEventProblem>();
        if (accountId == Guid.Empty)
        {
            problems.Add(new("accountId", "is required."));
        }

        if (keyId == Guid.Empty)
        {
            problems.Add(new("keyId", "is required."));
        }

        if (!Models.ModelName.IsValid(modelName))
        {
            problems.Add(new("model", Models.ModelName.Rule));
        }

        if (modelVersion < 1)
        {
            problems.Add(new("version", "must be 1 or more."));
        }

        if (meter.Name is null)
        {
            problems.Add(new("meter", "is required."));
        }

        if (quantity < 0m)
        {
            problems.Add(new("quantity", $"must be 0 or more; got {quantity}."));
        }

        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            problems.Add(new("idempotencyKey", "is required and cannot be blank."));
        }
        else if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            problems.Add(new("idempotencyKey", $"has {idempotencyKey.Length} characters; at most {MaxIdempotencyKeyLength} are allowed."));
        }
        else if (idempotencyKey.Any(char.IsControl))
        {
            problems.Add(new("idempotencyKey", "cannot contain control characters (line breaks, tabs, NUL)."));
        }

        return problems;
    }
}

/// <summary>One invalid field of a usage event.</summary>
/// <param name="Field">The field's name as the API spells it.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record UsageEventProblem(string Field, string Message);
