using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using ModelMint.Server.Accounts;

namespace ModelMint.Server.BrowserTests.Infrastructure;

/// <summary>
/// One real ModelMint server on a loopback port (Kestrel, a fresh data folder, the demo model, a fake clock that tests
/// move forward to bill a month) and one headless Debian Chromium, shared by the browser tests. Each test makes its
/// own people and organisations.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Password = "correct horse battery";
    public const string DemoModel = Bootstrapper.DemoModelName;

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "modelmint-browser-tests", Guid.NewGuid().ToString("N"));
    private readonly SemaphoreSlim operatorGate = new(1, 1);
    private IPlaywright? playwright;
    private string? operatorEmail;

    public PortalServer()
    {
        Directory.CreateDirectory(dataDirectory);
        UseKestrel();
    }

    public string OperatorKey { get; } = ApiKeySecrets.Generate();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Uri BaseAddress { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>The public datasets beside the repository (<c>../shared/data</c>).</summary>
    public static string SharedDataDirectory { get; } = Path.Combine(RepositoryRoot(), "..", "shared", "data");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: the browser tests drive Debian's headless Chromium and never download one. Install it with 'apt-get install chromium' (.ci/run does).");
        }

        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        Directory.CreateDirectory(ScreenshotDirectory);
        await PublishDemoModelAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ModelMint:DataDirectory", dataDirectory);
        builder.UseSetting(Bootstrapper.KeyVariable, OperatorKey);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Bootstrap:DemoModel", "true");
        builder.UseSetting("Billing:WorkerEnabled", "false");
        builder.UseSetting("Training:PollInterval", "00:00:00.200");
        builder.UseSetting("Training:HeartbeatInterval", "00:00:00.100");
        // Every browser signs in from 127.0.0.1 on a frozen clock, whose minute never ends.
        builder.UseSetting("Accounts:AttemptsPerMinutePerAddress", "100000");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    /// <summary>A browser tab in a fresh context (its own cookies), phone-sized when asked.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1366, Height = 900 },
        });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = BaseAddress.GetLeftPart(UriPartial.Authority) });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>An HTTP client to the same server, sending a key (the operator's unless another is given).</summary>
    public HttpClient Api(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key ?? OperatorKey);
        return client;
    }

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Single-use prepaid codes made through the operator's API.</summary>
    public async Task<string> RedemptionCodeAsync(string amount)
    {
        using var api = Api();
        var batch = await ReadAsync(await api.PostAsJsonAsync("/v1/admin/redemption-batches", new { count = 1, amount, currency = "USD" }));
        return (string)batch["codes"]![0]!;
    }

    /// <summary>
    /// A person of their own organisation, "aaa studio" (first by name, so sign-in opens it), whom the operator
    /// organisation's key has added as an owner, so the portal offers the switch to it. Made once per server: the key may
    /// add members only while the operator organisation has no owner, and the tests that need an operator share it.
    /// </summary>
    public async Task<string> OperatorPersonAsync()
    {
        await operatorGate.WaitAsync();
        try
        {
            if (operatorEmail is null)
            {
                var email = NewEmail("operator");
                using (var anonymous = new HttpClient { BaseAddress = BaseAddress })
                {
                    await ReadAsync(await anonymous.PostAsJsonAsync("/v1/auth/signup",
                        new { email, password = Password, organisation = "aaa studio", role = "developer" }));
                }

                using (var api = Api())
                {
                    await ReadAsync(await api.PostAsJsonAsync("/v1/account/members", new { email, role = "owner" }));
                }

                operatorEmail = email;
            }

            return operatorEmail;
        }
        finally
        {
            operatorGate.Release();
        }
    }

    public static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@example.com";

    public static string Month(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The demo model, trained at first start, published by the operator at 0.002 USD per call.</summary>
    private async Task PublishDemoModelAsync()
    {
        using var api = Api();
        for (var i = 0; i < 600; i++)
        {
            var models = await ReadAsync(await api.GetAsync(new Uri("/v1/models", UriKind.Relative)));
            if (models["items"]!.AsArray().Any(m => (string?)m!["name"] == DemoModel))
            {
                await ReadAsync(await api.PutAsJsonAsync($"/v1/models/{DemoModel}/listing",
                    new { published = true, description = "Intents of customer messages (demo).", price = new { type = "per_call", currency = "USD", amount = "0.002" } }));
                return;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("The demo model was not trained within two minutes.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ModelMint.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ModelMint.slnx not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalServer>
{
    public const string Name = "portal";
}
