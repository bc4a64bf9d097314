using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelMint.Server.Tests.Infrastructure;

/// <summary>Small wire-level helpers: the tests speak raw HTTP + JSON so they check the contract itself.</summary>
public static class Api
{
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] content, string fileName, string? name = null, string contentType = "text/csv")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }

        return await client.PostAsync(new Uri("/v1/datasets", UriKind.Relative), form);
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string content, string fileName = "data.csv", string? name = null) =>
        client.UploadAsync(Encoding.UTF8.GetBytes(content), fileName, name);

    public static async Task<JsonNode> UploadOkAsync(this HttpClient client, byte[] content, string fileName)
    {
        var response = await client.UploadAsync(content, fileName);
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Asserts a problem+json response with the given status and code; returns the problem.</summary>
    public static async Task<JsonNode> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Equal("https://modelmint.dev/problems/" + code, (string?)problem["type"]);
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), "problem has no detail");
        return problem;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Queues a training job and polls it until it finishes; returns the final job.</summary>
    public static async Task<JsonNode> TrainAsync(this HttpClient client, object request, TimeSpan? timeout = null)
    {
        var created = await (await client.PostJsonAsync("/v1/training-jobs", request)).ReadJsonAsync(HttpStatusCode.Accepted);
        return await client.WaitForJobAsync((string)created["id"]!, timeout);
    }

    public static async Task<JsonNode> WaitForJobAsync(this HttpClient client, string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var job = await client.GetJsonAsync($"/v1/training-jobs/{id}");
            var status = (string)job["status"]!;
            if (status is "succeeded" or "failed" or "cancelled")
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {id} still {status} after the timeout: {job.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    public static string ToJson(this object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
