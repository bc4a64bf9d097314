namespace ModelMint.Server.Hosting;

/// <summary>The shape of every list response: an object, so paging fields can be added without breaking clients.</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items);
