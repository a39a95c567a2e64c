using System.Net.Http.Json;
using System.Text.Json;
using Slipway.Server.Api;

namespace Slipway.TestKit;

/// <summary>
/// A client of the server's HTTP API (v1) for tests: register, push, read status, wait for outcomes. It sends the token
/// <paramref name="token"/> gives (read per request), by default none.
/// </summary>
public sealed class SlipwayApi(Uri server, Func<string?>? token = null) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = new(new BearerHandler(token ?? (() => null))) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };

    public Uri Server => server;

    /// <summary>Registers a service; the watcher polls once at once (so the current commit is deployed) and then rarely.</summary>
    public async Task<ServiceSummary> RegisterAsync(string name, string repository, CancellationToken cancellationToken, double pollSeconds = 3600)
    {
        using var response = await Http.PostAsJsonAsync("api/services", new RegisterServiceRequest(name, repository, "main", null, pollSeconds), Json, cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ServiceSummary>(Json, cancellationToken))!;
    }

    public async Task<QueuedResponse> PushAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsync($"api/services/{name}/push", null, cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<QueuedResponse>(Json, cancellationToken))!;
    }

    public async Task<ServiceStatus> StatusAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"api/services/{name}", cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ServiceStatus>(Json, cancellationToken))!;
    }

    public async Task<RolloutDetail> RolloutAsync(string rolloutId, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"api/rollouts/{rolloutId}", cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<RolloutDetail>(Json, cancellationToken))!;
    }

    public Task<ServiceStatus> WaitAsync(string name, Func<ServiceStatus, bool> until, string what, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        Eventually.GetAsync(() => StatusAsync(name, cancellationToken), until, what, cancellationToken, timeout, Describe);

    /// <summary>Waits until the rollout of <paramref name="version"/> is promoted or rolled back, and returns it.</summary>
    public async Task<RolloutSummary> WaitForRolloutAsync(string name, string version, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var status = await WaitAsync(
            name,
            s => s.Rollouts.Any(r => r.Version == version && r.Outcome is "promoted" or "rolled_back")
                || s.Runs.Any(r => r.Commit == version && r.Status == "failed"),
            $"the rollout of {version[..7]} to finish",
            cancellationToken,
            timeout);
        return status.Rollouts.FirstOrDefault(r => r.Version == version && r.Outcome is "promoted" or "rolled_back")
            ?? throw new InvalidOperationException($"The pipeline of {version[..7]} failed: {Describe(status)}");
    }

    /// <summary>Waits until the latest pipeline run of <paramref name="commit"/> has failed or succeeded.</summary>
    public async Task<RunSummary> WaitForRunAsync(string name, string commit, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var status = await WaitAsync(name, s => s.Runs.Any(r => r.Commit == commit && r.Status is "failed" or "succeeded"), $"the pipeline of {commit[..7]}", cancellationToken, timeout);
        return status.Runs.First(r => r.Commit == commit && r.Status is "failed" or "succeeded");
    }

    /// <summary>The whole status as one JSON line, for failure messages.</summary>
    public static string Describe(ServiceStatus status) => JsonSerializer.Serialize(status, Json);

    public void Dispose() => Http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        }
    }
}
