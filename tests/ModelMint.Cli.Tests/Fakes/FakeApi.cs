using System.Net;
using System.Text;
using ModelMint.Client;

namespace ModelMint.Cli.Tests.Fakes;

/// <summary>What the fake server saw: enough to assert on the wire format.</summary>
internal sealed record RecordedRequest(
    HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Path => Uri.AbsolutePath;

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>
/// An in-process stand-in for the ModelMint server: routes are exact method + path matches answering canned,
/// contract-shaped JSON; unmatched requests get a 404 problem. Every request is recorded.
/// </summary>
internal sealed class FakeApi : HttpMessageHandler
{
    public static readonly Uri BaseAddress = new("http://mint.test/");

    private readonly List<(HttpMethod Method, string Path, Func<RecordedRequest, HttpResponseMessage> Respond)> _routes = [];
    private Exception? _failure;

    public List<RecordedRequest> Requests { get; } = [];

    public FakeApi On(HttpMethod method, string path, Func<RecordedRequest, HttpResponseMessage> respond)
    {
        _routes.Add((method, path, respond));
        return this;
    }

    public FakeApi OnJson(HttpMethod method, string path, string json, HttpStatusCode status = HttpStatusCode.OK) =>
        On(method, path, _ => Json(json, status));

    /// <summary>Answers each request with the next body; the last one repeats.</summary>
    public FakeApi OnJsonSequence(HttpMethod method, string path, params string[] bodies)
    {
        var next = 0;
        return On(method, path, _ => Json(bodies[Math.Min(next++, bodies.Length - 1)]));
    }

    public FakeApi OnProblem(HttpMethod method, string path, HttpStatusCode status, string problemJson) =>
        On(method, path, _ => Problem(status, problemJson));

    /// <summary>Every request fails as if nothing listened at the address.</summary>
    public FakeApi RefuseConnections()
    {
        _failure = new HttpRequestException(
            HttpRequestError.ConnectionError,
            "Connection refused (mint.test:80)",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        return this;
    }

    public HttpClient CreateHttpClient(Uri? baseAddress = null) =>
        new(this, disposeHandler: false) { BaseAddress = baseAddress ?? BaseAddress };

    public ModelMintClient CreateClient(string? apiKey = "mm_test") => new(CreateHttpClient(), apiKey);

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Problem(HttpStatusCode status, string problemJson) =>
        new(status) { Content = new StringContent(problemJson, Encoding.UTF8, "application/problem+json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.MediaType,
            request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken),
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
        Requests.Add(recorded);

        if (_failure is not null)
        {
            throw _failure;
        }

        foreach (var (method, path, respond) in _routes)
        {
            if (method == request.Method && path == recorded.Path)
            {
                return respond(recorded);
            }
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent(
                ContractJson.Problem(404, "not-found", "Not Found", $"No route for {request.Method} {recorded.Path}."),
                Encoding.UTF8,
                "application/problem+json"),
        };
    }
}
