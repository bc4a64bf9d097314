using System.Net;
using Microsoft.EntityFrameworkCore;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Accounts;

public sealed class OperatorBootstrapTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    [Fact]
    public async Task OperatorAccount_ExistsOnceTheServerHasStarted_SoItsKeyWorksOnTheFirstRequest()
    {
        var operators = await factory.WithDbAsync(db => db.Accounts.Where(a => a.Role == "operator").Select(a => a.Name).ToListAsync());

        Assert.Equal(["operator"], operators);
        using var client = factory.CreateOperatorClient();
        var account = await (await client.GetAsync(new Uri("/v1/account", UriKind.Relative))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("operator", (string?)account["role"]);
    }
}
