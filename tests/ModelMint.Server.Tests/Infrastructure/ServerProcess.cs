using System.Collections.Concurrent;
using System.Diagnostics;

namespace ModelMint.Server.Tests.Infrastructure;

/// <summary>
/// The real server started the way the README says (<c>dotnet run --project src/ModelMint.Server</c>), with its
/// output captured line by line.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    private ServerProcess(Process process) => this.process = process;

    public IReadOnlyCollection<string> Lines => lines;

    public static ServerProcess Start(string dataDirectory, IDictionary<string, string?>? environment = null)
    {
        var project = Path.Combine(SharedData.RepositoryRoot, "src", "ModelMint.Server");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = SharedData.RepositoryRoot,
        };
        foreach (var argument in new[] { "run", "--project", project, "--no-build", "-c", Configuration, "--", "--data-dir", dataDirectory, "--urls", "http://127.0.0.1:0" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("MODELMINT_BOOTSTRAP_KEY");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var server = new ServerProcess(Process.Start(info)!);
        server.process.OutputDataReceived += (_, e) => server.Collect(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Collect(e.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        return server;
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    /// <summary>Waits until a line matching <paramref name="predicate"/> is printed; fails with the output so far.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var match = lines.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            Assert.False(process.HasExited, "The server exited early:\n" + string.Join('\n', lines));
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the server's output:\n" + string.Join('\n', lines));
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the server to exit by itself (a refused start); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — what a crash or an OOM kill does.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The address the server printed when it started listening.</summary>
    public async Task<Uri> WaitForAddressAsync(TimeSpan timeout)
    {
        var line = await WaitForLineAsync(l => l.Contains("Now listening on: ", StringComparison.Ordinal), timeout);
        return new Uri(line[(line.IndexOf("Now listening on: ", StringComparison.Ordinal) + "Now listening on: ".Length)..].Trim());
    }

    /// <summary>Whether this node printed a line containing <paramref name="text"/> (e.g. that it started a training job).</summary>
    public bool Printed(string text) => lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Resident memory (VmRSS) of the server itself, the process that <c>dotnet run</c> started.</summary>
    public long ResidentBytes() => StatusBytes("VmRSS");

    /// <summary>Peak resident memory (VmHWM) of the server itself.</summary>
    public long PeakResidentBytes() => StatusBytes("VmHWM");

    private long StatusBytes(string field)
    {
        var line = File.ReadLines($"/proc/{ServerProcessId()}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The descendant of <c>dotnet run</c> that runs ModelMint.Server (the app host, or <c>dotnet exec</c> of its dll).</summary>
    private int ServerProcessId()
    {
        var pending = new Queue<int>([process.Id]);
        while (pending.TryDequeue(out var pid))
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            if (pid != process.Id && arguments.Take(3).Any(a => a.EndsWith("ModelMint.Server", StringComparison.Ordinal) || a.EndsWith("ModelMint.Server.dll", StringComparison.Ordinal)))
            {
                return pid;
            }

            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    pending.Enqueue(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        throw new InvalidOperationException("The server's own process was not found under 'dotnet run'.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
