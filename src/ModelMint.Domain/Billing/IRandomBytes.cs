namespace ModelMint.Domain.Billing;

/// <summary>
/// A source of random bytes, so code that needs randomness stays deterministic under test. Production code passes
/// a cryptographic source (<c>RandomNumberGenerator.Fill</c>).
/// </summary>
public interface IRandomBytes
{
    /// <summary>Fills <paramref name="destination"/> with random bytes.</summary>
    void Fill(Span<byte> destination);
}
