using System.Net;
using System.Text;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Datasets;

public sealed class DatasetEndpointsTests : IClassFixture<DatasetEndpointsTests.Factory>
{
    public sealed class Factory : ModelMintFactory
    {
        public Factory() => Settings["Datasets:MaxUploadBytes"] = "4096";
    }

    private readonly Factory factory;
    private readonly HttpClient client;

    public DatasetEndpointsTests(Factory factory)
    {
        this.factory = factory;
        client = factory.CreateOperatorClient();
    }

    [Fact]
    public async Task Upload_ValidCsv_ReturnsRowsLabelsAndDigest()
    {
        var response = await client.UploadAsync("text,label\nhello there,greet\n\"bye, then\",leave\nhi,greet\n", "small.csv", "greetings");
        var dataset = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("greetings", (string?)dataset["name"]);
        Assert.Equal(3, (int?)dataset["rows"]);
        Assert.Equal(2, (int?)dataset["labels"]!["greet"]);
        Assert.Equal(1, (int?)dataset["labels"]!["leave"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)dataset["digest"]);
        Assert.Equal($"/v1/datasets/{dataset["id"]}", response.Headers.Location?.ToString());
        var fetched = await client.GetJsonAsync($"/v1/datasets/{dataset["id"]}");
        Assert.Equal((string?)dataset["digest"], (string?)fetched["digest"]);
    }

    [Fact]
    public async Task Upload_SameRowsAsJsonl_HasTheSameDigestAsCsv()
    {
        var csv = await (await client.UploadAsync("text,label\nhello there,greet\nbye,leave\n", "a.csv")).ReadJsonAsync(HttpStatusCode.Created);
        var jsonl = await (await client.UploadAsync(Encoding.UTF8.GetBytes("{\"text\":\"hello there\",\"label\":\"greet\"}\r\n{\"text\":\"bye\",\"label\":\"leave\"}\r\n"), "a.jsonl", contentType: "application/x-ndjson"))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal((string?)csv["digest"], (string?)jsonl["digest"]);
        Assert.Equal("a", (string?)jsonl["name"]);
    }

    public static TheoryData<string, string, int?> InvalidCsvFiles => new()
    {
        { "", "dataset-empty", null },
        { "text,label\n", "dataset-empty", null },
        { "text,category\nhello,a\n", "dataset-missing-column", 1 },
        { "label\na\n", "dataset-missing-column", 1 },
        { "text,label\nhello,a\nworld,a\n", "dataset-single-label", null },
        { "text,label\nhello,a\n   ,b\n", "dataset-empty-text", 3 },
        { "text,label\nhello,a\nworld,\n", "dataset-empty-label", 3 },
        { "text,label\nhello,a\n\"unterminated,b\n", "dataset-malformed-row", 3 },
        { "text,label\nhello,a\nworld,b,extra\n", "dataset-malformed-row", 3 },
    };

    [Theory]
    [MemberData(nameof(InvalidCsvFiles))]
    public async Task Upload_InvalidCsv_Is422WithCodeAndLineAndStoresNothing(string content, string code, int? line)
    {
        var before = await StoredCountAsync();

        var problem = await (await client.UploadAsync(content)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, code);

        Assert.Equal(line, (int?)problem["line"]);
        Assert.Equal(before, await StoredCountAsync());
    }

    [Fact]
    public async Task Upload_InvalidUtf8_Is422AndNamesTheLine()
    {
        var bytes = Encoding.UTF8.GetBytes("text,label\nfine,a\nbad ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(",b\n")).ToArray();
        var before = await StoredCountAsync();

        var problem = await (await client.UploadAsync(bytes, "bad.csv")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "dataset-invalid-utf8");

        Assert.Equal(3, (int?)problem["line"]);
        Assert.Equal(before, await StoredCountAsync());
    }

    [Fact]
    public async Task Upload_FileOverTheLimit_Is413AndStoresNothing()
    {
        var big = new StringBuilder("text,label\n");
        while (big.Length < 5000)
        {
            big.Append("some text that makes the file large,a\nmore,b\n");
        }

        var before = await StoredCountAsync();
        await (await client.UploadAsync(big.ToString())).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "dataset-too-large");
        Assert.Equal(before, await StoredCountAsync());
    }

    [Fact]
    public async Task Upload_UnknownFormat_Is415()
    {
        var before = await StoredCountAsync();
        await (await client.UploadAsync(Encoding.UTF8.GetBytes("<xml/>"), "data.xml", contentType: "application/xml"))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "dataset-unsupported-format");
        Assert.Equal(before, await StoredCountAsync());
    }

    [Fact]
    public async Task Upload_NotMultipart_Is415()
    {
        await (await client.PostRawAsync("/v1/datasets", "{}")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "multipart-required");
    }

    [Fact]
    public async Task Upload_WithoutFileField_Is400()
    {
        using var form = new MultipartFormDataContent { { new StringContent("x"), "name" } };
        await (await client.PostAsync(new Uri("/v1/datasets", UriKind.Relative), form)).AssertProblemAsync(HttpStatusCode.BadRequest, "dataset-file-missing");
    }

    [Fact]
    public async Task Get_AnotherAccountsDataset_Is404()
    {
        var dataset = await (await client.UploadAsync("text,label\nhello,a\nbye,b\n")).ReadJsonAsync(HttpStatusCode.Created);
        using var other = factory.CreateClientWithKey(await factory.CreateAccountAsync("other"));

        await (await other.GetAsync(new Uri($"/v1/datasets/{dataset["id"]}", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound, "dataset-not-found");
        Assert.Empty((await other.GetJsonAsync("/v1/datasets"))["items"]!.AsArray());
    }

    private async Task<(int Rows, int Files)> StoredCountAsync()
    {
        var rows = (await client.GetJsonAsync("/v1/datasets"))["items"]!.AsArray().Count;
        var folder = Path.Combine(factory.DataDirectory, "datasets");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length : 0;
        return (rows, files);
    }
}
