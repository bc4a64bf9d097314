namespace ModelMint.Client;

/// <summary>A newly created API key. <see cref="Key"/> is shown only this once.</summary>
/// <param name="Id">The key id (for revoking).</param>
/// <param name="Name">The display name.</param>
/// <param name="Prefix">The first characters of the key, shown in listings to recognise it.</param>
/// <param name="Key">The secret key (<c>mm_...</c>); the server keeps only a hash.</param>
/// <param name="CreatedAt">When the key was created (UTC).</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
public sealed record ApiKeyCreated(
    Guid Id,
    string? Name,
    string Prefix,
    string Key,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt);

/// <summary>An API key as listed, without its secret.</summary>
/// <param name="Id">The key id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Prefix">The first characters of the key.</param>
/// <param name="CreatedAt">When the key was created (UTC).</param>
/// <param name="ExpiresAt">When the key stops working, if ever.</param>
/// <param name="LastUsedAt">When the key last authenticated a request.</param>
/// <param name="RevokedAt">When the key was revoked, if it was.</param>
public sealed record ApiKeyInfo(
    Guid Id,
    string? Name,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);
