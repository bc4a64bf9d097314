using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelMint.Data;

namespace ModelMint.Server.Tests.Infrastructure;

/// <summary>Sign-up and sign-in as a person would: each test makes its own users with unique emails.</summary>
public static class AccountsApi
{
    public const string Password = "correct horse battery";

    public static string NewEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.com";

    public static async Task<JsonNode> SignUpAsync(this ModelMintFactory factory, string? email = null, string role = "developer", string? organisation = null)
    {
        using var client = factory.CreateClient();
        email ??= NewEmail();
        var response = await client.PostJsonAsync("/v1/auth/signup", new { email, password = Password, organisation = organisation ?? $"org of {email}", role });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<HttpResponseMessage> TrySignInAsync(this ModelMintFactory factory, string email, string password = Password, string? organisationId = null)
    {
        using var client = factory.CreateClient();
        return await client.PostJsonAsync("/v1/auth/signin", organisationId is null ? new { email, password } : new { email, password, organisationId });
    }

    /// <summary>Signs in and returns a client that sends the session, and the sign-in response.</summary>
    public static async Task<(HttpClient Client, JsonNode SignIn)> SignInAsync(this ModelMintFactory factory, string email, string? organisationId = null)
    {
        var signIn = await (await factory.TrySignInAsync(email, Password, organisationId)).ReadJsonAsync(HttpStatusCode.OK);
        return (factory.CreateClientWithKey((string)signIn["session"]!), signIn);
    }

    public static async Task<T> WithDbAsync<T>(this ModelMintFactory factory, Func<ModelMintDbContext, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ModelMintDbContext>());
    }

    public static Task<int> CountUsersAsync(this ModelMintFactory factory) => factory.WithDbAsync(db => db.Users.CountAsync());
}
