using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Core.Journal;
using Slipway.Server.Hosting;
using Slipway.Server.Journal;
using Slipway.Server.Pipelines;

namespace Slipway.Server.Tests.Testing;

/// <summary>
/// A real pipeline runner over a real SQLite journal and a real git repository in a temp folder: commit files, run the
/// pipeline on the commit, read what it journaled.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public const string Service = "svc";

    private readonly ServerPaths _paths;
    private readonly PipelineRunner _runner;
    private int _runs;

    private readonly IJournalStore _store;
    private readonly List<SlipwayEvent> _seen = [];

    private PipelineHarness(string root, IJournalStore store, EventJournal journal)
    {
        Root = root;
        _store = store;
        Journal = journal;
        journal.Appended += (e, _) =>
        {
            lock (_seen)
            {
                _seen.Add(e);
            }
        };
        _paths = new ServerPaths(Path.Combine(root, "server"));
        _runner = new PipelineRunner(
            journal,
            new ArtifactStore(_paths.Artifacts),
            _paths,
            new Slipway.Server.Secrets.StepSandbox(new Slipway.Server.Hosting.SlipwayServerOptions { RunAs = null }, _paths),
            new Slipway.Server.Secrets.SecretVault(journal, new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()),
            new Slipway.Server.Auth.TokenStore(_paths, TimeProvider.System),
            new Slipway.Server.Hosting.SlipwayServerOptions(),
            TimeProvider.System,
            NullLogger<PipelineRunner>.Instance);
    }

    public string Root { get; }

    public string Repository => Path.Combine(Root, "repo");

    public EventJournal Journal { get; }

    public string ArtifactsFolder => _paths.Artifacts;

    public static async Task<PipelineHarness> CreateAsync(string root, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.Combine(root, "server"));
        var store = new SqliteJournalStore(Path.Combine(root, "server", "journal.db"));
        var journal = new EventJournal(store, TimeProvider.System);
        await journal.LoadAsync(ct);
        var harness = new PipelineHarness(root, store, journal);
        Directory.CreateDirectory(harness.Repository);
        await Git.RunAsync(harness.Repository, ct, "init", "--quiet", "--initial-branch=main");
        return harness;
    }

    public async Task<string> CommitAsync(IReadOnlyDictionary<string, string> files, CancellationToken ct)
    {
        foreach (var (path, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(Repository, path), text, ct);
        }

        await Git.RunAsync(Repository, ct, "add", "--all");
        await Git.RunAsync(Repository, ct, "-c", "user.name=Test", "-c", "user.email=test@slipway.invalid", "commit", "--quiet", "-m", $"commit {_runs + 1}");
        return await Git.RunAsync(Repository, ct, "rev-parse", "HEAD");
    }

    /// <summary>Runs the pipeline on a commit, the way the coordinator does (mirror, then run); returns the run id and whether it succeeded.</summary>
    public async Task<(string RunId, bool Succeeded)> RunAsync(string commit, CancellationToken ct)
    {
        var runId = $"{Service}-{++_runs}";
        await Git.FetchMirrorAsync(Repository, _paths.Mirror(Service), ct);
        await Journal.AppendAsync(new PipelineQueued(Service, runId, commit, "test"), ct);
        return (runId, await _runner.RunAsync(Service, runId, commit, ct));
    }

    public List<T> Events<T>(string runId)
        where T : SlipwayEvent =>
        ReadEvents().OfType<T>().Where(e => RunIdOf(e) == runId).ToList();

    public string Log(string runId, string name) => File.ReadAllText(Path.Combine(_paths.Logs, runId, name));

    public bool LogExists(string runId, string name) => File.Exists(Path.Combine(_paths.Logs, runId, name));

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private List<SlipwayEvent> ReadEvents()
    {
        lock (_seen)
        {
            return [.. _seen];
        }
    }

    private static string? RunIdOf(SlipwayEvent e) => e switch
    {
        PipelineQueued q => q.RunId,
        PipelineStarted s => s.RunId,
        PipelineStepCompleted s => s.RunId,
        PipelineSucceeded s => s.RunId,
        PipelineFailed f => f.RunId,
        TestProgressReported p => p.RunId,
        TestStageCompleted t => t.RunId,
        _ => null,
    };
}
