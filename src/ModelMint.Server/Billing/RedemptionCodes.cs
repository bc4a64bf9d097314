using System.Security.Cryptography;
using System.Text;
using ModelMint.Domain.Billing;

namespace ModelMint.Server.Billing;

/// <summary>How codes are stored (only a SHA-256 of the canonical form) and where their randomness comes from.</summary>
public static class RedemptionCodes
{
    public static string Hash(RedemptionCode code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(code.Value)));

    /// <summary>The operating system's cryptographic generator, for the Domain's code generation.</summary>
    public sealed class SecureRandom : IRandomBytes
    {
        public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
    }
}
