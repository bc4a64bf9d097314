namespace ModelMint.Server.Audit;

public static class AuditRegistration
{
    public static WebApplicationBuilder AddModelMintAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditLog>();
        return builder;
    }
}
