namespace ModelMint.Server.Problems;

/// <summary>
/// A shared component this request needs (Redis for cross-node rate limits) is unreachable: the request is refused with
/// 503 and this <paramref name="code"/> rather than served without the guarantee the component gives.
/// </summary>
public sealed class DependencyUnavailableException(string code, string detail, Exception? inner = null) : Exception(detail, inner)
{
    public string Code { get; } = code;
}
