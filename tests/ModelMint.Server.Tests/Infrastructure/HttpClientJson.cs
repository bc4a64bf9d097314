using System.Net.Http.Json;

namespace ModelMint.Server.Tests.Infrastructure;

public static class HttpClientJson
{
    public static Task<HttpResponseMessage> PutAsJsonAsync(this HttpClient client, string path, object body) =>
        HttpClientJsonExtensions.PutAsJsonAsync(client, new Uri(path, UriKind.Relative), body);
}
