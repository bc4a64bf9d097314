using System.ComponentModel.DataAnnotations;

namespace ModelMint.Server.Accounts;

/// <summary>Section <c>Accounts</c>: sign-up, sign-in sessions and lockout.</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>Whether anyone may create an organisation with <c>POST /v1/auth/signup</c>; an operator may close it.</summary>
    public bool SignUpEnabled { get; set; } = true;

    /// <summary>How long a sign-in session (a key with a user) is valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Consecutive failed sign-ins that lock a user.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>
    /// Sign-ups and sign-ins (API and portal together) one client address may attempt per minute, whatever users they
    /// name. Behind a reverse proxy every client has the proxy's address, so allow for all of them.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AttemptsPerMinutePerAddress { get; set; } = 30;

    /// <summary>How long a locked user is refused, even with the right password.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
