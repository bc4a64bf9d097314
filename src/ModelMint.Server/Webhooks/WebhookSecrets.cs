using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ModelMint.Server.Webhooks;

/// <summary>
/// Signing secrets: <c>whsec_</c> followed by 40 base62 characters (~238 bits). Unlike API keys they cannot be stored
/// as a hash — the dispatcher needs the secret itself to sign — so they are stored protected by Data Protection,
/// whose key ring lives in the data folder.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    public const string Scheme = "whsec_";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private readonly IDataProtector protector = provider.CreateProtector("ModelMint.Webhooks.SigningSecret.v1");

    public static string Generate() => Scheme + RandomNumberGenerator.GetString(Alphabet, 40);

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);
}
