using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelMint.Data.Accounts;

namespace ModelMint.Server.Accounts;

public static class AccountRegistration
{
    public static WebApplicationBuilder AddModelMintAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        // Registered before AddAuthorization, whose default handler is only added when none is.
        builder.Services.TryAddSingleton<IAuthorizationMiddlewareResultHandler, RoleProblemResultHandler>();
        builder.Services.AddAuthorization(Policies.Configure);
        builder.Services.TryAddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.TryAddSingleton<PasswordHashing>();
        builder.Services.AddScoped<AccountService>();
        builder.Services.AddHostedService<Bootstrapper>();
        builder.Services.AddOptions<SessionPurgeOptions>().BindConfiguration(SessionPurgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (builder.Configuration.GetValue($"{SessionPurgeOptions.Section}:{nameof(SessionPurgeOptions.WorkerEnabled)}", true))
        {
            builder.Services.AddHostedService<SessionPurgeWorker>();
        }

        return builder;
    }
}
