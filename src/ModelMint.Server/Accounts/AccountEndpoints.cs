using Microsoft.AspNetCore.Http.HttpResults;
using ModelMint.Server.Audit;
using ModelMint.Server.Hosting;
using ModelMint.Server.Problems;

namespace ModelMint.Server.Accounts;

public sealed record SignUpRequest(string? Email, string? Password, string? Organisation, string? Role)
{
    // Requests are sometimes logged whole; the password must never be.
    public override string ToString() => $"SignUpRequest {{ Email = {Email}, Organisation = {Organisation}, Role = {Role} }}";
}

public sealed record SignInRequest(string? Email, string? Password, Guid? OrganisationId)
{
    public override string ToString() => $"SignInRequest {{ Email = {Email}, OrganisationId = {OrganisationId} }}";
}

public sealed record AddMemberRequest(string? Email, string? Role);

public sealed record UserResponse(Guid Id, string Email);

public sealed record OrganisationResponse(Guid Id, string Name, string Role);

/// <summary>The only response that carries the new organisation's first key.</summary>
public sealed record SignUpResponse(UserResponse User, OrganisationResponse Organisation, string Key, Guid KeyId);

/// <summary>An organisation the user belongs to, with the user's <c>membership</c> role in it.</summary>
public sealed record MembershipResponse(Guid Id, string Name, string Role, string Membership);

/// <summary>The only response that carries the session secret; the session acts for <c>organisationId</c>.</summary>
public sealed record SignInResponse(
    UserResponse User, IReadOnlyList<MembershipResponse> Organisations, Guid OrganisationId, string Session, Guid SessionId, DateTimeOffset ExpiresAt);

public sealed record AccountUserResponse(Guid Id, string Email, string Membership);

/// <summary>The caller's organisation, and the signed-in user when the caller is a session (null for a program's key).</summary>
public sealed record AccountResponse(Guid Id, string Name, string Role, DateTimeOffset CreatedAt, AccountUserResponse? User);

public sealed record MemberResponse(Guid UserId, string Email, string Role, DateTimeOffset Since);

public sealed record AdminAccountResponse(Guid Id, string Name, string Role, DateTimeOffset CreatedAt, int Members);

/// <summary>A refusal from <see cref="AccountService"/>, turned into problem+json by the endpoints.</summary>
public sealed record AccountError(int Status, string Code, string Detail, string? Field = null, TimeSpan? RetryAfter = null)
{
    public ProblemHttpResult ToProblem(HttpResponse response)
    {
        if (RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Status switch
        {
            StatusCodes.Status400BadRequest => ApiProblems.Validation(Code, Detail, Field),
            StatusCodes.Status404NotFound => ApiProblems.NotFound(Code, Detail),
            StatusCodes.Status409Conflict => ApiProblems.Conflict(Code, Detail),
            StatusCodes.Status401Unauthorized => ApiProblems.Create(Status, Code, "Unauthorized.", Detail),
            StatusCodes.Status403Forbidden => ApiProblems.Create(Status, Code, "Forbidden.", Detail),
            StatusCodes.Status429TooManyRequests => ApiProblems.Create(Status, Code, "Too many requests.", Detail),
            _ => ApiProblems.Create(Status, Code, "The request failed.", Detail),
        };
    }
}

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/v1/auth").WithTags("Accounts");
        auth.MapPost("/signup", SignUp).AllowAnonymous()
            .WithSummary("Create a user, an organisation (role provider or developer) owned by that user, and the organisation's first API key (shown once).");
        auth.MapPost("/signin", SignIn).AllowAnonymous()
            .WithSummary("Sign in with email and password; returns a session key (mm_..., shown once) for one of the user's organisations.");
        auth.MapPost("/signout", SignOut).RequireAuthorization().WithSummary("End the session that authenticates this request.");

        var account = app.MapGroup("/v1/account").WithTags("Accounts").RequireAuthorization();
        account.MapGet("/", Get).WithSummary("The caller's organisation, and the user when the caller is a session.");
        account.MapGet("/members", ListMembers).WithSummary("The organisation's members.");
        account.MapPost("/members", AddMember).WithSummary("Add an existing user to the organisation (owners only).");
        account.MapDelete("/members/{userId:guid}", RemoveMember).WithSummary("Remove a member and end their sessions here (owners only; never the last owner).");

        app.MapGroup("/v1/admin").WithTags("Admin").RequireAuthorization(Policies.Operator)
            .MapGet("/accounts", ListAccounts).WithSummary("Every organisation with its role and member count (operator only).");
        return app;
    }

    public static async Task<Results<Created<SignUpResponse>, ProblemHttpResult>> SignUp(
        SignUpRequest? request, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var (created, error) = await accounts.SignUpAsync(request, context.Connection.RemoteIpAddress, cancellationToken);
        if (error is not null)
        {
            return error.ToProblem(context.Response);
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created("/v1/account", created);
    }

    public static async Task<Results<Ok<SignInResponse>, ProblemHttpResult>> SignIn(
        SignInRequest? request, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var (session, error) = await accounts.SignInAsync(request, context.Connection.RemoteIpAddress, cancellationToken);
        if (error is not null)
        {
            return error.ToProblem(context.Response);
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(session);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SignOut(HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        if (context.User.UserId() is null)
        {
            return ApiProblems.Validation("not-a-session",
                "This request is authenticated with an API key, not a sign-in session. Revoke keys with DELETE /v1/keys/{id}.");
        }

        await accounts.SignOutAsync(Actor.Of(context), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<AccountResponse>> Get(HttpContext context, AccountService accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accounts.GetAsync(context.User.AccountId(), context.User.UserId(), cancellationToken));

    public static async Task<Ok<ItemList<MemberResponse>>> ListMembers(HttpContext context, AccountService accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ItemList<MemberResponse>(await accounts.ListMembersAsync(context.User.AccountId(), cancellationToken)));

    public static async Task<Results<Created<MemberResponse>, ProblemHttpResult>> AddMember(
        AddMemberRequest? request, HttpContext context, AccountService accounts, AuditLog audit, CancellationToken cancellationToken)
    {
        var (member, error) = await accounts.AddMemberAsync(context.User.AccountId(), context.User.UserId(), request, cancellationToken);
        if (error is not null)
        {
            return error.ToProblem(context.Response);
        }

        await audit.RecordAsync(context, AuditActions.MemberAdded, $"user:{member!.UserId}", new { email = member.Email, role = member.Role }, cancellationToken: cancellationToken);
        return TypedResults.Created($"/v1/account/members/{member.UserId}", member);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        Guid userId, HttpContext context, AccountService accounts, AuditLog audit, CancellationToken cancellationToken)
    {
        var error = await accounts.RemoveMemberAsync(context.User.AccountId(), context.User.UserId(), userId, cancellationToken);
        if (error is not null)
        {
            return error.ToProblem(context.Response);
        }

        await audit.RecordAsync(context, AuditActions.MemberRemoved, $"user:{userId}", cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ItemList<AdminAccountResponse>>> ListAccounts(AccountService accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ItemList<AdminAccountResponse>(await accounts.ListAllAsync(cancellationToken)));
}
