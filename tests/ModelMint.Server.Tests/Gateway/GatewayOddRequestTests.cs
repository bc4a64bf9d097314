using System.Text;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Gateway;

/// <summary>Malformed or odd requests to the gateway's routes get a client error (or success), never a server error.</summary>
public sealed class GatewayOddRequestTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    public static TheoryData<string, string, string?> OddRequests => new()
    {
        { "POST", "/openai/v1/chat/completions", null },
        { "POST", "/openai/v1/chat/completions", "null" },
        { "POST", "/openai/v1/chat/completions", "[]" },
        { "POST", "/openai/v1/chat/completions", "{\"model\":5}" },
        { "POST", "/openai/v1/chat/completions", "{\"model\":\"\",\"messages\":[]}" },
        { "POST", "/openai/v1/chat/completions", "{\"model\":\"odd-model\",\"messages\":\"hi\"}" },
        { "POST", "/openai/v1/chat/completions", "{\"model\":\"odd-model\",\"messages\":[1,null,{\"content\":[{\"type\":\"image_url\"}]}]}" },
        { "POST", "/openai/v1/chat/completions", "{\"model\":\"odd-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"abc\"}" },
        { "POST", "/openai/v1/chat/completions", "{\"model\":\"odd-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}" },
        { "POST", "/openai/v1/chat/completions", "{\"model\":\"odd-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":true,\"stream_options\":5}" },
        { "POST", "/openai/v1/embeddings", "{\"model\":\"odd-model\",\"input\":5}" },
        { "POST", "/openai/v1/embeddings", "{\"model\":\"odd-model\",\"input\":[1,[1,2],{}]}" },
        { "POST", "/v1/admin/gateway/channels", "null" },
        { "POST", "/v1/admin/gateway/channels", "{}" },
        { "POST", "/v1/admin/gateway/channels", "{\"name\":\"x\",\"baseUrl\":\"ftp://x\",\"apiKey\":\"k\",\"models\":[{\"name\":\"a1\"}]}" },
        { "POST", "/v1/admin/gateway/channels", "{\"name\":\"x\",\"baseUrl\":\"http://127.0.0.1:9/v1\",\"apiKey\":\"k\",\"models\":[null]}" },
        { "POST", "/v1/admin/gateway/channels", "{\"name\":\"x\",\"baseUrl\":\"http://127.0.0.1:9/v1\",\"apiKey\":\"k\",\"models\":[{\"name\":\"a1\"}],\"cost\":{\"currency\":\"USD\",\"inputPerMillion\":\"-1\",\"outputPerMillion\":\"1\"}}" },
        { "POST", "/v1/admin/gateway/channels", "{\"name\":\"x\",\"baseUrl\":\"http://127.0.0.1:9/v1\",\"apiKey\":\"k\",\"models\":[{\"name\":\"a1\"}],\"weight\":0}" },
        { "PUT", "/v1/admin/gateway/channels/00000000-0000-0000-0000-000000000000", "{}" },
        { "GET", "/v1/admin/gateway/channels/not-a-guid", null },
        { "DELETE", "/v1/admin/gateway/channels/00000000-0000-0000-0000-000000000000", null },
        { "PUT", "/v1/admin/gateway/models/Bad.Name", "{\"kind\":\"chat\",\"price\":{\"currency\":\"USD\",\"inputPerMillion\":\"1\",\"outputPerMillion\":\"1\"}}" },
        { "PUT", "/v1/admin/gateway/models/odd-model", "{\"kind\":\"vision\"}" },
        { "PUT", "/v1/admin/gateway/models/odd-model", "{\"kind\":\"chat\",\"price\":null}" },
        { "PUT", "/v1/admin/gateway/models/odd-model", "null" },
        { "GET", "/v1/admin/gateway/margins?month=2026-13", null },
        { "GET", "/v1/admin/gateway/margins?month=9999-12", null },
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

        using var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{method} {path} {body} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
