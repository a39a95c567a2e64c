using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Agent.Protocol;
using Slipway.Server.Agents;
using Slipway.Server.Immune;
using Slipway.Server.Journal;
using Slipway.Server.Metrics;
using Slipway.Server.Pipelines;
using Slipway.Server.Rollouts;

namespace Slipway.Server.Tests.Immune;

/// <summary>
/// What the immune system's tests stand on: a SQLite journal in a temporary folder, an agent hub whose one host
/// reports the given instances as listening, and judge gates over a scripted metric source.
/// </summary>
internal sealed class ImmuneBed : IAsyncDisposable
{
    private readonly string _folder;

    private ImmuneBed(string folder, SqliteJournalStore store, EventJournal journal, AgentHub agents)
    {
        _folder = folder;
        Store = store;
        Journal = journal;
        Agents = agents;
    }

    public SqliteJournalStore Store { get; }

    public EventJournal Journal { get; }

    public AgentHub Agents { get; }

    /// <summary>Instances are (id, version) pairs, reported listening on host "local".</summary>
    public static async Task<ImmuneBed> CreateAsync(string name, params (string Id, string Version)[] instances)
    {
        var folder = Directory.CreateTempSubdirectory($"slipway-{name}-").FullName;
        var store = new SqliteJournalStore(Path.Combine(folder, "journal.db"));
        var journal = new EventJournal(store, TimeProvider.System);
        await journal.LoadAsync(CancellationToken.None);
        var agents = new AgentHub(journal, new ArtifactStore(Path.Combine(folder, "artifacts")), new MetricStore(), new Slipway.Server.Secrets.SecretVault(journal, new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()), new Slipway.Server.Auth.TokenStore(new Slipway.Server.Hosting.ServerPaths(folder), TimeProvider.System), TimeProvider.System);
        await agents.ReportAsync(
            new AgentReportV1("local", [.. instances.Select(i => new InstanceStatusV1(i.Id, "hello", i.Version, InstanceStates.Listening, 1, 1, "127.0.0.1", 0, null, null))]),
            CancellationToken.None);
        return new ImmuneBed(folder, store, journal, agents);
    }

    /// <summary>A judge gate that looks every 20 ms.</summary>
    public JudgeBakeGate Gate(IMetricSource source) =>
        new(source, new TimedBakeGate(Agents, TimeProvider.System), TimeProvider.System, NullLogger<JudgeBakeGate>.Instance)
        {
            LookInterval = TimeSpan.FromMilliseconds(20),
        };

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
