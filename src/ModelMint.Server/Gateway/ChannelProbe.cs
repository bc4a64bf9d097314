using System.Net.Http.Headers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelMint.Data;

namespace ModelMint.Server.Gateway;

/// <summary>
/// Re-tests channels the gateway disabled: <c>GET {baseUrl}/models</c> with the channel's key (free at every
/// OpenAI-compatible provider). A 2xx answer re-enables the channel; anything else leaves it disabled with the
/// reason. Channels the operator disabled are left alone.
/// </summary>
public sealed class ChannelProbe(
    IServiceScopeFactory scopes, IHttpClientFactory clients, IDataProtectionProvider protection, GatewayCatalog catalog, ChannelHealth health,
    IOptions<GatewayOptions> options, TimeProvider time, ILogger<ChannelProbe> logger)
{
    private readonly IDataProtector protector = protection.CreateProtector(ChannelKeys.Purpose);

    /// <summary>Re-tests every automatically disabled channel once; returns how many were re-enabled.</summary>
    public async Task<int> ProbeDisabledAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelMintDbContext>();
        var disabled = await db.GatewayChannels.Where(c => c.Enabled && c.AutoDisabledAt != null).ToListAsync(cancellationToken);
        var enabled = 0;
        foreach (var channel in disabled)
        {
            var error = await TestAsync(ChannelKeys.BaseUri(channel.BaseUrl), protector.Unprotect(channel.ProtectedApiKey), cancellationToken);
            var now = time.GetUtcNow();
            if (error is null)
            {
                channel.AutoDisabledAt = null;
                channel.LastError = null;
                health.Reset(channel.Id);
                enabled++;
                logger.LogInformation("Gateway channel {Channel} passed its re-test and is enabled again", channel.Name);
            }
            else
            {
                channel.LastError = ChannelHealth.Truncate($"Re-test at {now:O} failed: {error}");
            }

            channel.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (enabled > 0)
        {
            catalog.Invalidate();
        }

        return enabled;
    }

    /// <summary>Null when the upstream answered <c>GET /models</c> with 2xx; otherwise what went wrong.</summary>
    public async Task<string?> TestAsync(Uri baseUrl, string apiKey, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.UpstreamTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "models"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            using var response = await clients.CreateClient(GatewayRegistration.UpstreamClient).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"GET /models answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {options.Value.UpstreamTimeout.TotalSeconds:0.###} s";
        }
    }
}

/// <summary>Runs <see cref="ChannelProbe"/> every <see cref="GatewayOptions.ProbeInterval"/> of the injected clock.</summary>
public sealed class ChannelProbeWorker(ChannelProbe probe, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ChannelProbeWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProbeInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await probe.ProbeDisabledAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Re-testing disabled gateway channels failed");
            }
        }
    }
}
