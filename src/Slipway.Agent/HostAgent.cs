using System.Text.Json;
using Microsoft.Extensions.Logging;
using Slipway.Agent.Artifacts;
using Slipway.Agent.Instances;
using Slipway.Agent.Metrics;
using Slipway.Agent.Protocol;
using Slipway.Core.Fleet;
using Slipway.Core.Sandbox;

namespace Slipway.Agent;

/// <summary>
/// The agent for one host: it follows the server's desired state, runs and supervises the instances,
/// and reports what actually runs. The same class runs in-process (embedded) and as `slipway agent`.
/// </summary>
public sealed partial class HostAgent : IAsyncDisposable
{
    private readonly AgentOptions _options;
    private readonly IAgentServerLink _link;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ArtifactCache _artifacts;
    private readonly Dictionary<string, InstanceSupervisor> _instances = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reconcileGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _recordPath;
    private readonly MetricsScrapeLoop _scrapeLoop;
    private readonly RunAsUser? _runAs;
    private TaskCompletionSource _dirty = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<string, InstanceRecord> _adoptable = new(StringComparer.Ordinal);
    private Task? _followTask;
    private Task? _reportTask;
    private Task? _scrapeTask;

    public HostAgent(AgentOptions options, IAgentServerLink link, TimeProvider time, ILogger<HostAgent> logger)
    {
        _options = options;
        _link = link;
        _time = time;
        _logger = logger;
        _artifacts = new ArtifactCache(Path.Combine(options.DataDirectory, "artifacts"), link, time);
        _recordPath = Path.Combine(options.DataDirectory, $"instances-{options.Host}.json");
        _scrapeLoop = new MetricsScrapeLoop(options, link, Snapshot, time, logger);
        _runAs = RunAsUser.Resolve(options.RunAs);
    }

    public string Host => _options.Host;

    /// <param name="token">The agent token (scope agent, bound to <see cref="AgentOptions.Host"/>) sent as <c>Authorization: Bearer</c>.</param>
    public static HostAgent ForServer(Uri server, AgentOptions options, ILoggerFactory loggers, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        if (token is { Length: > 0 })
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return new HostAgent(options, new HttpAgentServerLink(http), TimeProvider.System, loggers.CreateLogger<HostAgent>());
    }

    public IReadOnlyList<InstanceStatusV1> Snapshot()
    {
        lock (_instances)
        {
            return _instances.Values.Select(i => i.Status).ToList();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.DataDirectory);
        _adoptable = LoadRecords();
        _followTask = Task.Run(() => FollowAsync(_stop.Token), cancellationToken);
        _reportTask = Task.Run(() => ReportLoopAsync(_stop.Token), cancellationToken);
        _scrapeTask = Task.Run(() => _scrapeLoop.RunAsync(_stop.Token), cancellationToken);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        foreach (var task in new[] { _followTask, _reportTask, _scrapeTask })
        {
            if (task is not null)
            {
                try
                {
                    await task;
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        if (_options.StopInstancesOnShutdown)
        {
            List<InstanceSupervisor> all;
            lock (_instances)
            {
                all = [.. _instances.Values];
                _instances.Clear();
            }

            await Task.WhenAll(all.Select(i => i.StopAsync()));
            SaveRecords();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _reconcileGate.Dispose();
        _scrapeLoop.Dispose();
    }

    /// <summary>Makes the running instances match the desired ones: starts what is missing, stops what is no longer wanted.</summary>
    internal async Task ReconcileAsync(IReadOnlyList<InstanceSpec> desired, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? secrets = null)
    {
        await _reconcileGate.WaitAsync();
        try
        {
            var wanted = desired.ToDictionary(d => d.Id, StringComparer.Ordinal);
            List<InstanceSupervisor> toStop;
            lock (_instances)
            {
                toStop = _instances.Values.Where(i => !wanted.ContainsKey(i.Spec.Id)).ToList();
                foreach (var s in toStop)
                {
                    _instances.Remove(s.Spec.Id);
                }

                foreach (var spec in desired.Where(d => !_instances.ContainsKey(d.Id)))
                {
                    var supervisor = new InstanceSupervisor(
                        spec,
                        _artifacts,
                        Path.Combine(_options.DataDirectory, "logs"),
                        _time,
                        _logger,
                        MarkDirty,
                        new InstanceSandbox(_runAs, Path.Combine(_options.DataDirectory, "home", spec.Service), secrets?.GetValueOrDefault(spec.Service), ServiceData(spec.Service)),
                        _options.Address);
                    _instances[spec.Id] = supervisor;
                    _adoptable.Remove(spec.Id, out var record);
                    supervisor.Start(record);
                }
            }

            // Processes recorded by an earlier agent that are no longer wanted are stopped too.
            foreach (var orphan in _adoptable.Values.ToList())
            {
                if (NativeSignals.IsAlive(orphan.Pid))
                {
                    NativeSignals.Send(orphan.Pid, NativeSignals.SigTerm);
                }

                _adoptable.Remove(orphan.Id);
            }

            await Task.WhenAll(toStop.Select(s => s.StopAsync()));
            _artifacts.Evict(desired.Select(d => d.ArtifactDigest).ToHashSet(StringComparer.Ordinal));
            MarkDirty();
        }
        finally
        {
            _reconcileGate.Release();
        }
    }

    /// <summary>The service's data folder on this host: the same for every release, outside every artifact.</summary>
    private string ServiceData(string service) =>
        Path.Combine(Path.GetFullPath(_options.ServiceDataDirectory ?? Path.Combine(_options.DataDirectory, "services")), service, "data");

    private async Task FollowAsync(CancellationToken ct)
    {
        long generation = -1;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var desired = await _link.GetDesiredAsync(_options.Host, generation, ct);
                failures = 0;
                if (desired.Generation != generation)
                {
                    generation = desired.Generation;
                    await ReconcileAsync(desired.Instances, desired.Secrets);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The server is away: keep running what runs, and try again with backoff.
                failures++;
                LogServerUnreachable(_logger, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, failures))), _time, ct);
            }
        }
    }

    private async Task ReportLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                Interlocked.Exchange(ref _dirty, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                SaveRecords();
                await _link.ReportAsync(new AgentReportV1(_options.Host, Snapshot()), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogServerUnreachable(_logger, ex.Message);
            }

            try
            {
                await Volatile.Read(ref _dirty).Task.WaitAsync(_options.ReportInterval, _time, ct);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private void MarkDirty() => Volatile.Read(ref _dirty).TrySetResult();

    private Dictionary<string, InstanceRecord> LoadRecords()
    {
        try
        {
            if (File.Exists(_recordPath))
            {
                var records = JsonSerializer.Deserialize<List<InstanceRecord>>(File.ReadAllText(_recordPath)) ?? [];
                return records.ToDictionary(r => r.Id, StringComparer.Ordinal);
            }
        }
        catch (JsonException ex)
        {
            LogRecordsUnreadable(_logger, _recordPath, ex.Message);
        }

        return new Dictionary<string, InstanceRecord>(StringComparer.Ordinal);
    }

    private void SaveRecords()
    {
        List<InstanceRecord> records;
        lock (_instances)
        {
            records = _instances.Values.Select(i => i.Record).OfType<InstanceRecord>().ToList();
        }

        var temp = _recordPath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(records));
        File.Move(temp, _recordPath, overwrite: true);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Server unreachable: {Reason}")]
    private static partial void LogServerUnreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Instance records at {Path} are unreadable and are ignored: {Reason}")]
    private static partial void LogRecordsUnreadable(ILogger logger, string path, string reason);
}
