using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Slipway.Cli;
using Slipway.Core.Rollouts;
using Slipway.Server.Hosting;
using Slipway.Server.Journal;

namespace Slipway.Bench.Setup;

/// <summary>
/// An in-process Slipway server (SQLite journal, embedded agent, API on 127.0.0.1:0) with the bench's recorders attached:
/// every journaled event with its timestamp, and every instance state the agent reports.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly EmbeddedHost _host;
    private readonly HttpClient _api;

    private BenchServer(EmbeddedHost host, EventLog events, InstanceLog instances, HttpRequestLog requests)
    {
        _host = host;
        Events = events;
        Instances = instances;
        Requests = requests;
        _api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = host.Server.Address, Timeout = TimeSpan.FromSeconds(60) };
        _api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.Server.AdminToken);
    }

    public SlipwayServer Server => _host.Server;

    public EventJournal Journal => Server.Journal;

    public EventLog Events { get; }

    public InstanceLog Instances { get; }

    public HttpRequestLog Requests { get; }

    public static async Task<BenchServer> StartAsync(string dataDirectory, CancellationToken ct, Func<SlipwayServerOptions, SlipwayServerOptions>? configure = null)
    {
        var requests = new HttpRequestLog(TimeProvider.System);
        var options = new SlipwayServerOptions { DataDirectory = dataDirectory, Url = "http://127.0.0.1:0", MinimumLogLevel = LogLevel.Error };
        var host = await EmbeddedHost.StartAsync(
            configure is null ? options : configure(options),
            agent: true,
            ct);
        var server = host.Server;
        var events = new EventLog(server.Options.Time);
        server.Journal.Appended += events.Add;
        return new BenchServer(host, events, new InstanceLog(server.Agents, server.Options.Time), requests);
    }

    public DateTimeOffset Now => Server.Options.Time.GetUtcNow();

    /// <summary>Registers a service watched on main. A long poll interval leaves detection to <see cref="PushAsync"/>.</summary>
    public Task RegisterAsync(string service, string repository, CancellationToken ct) =>
        Server.Commands.RegisterAsync(service, repository, "main", 0, 3600, ct);

    /// <summary>POST /api/services/{service}/push, as a git hook would.</summary>
    public async Task PushAsync(string service, CancellationToken ct)
    {
        using var response = await _api.PostAsync(new Uri($"api/services/{service}/push", UriKind.Relative), null, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object?>>(ct);
        if (body is null || !body.TryGetValue("runId", out var runId) || runId is null)
        {
            throw new InvalidOperationException($"push queued no run: {string.Join(", ", body ?? [])}");
        }
    }

    /// <summary>A push with no new commit, so that the first measured push does not pay for JIT-compiling the API.</summary>
    public async Task WarmUpPushAsync(string service, CancellationToken ct)
    {
        using var response = await _api.PostAsync(new Uri($"api/services/{service}/push", UriKind.Relative), null, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until the commit's rollout finished (promoted or rolled back); throws if its pipeline failed or time runs out.</summary>
    public async Task<(RolloutOutcome Outcome, string RolloutId)> WaitForOutcomeAsync(string commit, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Now + timeout;
        while (true)
        {
            var next = Journal.NextChange;
            var found = Journal.Read(s =>
            {
                var failed = s.Runs.Values.FirstOrDefault(r => r.Commit == commit && r.Status == Slipway.Core.Services.RunStatus.Failed);
                if (failed is not null)
                {
                    throw new InvalidOperationException($"pipeline {failed.RunId} failed at {failed.Failure?.Step}: {failed.Failure?.Message}");
                }

                var rollout = s.Rollouts.Values.LastOrDefault(r => r.State.Version == commit && r.State.IsFinished);
                return rollout is null ? ((RolloutOutcome, string)?)null : (rollout.State.Outcome, rollout.State.RolloutId);
            });
            if (found is { } outcome)
            {
                return outcome;
            }

            var left = deadline - Now;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{commit[..7]} had no outcome after {timeout.TotalSeconds:0} s.");
            }

            try
            {
                await next.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), ct);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await Instances.DisposeAsync();
        await _host.DisposeAsync();
        Requests.Dispose();
    }
}
