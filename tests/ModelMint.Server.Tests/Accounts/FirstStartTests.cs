using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelMint.Server.Tests.Infrastructure;

namespace ModelMint.Server.Tests.Accounts;

/// <summary>A new user's first minute: start the real process on an empty data folder, copy the printed curl, run it.</summary>
public sealed partial class FirstStartTests : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "modelmint-first-start", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task FirstStart_PrintsTheKeyAndAWorkingCurl_OnlyOnce()
    {
        string key;
        await using (var server = ServerProcess.Start(dataDirectory))
        {
            var curl = await server.WaitForLineAsync(l => l.StartsWith("curl ", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
            key = KeyLine().Match(await server.WaitForLineAsync(l => KeyLine().IsMatch(l), TimeSpan.FromSeconds(5))).Groups[1].Value;

            Assert.Contains(key, curl, StringComparison.Ordinal);
            var keyFile = Path.Combine(dataDirectory, "bootstrap-key.txt");
            Assert.Equal(key, (await File.ReadAllTextAsync(keyFile)).Trim());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(keyFile));
            }

            Assert.True(File.Exists(Path.Combine(dataDirectory, "modelmint.db")));

            var answer = JsonNode.Parse(await RunPrintedCommandAsync(curl))!;
            Assert.Equal("demo-intents", (string?)answer["model"]);
            Assert.Equal("billing", (string?)answer["predictions"]![0]!["label"]);
        }

        await using (var again = ServerProcess.Start(dataDirectory))
        {
            await again.WaitForLineAsync(l => l.Contains("bootstrap-key.txt", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
            Assert.DoesNotContain(again.Lines, l => l.Contains(key, StringComparison.Ordinal) || l.StartsWith("curl ", StringComparison.Ordinal));
        }
    }

    /// <summary>Runs the line exactly as a user would paste it into a shell; replays it over HTTP where curl is missing.</summary>
    private static async Task<string> RunPrintedCommandAsync(string command)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("command -v curl >/dev/null || exit 127; " + command);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 127)
        {
            Assert.True(process.ExitCode == 0, $"curl failed ({process.ExitCode}): {error}");
            return output;
        }

        var url = CurlUrl().Match(command).Groups[1].Value;
        var headers = CurlHeader().Matches(command).Select(m => m.Groups[1].Value.Split(": ", 2)).ToList();
        var body = CurlBody().Match(command).Groups[1].Value;
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        foreach (var header in headers.Where(h => h[0] != "Content-Type"))
        {
            request.Headers.TryAddWithoutValidation(header[0], header[1]);
        }

        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex(@"MODELMINT_KEY=(mm_[0-9A-Za-z]{40})")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"curl -s (\S+)")]
    private static partial Regex CurlUrl();

    [GeneratedRegex("-H \"([^\"]+)\"")]
    private static partial Regex CurlHeader();

    [GeneratedRegex("-d '([^']*)'")]
    private static partial Regex CurlBody();

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
