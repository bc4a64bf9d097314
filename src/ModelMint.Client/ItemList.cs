namespace ModelMint.Client;

/// <summary>The envelope every list endpoint returns: <c>{"items": [...]}</c>.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items.</param>
public sealed record ItemList<T>(IReadOnlyList<T> Items);

/// <summary>The body of <c>/healthz</c> and <c>/readyz</c>.</summary>
/// <param name="Status"><c>ok</c> when the server is healthy.</param>
public sealed record HealthStatus(string Status);
