using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;
using ModelMint.Data.Accounts;
using ModelMint.Server.Audit;
using ModelMint.Server.Caching;
using ModelMint.Server.Hosting;
using ModelMint.Server.Limits;

namespace ModelMint.Server.Accounts;

/// <summary>
/// Sign-up, sign-in sessions with lockout, and organisation membership. Everything is validated before a row is
/// written; every query is scoped to the caller's organisation. Sign-ups and sign-ins are also counted per client
/// address (<see cref="AccountOptions.AttemptsPerMinutePerAddress"/>), through the same limiter as API keys, so the
/// count holds across nodes too.
/// </summary>
public sealed class AccountService(
    ModelMintDbContext db, PasswordHashing passwords, IOptions<AccountOptions> options, TimeProvider time, ICacheInvalidation invalidation, IRateLimiter limiter, AuditLog audit)
{
    public const string SessionKeyName = "session";
    public const string FirstKeyName = "default";

    private const string InvalidCredentials = "The email or password is wrong.";

    /// <summary>Creates a user, its organisation and the organisation's first key; <paramref name="from"/> (the client's address, or null) is counted against <see cref="AccountOptions.AttemptsPerMinutePerAddress"/>.</summary>
    public async Task<(SignUpResponse? Created, AccountError? Error)> SignUpAsync(SignUpRequest? request, IPAddress? from, CancellationToken cancellationToken)
    {
        if (!options.Value.SignUpEnabled)
        {
            return (null, Error(StatusCodes.Status403Forbidden, "signup-disabled", "Sign-up is closed on this server. Ask its operator for an account."));
        }

        if (await ThrottleAsync(from, cancellationToken) is { } throttled)
        {
            return (null, throttled);
        }

        var email = AccountRules.NormalizeEmail(request?.Email);
        if (email is null)
        {
            return (null, Error(StatusCodes.Status400BadRequest, "invalid-email", $"'email' is not a valid email address. {AccountRules.EmailRule}", "email"));
        }

        if (AccountRules.PasswordProblem(request!.Password, email) is { } weak)
        {
            return (null, Error(StatusCodes.Status400BadRequest, "weak-password", weak, "password"));
        }

        var name = AccountRules.NormalizeOrganisationName(request.Organisation);
        if (name is null)
        {
            return (null, Error(StatusCodes.Status400BadRequest, "invalid-organisation-name",
                $"'organisation' is the organisation's name: 1 to {AccountRules.MaxOrganisationNameLength} printable characters.", "organisation"));
        }

        if (request.Role is not { } role || !AccountRoles.SelfAssignable.Contains(role))
        {
            return (null, Error(StatusCodes.Status400BadRequest, "invalid-role",
                $"'role' must be '{AccountRoles.Provider}' (you publish models and earn from them) or '{AccountRoles.Developer}' (you call models and pay for them). The operator role cannot be chosen.",
                "role"));
        }

        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return EmailTaken();
        }

        var now = time.GetUtcNow();
        var user = new User { Id = Guid.CreateVersion7(), Email = email, PasswordHash = "", CreatedAt = now };
        user.PasswordHash = passwords.Hash(user, request.Password!);
        var account = new Account { Id = Guid.CreateVersion7(), Name = name, Role = role, CreatedAt = now };
        var secret = ApiKeySecrets.Generate();
        var key = NewKey(account.Id, null, FirstKeyName, secret, now, null);
        db.Users.Add(user);
        db.Accounts.Add(account);
        db.Memberships.Add(new Membership { UserId = user.Id, AccountId = account.Id, Role = MembershipRoles.Owner, CreatedAt = now });
        db.ApiKeys.Add(key);
        try
        {
            // One SaveChanges is one transaction: the user, organisation, membership and key exist together or not at all.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two sign-ups with one email at once: the unique index lets one through.
            if (await EmailExistsAsync(email))
            {
                return EmailTaken();
            }

            throw;
        }

        await audit.RecordAsync(new Actor(account.Id, user.Id, key.Id, from), AuditActions.SignedUp, $"account:{account.Id}",
            new { email = user.Email, organisation = account.Name, role = account.Role }, cancellationToken: cancellationToken);
        return (new SignUpResponse(new UserResponse(user.Id, user.Email), new OrganisationResponse(account.Id, account.Name, account.Role), secret, key.Id), null);
    }

    /// <summary>Checks a user's password and opens a session; <paramref name="from"/> (the client's address, or null) is counted against <see cref="AccountOptions.AttemptsPerMinutePerAddress"/>.</summary>
    public async Task<(SignInResponse? Session, AccountError? Error)> SignInAsync(SignInRequest? request, IPAddress? from, CancellationToken cancellationToken)
    {
        if (await ThrottleAsync(from, cancellationToken) is { } throttled)
        {
            return (null, throttled);
        }

        if (string.IsNullOrEmpty(request?.Email) || string.IsNullOrEmpty(request.Password))
        {
            return (null, Error(StatusCodes.Status400BadRequest, "credentials-required", "Send 'email' and 'password'.", string.IsNullOrEmpty(request?.Email) ? "email" : "password"));
        }

        var settings = options.Value;
        var email = AccountRules.NormalizeEmail(request.Email);
        var user = email is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null)
        {
            passwords.VerifyNobody(request.Password);
            await SignInFailedAsync(null, email ?? request.Email, from, cancellationToken);
            return (null, Error(StatusCodes.Status401Unauthorized, "invalid-credentials", InvalidCredentials));
        }

        // Each attempt is counted as a failure before the password is checked, in one conditional update, so parallel
        // guesses cannot get past the limit: the attempt that reaches it locks the user. A success clears both below.
        var now = time.GetUtcNow();
        var max = settings.MaxFailedSignIns;
        DateTimeOffset? lockUntil = now + settings.LockoutDuration;
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.LockedUntil == null || u.LockedUntil <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1 >= max ? 0 : u.FailedSignIns + 1)
                .SetProperty(u => u.LockedUntil, u => u.FailedSignIns + 1 >= max ? lockUntil : u.LockedUntil), cancellationToken);
        if (claimed == 0)
        {
            return Locked(await LockedUntilAsync(user.Id, cancellationToken) ?? lockUntil.Value, now);
        }

        var verification = passwords.Verify(user, request.Password);
        if (verification == PasswordVerificationResult.Failed)
        {
            await SignInFailedAsync(user.Id, user.Email, from, cancellationToken);
            return await LockedUntilAsync(user.Id, cancellationToken) is { } until && until > now
                ? Locked(until, now)
                : (null, Error(StatusCodes.Status401Unauthorized, "invalid-credentials", InvalidCredentials));
        }

        var newHash = verification == PasswordVerificationResult.SuccessRehashNeeded ? passwords.Hash(user, request.Password) : user.PasswordHash;
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.FailedSignIns, 0)
            .SetProperty(u => u.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(u => u.LastSignInAt, now)
            .SetProperty(u => u.PasswordHash, newHash), cancellationToken);

        var organisations = await ListOrganisationsAsync(user.Id, cancellationToken);
        if (organisations.Count == 0)
        {
            return (null, Error(StatusCodes.Status403Forbidden, "no-organisation",
                "You are not a member of any organisation. Ask an organisation's owner to add you (POST /v1/account/members)."));
        }

        var chosen = request.OrganisationId is { } wanted ? organisations.Find(o => o.Id == wanted) : organisations[0];
        if (chosen is null)
        {
            return (null, Error(StatusCodes.Status404NotFound, "organisation-not-found",
                $"You are not a member of organisation {request.OrganisationId}. Leave out 'organisationId' or use one of: {string.Join(", ", organisations.Select(o => o.Id))}."));
        }

        var secret = ApiKeySecrets.Generate();
        var session = NewKey(chosen.Id, user.Id, SessionKeyName, secret, now, now + settings.SessionLifetime);
        db.ApiKeys.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new Actor(chosen.Id, user.Id, session.Id, from), AuditActions.SignedIn, $"session:{session.Id}", new { email = user.Email }, cancellationToken: cancellationToken);
        return (new SignInResponse(new UserResponse(user.Id, user.Email), organisations, chosen.Id, secret, session.Id, session.ExpiresAt!.Value), null);
    }

    /// <summary>
    /// A wrong password or an unknown email, in the operator's log (no organisation: the person is not known to be anyone's).
    /// Only well-formed attempts get here, and the address's attempts are throttled before, so this cannot flood the log.
    /// </summary>
    private Task SignInFailedAsync(Guid? userId, string email, IPAddress? from, CancellationToken cancellationToken) =>
        audit.RecordAsync(new Actor(null, userId, null, from), AuditActions.SignInFailed, userId is { } id ? $"user:{id}" : "user:unknown",
            new { email = email.Length > 254 ? email[..254] : email }, cancellationToken: cancellationToken);

    /// <summary>The organisations a user belongs to, by name.</summary>
    public async Task<List<MembershipResponse>> ListOrganisationsAsync(Guid userId, CancellationToken cancellationToken) =>
        (await (
                from m in db.Memberships
                where m.UserId == userId
                join a in db.Accounts on m.AccountId equals a.Id
                select new MembershipResponse(a.Id, a.Name, a.Role, m.Role))
            .ToListAsync(cancellationToken))
        .OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.Id)
        .ToList();

    /// <summary>
    /// Moves a signed-in person to another of their organisations without asking for the password again: a new session
    /// there (ending when the current one would), and the current session ends.
    /// </summary>
    public async Task<(SignInResponse? Session, AccountError? Error)> SwitchOrganisationAsync(Guid sessionId, Guid userId, Guid organisationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await db.ApiKeys.AsNoTracking()
            .SingleOrDefaultAsync(k => k.Id == sessionId && k.UserId == userId && k.RevokedAt == null && k.ExpiresAt > now, cancellationToken);
        if (current is null)
        {
            return (null, Error(StatusCodes.Status401Unauthorized, "revoked-api-key", "This session has ended. Sign in again."));
        }

        var organisations = await ListOrganisationsAsync(userId, cancellationToken);
        if (organisations.Find(o => o.Id == organisationId) is null)
        {
            return (null, Error(StatusCodes.Status404NotFound, "organisation-not-found", $"You are not a member of organisation {organisationId}."));
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken);
        var secret = ApiKeySecrets.Generate();
        var session = NewKey(organisationId, userId, SessionKeyName, secret, now, current.ExpiresAt);
        db.ApiKeys.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        await EndSessionAsync(sessionId, cancellationToken);
        return (new SignInResponse(new UserResponse(user.Id, user.Email), organisations, organisationId, secret, session.Id, session.ExpiresAt!.Value), null);
    }

    /// <summary>Ends the session <paramref name="caller"/> is signed in with, and records it.</summary>
    public async Task SignOutAsync(Actor caller, CancellationToken cancellationToken)
    {
        var sessionId = caller.KeyId ?? throw new ArgumentException("A sign-out names the session's key.", nameof(caller));
        await EndSessionAsync(sessionId, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.SignedOut, $"session:{sessionId}", cancellationToken: cancellationToken);
    }

    private async Task EndSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.ApiKeys.Where(k => k.Id == sessionId && k.UserId != null && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        invalidation.ApiKeyRevoked(sessionId);
    }

    public async Task<AccountResponse> GetAsync(Guid accountId, Guid? userId, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == accountId, cancellationToken);
        AccountUserResponse? user = null;
        if (userId is { } id)
        {
            user = await (
                    from m in db.Memberships
                    where m.AccountId == accountId && m.UserId == id
                    join u in db.Users on m.UserId equals u.Id
                    select new AccountUserResponse(u.Id, u.Email, m.Role))
                .SingleOrDefaultAsync(cancellationToken);
        }

        return new AccountResponse(account.Id, account.Name, account.Role, account.CreatedAt, user);
    }

    public async Task<IReadOnlyList<MemberResponse>> ListMembersAsync(Guid accountId, CancellationToken cancellationToken) =>
        await (
                from m in db.Memberships
                where m.AccountId == accountId
                join u in db.Users on m.UserId equals u.Id
                orderby u.Email
                select new MemberResponse(u.Id, u.Email, m.Role, m.CreatedAt))
            .ToListAsync(cancellationToken);

    public async Task<(MemberResponse? Member, AccountError? Error)> AddMemberAsync(
        Guid accountId, Guid? callerUserId, AddMemberRequest? request, CancellationToken cancellationToken)
    {
        if (await RequireOwnerAsync(accountId, callerUserId, cancellationToken) is { } refused)
        {
            return (null, refused);
        }

        var email = AccountRules.NormalizeEmail(request?.Email);
        if (email is null)
        {
            return (null, Error(StatusCodes.Status400BadRequest, "invalid-email", $"'email' is not a valid email address. {AccountRules.EmailRule}", "email"));
        }

        var role = request!.Role ?? MembershipRoles.Member;
        if (!MembershipRoles.All.Contains(role))
        {
            return (null, Error(StatusCodes.Status400BadRequest, "invalid-membership-role", "'role' must be 'owner' or 'member' (the default).", "role"));
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Email == email).Select(u => new { u.Id, u.Email }).SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return (null, Error(StatusCodes.Status404NotFound, "user-not-found",
                $"No user has the email {email}. They need to sign up first (POST /v1/auth/signup), then you can add them."));
        }

        var membership = new Membership { UserId = user.Id, AccountId = accountId, Role = role, CreatedAt = time.GetUtcNow() };
        if (!await db.Memberships.AnyAsync(m => m.AccountId == accountId && m.UserId == user.Id, cancellationToken))
        {
            db.Memberships.Add(membership);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (new MemberResponse(user.Id, user.Email, role, membership.CreatedAt), null);
            }
            catch (DbUpdateException)
            {
                // A concurrent request added the same user first; report it like any other duplicate.
            }
        }

        return (null, Error(StatusCodes.Status409Conflict, "already-member", $"{email} is already a member of this organisation."));
    }

    public async Task<AccountError?> RemoveMemberAsync(Guid accountId, Guid? callerUserId, Guid userId, CancellationToken cancellationToken)
    {
        if (await RequireOwnerAsync(accountId, callerUserId, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The owner count is checked in the same statement as the delete, and removals in one organisation are
        // serialized (RowLocks), so two owners removing each other at once cannot leave it without one.
        await RowLocks.LockAccountAsync(db, accountId, cancellationToken);
        var removed = await db.Memberships
            .Where(m => m.AccountId == accountId && m.UserId == userId
                && (m.Role != MembershipRoles.Owner || db.Memberships.Count(o => o.AccountId == accountId && o.Role == MembershipRoles.Owner) > 1))
            .ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return await db.Memberships.AnyAsync(m => m.AccountId == accountId && m.UserId == userId, cancellationToken)
                ? new AccountError(StatusCodes.Status409Conflict, "last-owner", "This is the organisation's last owner. Make another member an owner first.")
                : new AccountError(StatusCodes.Status404NotFound, "member-not-found", $"No member {userId} in this organisation. List them with GET /v1/account/members.");
        }

        // Their sessions for this organisation end now; keys they created belong to the organisation and stay.
        var now = time.GetUtcNow();
        await db.ApiKeys.Where(k => k.AccountId == accountId && k.UserId == userId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        invalidation.SessionsRevoked(accountId, userId);
        return null;
    }

    public async Task<IReadOnlyList<AdminAccountResponse>> ListAllAsync(CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking()
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new AdminAccountResponse(a.Id, a.Name, a.Role, a.CreatedAt, db.Memberships.Count(m => m.AccountId == a.Id)))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Owners manage members. A program's key is not a person and is refused — except in an organisation that has no
    /// owner at all (the operator's, made at first start), whose key may add the first people.
    /// </summary>
    private async Task<AccountError?> RequireOwnerAsync(Guid accountId, Guid? callerUserId, CancellationToken cancellationToken)
    {
        var allowed = callerUserId is { } userId
            ? await db.Memberships.AnyAsync(m => m.AccountId == accountId && m.UserId == userId && m.Role == MembershipRoles.Owner, cancellationToken)
            : !await db.Memberships.AnyAsync(m => m.AccountId == accountId && m.Role == MembershipRoles.Owner, cancellationToken);
        return allowed
            ? null
            : new AccountError(StatusCodes.Status403Forbidden, "owner-required",
                callerUserId is null
                    ? "Only an owner can manage members, and this request uses an API key, not a person's session. Sign in as an owner (POST /v1/auth/signin) and use the session."
                    : "Only an owner of this organisation can manage its members.");
    }

    private async Task<DateTimeOffset?> LockedUntilAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.LockedUntil).SingleAsync(cancellationToken);

    private async Task<bool> EmailExistsAsync(string email)
    {
        db.ChangeTracker.Clear();
        return await db.Users.AnyAsync(u => u.Email == email);
    }

    private static ApiKey NewKey(Guid accountId, Guid? userId, string name, string secret, DateTimeOffset now, DateTimeOffset? expiresAt) => new()
    {
        Id = Guid.CreateVersion7(),
        AccountId = accountId,
        UserId = userId,
        Name = name,
        Prefix = ApiKeySecrets.PrefixOf(secret),
        Hash = ApiKeySecrets.Hash(secret),
        CreatedAt = now,
        ExpiresAt = expiresAt,
    };

    private static AccountError Error(int status, string code, string detail, string? field = null) => new(status, code, detail, field);

    private static (SignUpResponse?, AccountError?) EmailTaken() =>
        (null, Error(StatusCodes.Status409Conflict, "email-taken", "This email is already registered. Sign in with POST /v1/auth/signin."));

    /// <summary>
    /// Counts one sign-up or sign-in attempt of <paramref name="from"/>: the per-user lockout stops guessing one user's
    /// password, this stops one client trying many users (and spending the server's CPU on password hashes). IPv6
    /// clients are counted per /64, the block one subscriber usually holds. A caller without an address (in-process,
    /// a Unix socket) is not counted.
    /// </summary>
    private async Task<AccountError?> ThrottleAsync(IPAddress? from, CancellationToken cancellationToken)
    {
        if (from is null)
        {
            return null;
        }

        if (from.IsIPv4MappedToIPv6)
        {
            from = from.MapToIPv4();
        }

        var client = from.ToString();
        if (from.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = from.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            client = new IPAddress(bytes) + "/64";
        }

        // The limiter's buckets are GUIDs (key and organisation ids, version 7); a hash of the address with a prefix of
        // its own cannot meet one of those.
        var bucket = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("sign-in address " + client)).AsSpan(0, 16));
        var perMinute = options.Value.AttemptsPerMinutePerAddress;
        var decision = await limiter.TryAcquireAsync(bucket, new RateLimits(perMinute, long.MaxValue), 0, cancellationToken);
        return decision.Allowed ? null : new AccountError(StatusCodes.Status429TooManyRequests, "too-many-attempts",
            $"Too many sign-up and sign-in attempts from {client}: at most {perMinute} a minute. Try again in {Math.Ceiling(decision.ResetAfter.TotalSeconds)} s (see Retry-After).",
            RetryAfter: decision.ResetAfter);
    }

    private static (SignInResponse?, AccountError?) Locked(DateTimeOffset until, DateTimeOffset now) =>
        (null, new AccountError(StatusCodes.Status429TooManyRequests, "account-locked",
            $"Too many failed sign-ins: this user is locked until {until:O}. Try again after that (see Retry-After); the right password is refused until then too.",
            RetryAfter: until - now));
}
