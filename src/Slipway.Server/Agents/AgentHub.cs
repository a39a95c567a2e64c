using System.Collections.Concurrent;
using Slipway.Agent.Protocol;
using Slipway.Server.Journal;
using Slipway.Server.Metrics;
using Slipway.Server.Pipelines;
using Slipway.Server.Secrets;

namespace Slipway.Server.Agents;

/// <summary>
/// The server's side of the agent protocol: it hands out desired state (long-poll on the fleet generation)
/// and keeps the latest report of every instance. Reports are runtime facts, not decisions, so they are not journaled.
/// </summary>
internal sealed class AgentHub(EventJournal journal, ArtifactStore artifacts, MetricStore metrics, SecretVault secrets, Auth.TokenStore tokens, TimeProvider time) : IAgentServerLink
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(25);
    private readonly ConcurrentDictionary<string, (string Host, InstanceStatusV1 Status)> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _hosts = new(StringComparer.Ordinal);
    private TaskCompletionSource _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<DesiredStateV1> GetDesiredAsync(string host, long afterGeneration, CancellationToken cancellationToken)
    {
        _hosts[host] = time.GetUtcNow();
        var start = time.GetTimestamp();
        while (true)
        {
            var change = journal.NextChange;
            var desired = journal.Read(s => new DesiredStateV1(s.Fleet.Generation, s.Fleet.ForHost(host).ToList()));
            if (desired.Generation != afterGeneration)
            {
                return WithSecrets(desired);
            }

            var remaining = LongPoll - time.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero)
            {
                return WithSecrets(desired);
            }

            try
            {
                await change.WaitAsync(remaining, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                return WithSecrets(desired);
            }
        }
    }

    /// <summary>
    /// The secrets of the services the host runs, decrypted for this answer only (the journal keeps names and
    /// ciphertext), and each service's flag SDK key (derived, stored nowhere), which the SDK reads from SLIPWAY_SDK_KEY.
    /// </summary>
    private DesiredStateV1 WithSecrets(DesiredStateV1 desired)
    {
        var values = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var service in desired.Instances.Select(i => i.Service).Distinct(StringComparer.Ordinal))
        {
            values[service] = new Dictionary<string, string>(secrets.Values(service), StringComparer.Ordinal)
            {
                [Rollouts.RolloutDriver.SdkKeyVariable] = tokens.InstanceSdkKey(service),
            };
        }

        return values.Count == 0 ? desired : desired with { Secrets = values };
    }

    public Task ReportAsync(AgentReportV1 report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        _hosts[report.Host] = time.GetUtcNow();

        // A report is the host's whole truth: what it no longer mentions, it no longer runs.
        foreach (var (id, entry) in _instances)
        {
            if (entry.Host == report.Host && report.Instances.All(i => i.Id != id))
            {
                _instances.TryRemove(id, out _);
            }
        }

        foreach (var status in report.Instances)
        {
            _instances[status.Id] = (report.Host, status);
        }

        Interlocked.Exchange(ref _reported, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return Task.CompletedTask;
    }

    public Task ReportMetricsAsync(MetricsReportV1 report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        _hosts[report.Host] = time.GetUtcNow();
        metrics.Record(report);
        metrics.RetainOnly(journal.Read(s => s.Fleet.Instances.Select(i => i.Id).ToHashSet(StringComparer.Ordinal)));
        return Task.CompletedTask;
    }

    public Task<Stream> OpenArtifactAsync(string digest, CancellationToken cancellationToken)
    {
        var path = artifacts.PathOf(digest);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No artifact with digest {digest}.", path);
        }

        return Task.FromResult<Stream>(File.OpenRead(path));
    }

    public InstanceStatusV1? Status(string instanceId) => _instances.TryGetValue(instanceId, out var entry) ? entry.Status : null;

    public IReadOnlyCollection<InstanceStatusV1> All => [.. _instances.Values.Select(e => e.Status)];

    /// <summary>How long an agent may stay silent before its host counts as gone: it long-polls every 25 s at the most.</summary>
    public static readonly TimeSpan LiveFor = TimeSpan.FromSeconds(30);

    /// <summary>Hosts that asked for work or reported within the last 30 seconds.</summary>
    public IReadOnlyList<string> LiveHosts()
    {
        var now = time.GetUtcNow();
        return _hosts.Where(h => now - h.Value < LiveFor).Select(h => h.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every agent that has been heard from since the server started, by host: when it was last heard, whether it
    /// still counts as live, and the instances of its last report (how many, and how many of them listening).</summary>
    public IReadOnlyList<AgentSummary> Agents()
    {
        var now = time.GetUtcNow();
        var reported = _instances.Values.ToLookup(e => e.Host, e => e.Status, StringComparer.Ordinal);
        return _hosts
            .Select(h => new AgentSummary(
                h.Key,
                h.Value,
                now - h.Value < LiveFor,
                reported[h.Key].Count(),
                reported[h.Key].Count(i => i.State == InstanceStates.Listening)))
            .OrderBy(a => a.Host, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Completes at the next report from any agent.</summary>
    public Task NextReport => Volatile.Read(ref _reported).Task;
}
