using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ModelMint.Server.Predictions;

namespace ModelMint.Server.Portal;

/// <summary>
/// The playground's calls go through the public API like any program's: an HTTP request from the server to its own
/// loopback address, <c>POST /v1/models/{name}/predict</c> with the person's session (or a key they paste) as the
/// Bearer key — so they are authenticated, rate-limited, metered and billed by the same pipeline, and the secret never
/// reaches the browser's script.
/// </summary>
public sealed class PlaygroundClient(IHttpClientFactory clients, IServer server)
{
    public const string HttpClientName = "playground";

    public async Task<PortalResult<PredictResponse>> PredictAsync(string model, string text, string key, CancellationToken cancellationToken)
    {
        if (OwnAddress() is not { } baseAddress)
        {
            return new PortalResult<PredictResponse>(null, new PortalProblem(503, "no-listening-address", "The server has no HTTP address to call itself on.", null));
        }

        using var client = clients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, $"v1/models/{Uri.EscapeDataString(model)}/predict"))
        {
            Content = JsonContent.Create(new { text }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new PortalResult<PredictResponse>(await response.Content.ReadFromJsonAsync<PredictResponse>(JsonSerializerOptions.Web, cancellationToken), null);
        }

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var code = problem.TryGetProperty("code", out var c) ? c.GetString() ?? "error" : "error";
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() ?? code : code;
        return new PortalResult<PredictResponse>(null, new PortalProblem((int)response.StatusCode, code, detail, null));
    }

    /// <summary>This process's own HTTP address, with a wildcard host replaced by loopback.</summary>
    private Uri? OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "localhost")
        {
            uri.Host = "127.0.0.1";
        }
        else if (uri.Host is "[::]" or "::")
        {
            uri.Host = "[::1]";
        }

        uri.Path = "/";
        return uri.Uri;
    }
}
