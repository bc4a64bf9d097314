namespace ModelMint.Client;

/// <summary>Asks for a new API key; every member is optional, and what is left out is unrestricted.</summary>
/// <param name="Name">A display name (<c>key</c> when left out).</param>
/// <param name="ExpiresAt">When the key should stop working; never when <see langword="null"/>.</param>
/// <param name="Models">The only models the key may call (1 to 100 names); all models when <see langword="null"/>.</param>
/// <param name="AllowedIps">
/// The only addresses or CIDR ranges (e.g. <c>203.0.113.0/24</c>, <c>2001:db8::/32</c>) the key may be used from;
/// any address when <see langword="null"/>.
/// </param>
/// <param name="RequestsPerMinute">The key's own request limit per minute; the platform default when <see langword="null"/>.</param>
/// <param name="UnitsPerMinute">The key's own limit of metered units (characters) per minute; the platform default when <see langword="null"/>.</param>
/// <param name="TokensPerMinute">The key's own limit of LLM gateway tokens (estimated prompt + max_tokens) per minute; the gateway's default when <see langword="null"/>.</param>
public sealed record CreateKeyRequest(
    string? Name = null,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<string>? Models = null,
    IReadOnlyList<string>? AllowedIps = null,
    int? RequestsPerMinute = null,
    long? UnitsPerMinute = null,
    long? TokensPerMinute = null);

/// <summary>A newly created API key. <see cref="Key"/> is shown only this once.</summary>
/// <param name="Id">The key id (for revoking).</param>
/// <param name="Name">The display name.</param>
/// <param name="Prefix">The first characters of the key, shown in listings to recognise it.</param>
/// <param name="Key">The secret key (<c>mm_...</c>); the server keeps only a hash.</param>
/// <param name="CreatedAt">When the key was created (UTC).</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
/// <param name="Models">The only models the key may call; <see langword="null"/> for all.</param>
/// <param name="AllowedIps">The CIDR ranges the key may be used from; <see langword="null"/> for any address.</param>
/// <param name="RequestsPerMinute">The key's own request limit per minute; <see langword="null"/> for the platform default.</param>
/// <param name="UnitsPerMinute">The key's own unit (character) limit per minute; <see langword="null"/> for the platform default.</param>
/// <param name="TokensPerMinute">The key's own LLM gateway token limit per minute; <see langword="null"/> for the gateway's default.</param>
public sealed record ApiKeyCreated(
    Guid Id,
    string? Name,
    string Prefix,
    string Key,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string>? Models = null,
    IReadOnlyList<string>? AllowedIps = null,
    int? RequestsPerMinute = null,
    long? UnitsPerMinute = null,
    long? TokensPerMinute = null);

/// <summary>An API key as listed, without its secret.</summary>
/// <param name="Id">The key id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Prefix">The first characters of the key.</param>
/// <param name="CreatedAt">When the key was created (UTC).</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
/// <param name="LastUsedAt">When the key last authenticated a request.</param>
/// <param name="RevokedAt">When the key was revoked, if it was.</param>
/// <param name="Models">The only models the key may call; <see langword="null"/> for all.</param>
/// <param name="AllowedIps">The CIDR ranges the key may be used from; <see langword="null"/> for any address.</param>
/// <param name="RequestsPerMinute">The key's own request limit per minute; <see langword="null"/> for the platform default.</param>
/// <param name="UnitsPerMinute">The key's own unit (character) limit per minute; <see langword="null"/> for the platform default.</param>
/// <param name="TokensPerMinute">The key's own LLM gateway token limit per minute; <see langword="null"/> for the gateway's default.</param>
public sealed record ApiKeyInfo(
    Guid Id,
    string? Name,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    IReadOnlyList<string>? Models = null,
    IReadOnlyList<string>? AllowedIps = null,
    int? RequestsPerMinute = null,
    long? UnitsPerMinute = null,
    long? TokensPerMinute = null);
