using Microsoft.AspNetCore.Identity;
using ModelMint.Data.Accounts;

namespace ModelMint.Server.Accounts;

/// <summary>
/// Passwords are hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, per-password
/// salt, 100,000 iterations in format v3): no crypto of our own.
/// </summary>
public sealed class PasswordHashing
{
    private static readonly User Nobody = new() { Email = "", PasswordHash = "" };
    private readonly IPasswordHasher<User> hasher;
    private readonly string dummyHash;

    public PasswordHashing(IPasswordHasher<User> hasher)
    {
        this.hasher = hasher;
        dummyHash = hasher.HashPassword(Nobody, ApiKeySecrets.Generate());
    }

    public string Hash(User user, string password) => hasher.HashPassword(user, password);

    public PasswordVerificationResult Verify(User user, string password) => hasher.VerifyHashedPassword(user, user.PasswordHash, password);

    /// <summary>
    /// Spends what a real verification costs, for an email that has no user, so response times do not reveal which
    /// emails are registered.
    /// </summary>
    public void VerifyNobody(string password) => _ = hasher.VerifyHashedPassword(Nobody, dummyHash, password);
}
