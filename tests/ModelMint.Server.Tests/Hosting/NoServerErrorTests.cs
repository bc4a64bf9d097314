using System.Net;
using System.Text;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Hosting;

/// <summary>Odd but possible requests against every route: each gets a 4xx problem, never a 500.</summary>
public sealed class NoServerErrorTests(ModelMintFactory factory) : IClassFixture<ModelMintFactory>
{
    public static TheoryData<string, string, string?> OddRequests => new()
    {
        { "GET", "/v1/datasets/not-a-guid", null },
        { "GET", "/v1/training-jobs/00000000-0000-0000-0000-000000000000", null },
        { "POST", "/v1/training-jobs", "null" },
        { "POST", "/v1/training-jobs", "{\"datasetId\":\"00000000-0000-0000-0000-000000000000\",\"modelName\":\"x\",\"testFraction\":1e308}" },
        { "POST", "/v1/training-jobs", "{\"datasetId\":\"00000000-0000-0000-0000-000000000000\",\"modelName\":\"ok-name\",\"seed\":99999999999}" },
        { "POST", "/v1/training-jobs", "{\"datasetId\":\"00000000-0000-0000-0000-000000000000\",\"modelName\":\"ok-name\",\"parameters\":{\"c\":null}}" },
        { "POST", "/v1/training-jobs/00000000-0000-0000-0000-000000000000/cancel", null },
        { "GET", "/v1/training-jobs/00000000-0000-0000-0000-000000000000/curve", null },
        { "GET", "/v1/models/%ff%fe", null },
        { "GET", "/v1/models/x/versions/99999999999", null },
        { "GET", "/v1/models/x/versions/-1", null },
        { "PUT", "/v1/models/x/aliases/production", "{\"version\":\"two\"}" },
        { "PUT", "/v1/models/x/aliases/production", "{\"version\":-5}" },
        { "POST", "/v1/models/x/predict", "{\"texts\":[null]}" },
        { "POST", "/v1/models/x/predict", "{\"texts\":\"not a list\"}" },
        { "POST", "/v1/models/x/predict", "{\"text\":\"\\ud800\"}" },
        { "POST", "/v1/models/x/predict", "{\"text\":\"hi\",\"version\":1.5}" },
        { "POST", "/v1/models/x/predict", "{\"text\":\"hi\",\"version\":true}" },
        { "POST", "/v1/keys", "{\"name\":\"" + new string('k', 500) + "\"}" },
        { "POST", "/v1/keys", "{\"expiresAt\":\"9999-12-31T23:59:59Z\"}" },
        { "DELETE", "/v1/keys/not-a-guid", null },
        { "DELETE", "/v1/keys/00000000-0000-0000-0000-000000000000", null },
        { "POST", "/v1/auth/signup", "null" },
        { "POST", "/v1/auth/signup", "{\"email\":5,\"password\":[],\"organisation\":{},\"role\":true}" },
        { "POST", "/v1/auth/signup", "{\"email\":\"a@example.com\",\"password\":\"\\ud800\\ud800\\ud800\\ud800\\ud800x\",\"organisation\":\"\\ud800\",\"role\":\"developer\"}" },
        { "POST", "/v1/auth/signup", "{\"email\":\"" + new string('e', 5000) + "@example.com\",\"password\":\"" + new string('p', 100_000) + "\",\"organisation\":\"o\",\"role\":\"developer\"}" },
        { "POST", "/v1/auth/signin", "null" },
        { "POST", "/v1/auth/signin", "{\"email\":\"x@example.com\",\"password\":\"p\",\"organisationId\":\"not-a-guid\"}" },
        { "POST", "/v1/auth/signin", "{\"email\":\"x@example.com\",\"password\":\"" + new string('p', 100_000) + "\"}" },
        { "POST", "/v1/auth/signout", null },
        { "POST", "/v1/account/members", "null" },
        { "POST", "/v1/account/members", "{\"email\":null,\"role\":null}" },
        { "DELETE", "/v1/account/members/not-a-guid", null },
        { "DELETE", "/v1/account/members/00000000-0000-0000-0000-000000000000", null },
        { "GET", "/v1/invoices/not-a-guid", null },
        { "GET", "/v1/invoices/00000000-0000-0000-0000-000000000000.csv", null },
        { "GET", "/v1/invoices/00000000-0000-0000-0000-000000000000?format=pdf", null },
        { "POST", "/v1/invoices/00000000-0000-0000-0000-000000000000/finalize", null },
        { "POST", "/v1/invoices/00000000-0000-0000-0000-000000000000/void", "{\"reason\":5}" },
        { "POST", "/v1/invoices/00000000-0000-0000-0000-000000000000/void", "null" },
        { "GET", "/v1/statements/not-a-guid", null },
        { "POST", "/v1/admin/billing/run", "null" },
        { "POST", "/v1/admin/billing/run", "{\"period\":\"9999-12\"}" },
        { "POST", "/v1/admin/billing/run", "{\"period\":\"0001-01\"}" },
        { "GET", "/v1/admin/ledger/check?period=2026-3", null },
        { "GET", "/v1/admin/ledger/check?period=0001-01&currency=jpy", null },
        { "POST", "/v1/webhooks", "null" },
        { "POST", "/v1/webhooks", "{\"url\":123,\"events\":\"balance.low\"}" },
        { "POST", "/v1/webhooks", "{\"url\":\"http://[::1\",\"events\":[\"balance.low\"]}" },
        { "POST", "/v1/webhooks", "{\"url\":\"https://example.com/" + new string('h', 3000) + "\",\"events\":[\"balance.low\"]}" },
        { "DELETE", "/v1/webhooks/not-a-guid", null },
        { "GET", "/v1/webhooks/00000000-0000-0000-0000-000000000000/deliveries", null },
    };

    [Theory]
    [MemberData(nameof(OddRequests))]
    public async Task OddRequest_GetsAClientErrorOrSuccess_NeverAServerError(string method, string path, string? body)
    {
        using var client = factory.CreateOperatorClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{method} {path} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (!response.IsSuccessStatusCode)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task RequestWithoutKey_ToEveryProtectedRoute_Is401()
    {
        using var client = factory.CreateClient();
        foreach (var (method, path) in new[] { ("GET", "/v1/datasets"), ("POST", "/v1/datasets"), ("GET", "/v1/training-jobs"), ("POST", "/v1/training-jobs"),
                     ("GET", "/v1/models"), ("POST", "/v1/models/x/predict"), ("PUT", "/v1/models/x/aliases/a"), ("GET", "/v1/keys"), ("POST", "/v1/keys"),
                     ("GET", "/v1/account"), ("GET", "/v1/account/members"), ("POST", "/v1/account/members"), ("POST", "/v1/auth/signout"), ("GET", "/v1/admin/accounts"),
                     ("GET", "/v1/invoices"), ("GET", "/v1/invoices/00000000-0000-0000-0000-000000000000.csv"), ("GET", "/v1/statements"), ("POST", "/v1/admin/billing/run"), ("GET", "/v1/webhooks"), ("POST", "/v1/webhooks") })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} gave {(int)response.StatusCode}");
        }
    }
}
