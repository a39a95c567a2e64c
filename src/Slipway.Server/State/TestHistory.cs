using Slipway.Core.Journal;

namespace Slipway.Server.State;

/// <summary>
/// The test history of one service, projected from <see cref="TestStageCompleted"/> events: per test its durations,
/// outcomes, flake rate over time and quarantine state; the recent test runs; and the live progress of a running one.
/// </summary>
internal sealed class TestHistory
{
    /// <summary>Test runs kept in <see cref="RecentRuns"/>.</summary>
    public const int RunWindow = 20;

    /// <summary>A test that failed in one of this many last test runs counts as recently failed.</summary>
    public const int RecentFailureRuns = 5;

    /// <summary>At most this many recently failed tests are moved to the front of a run.</summary>
    public const int MaxRecentFailures = 100;

    public Dictionary<string, TestRecord> Tests { get; } = new(StringComparer.Ordinal);

    public List<TestRunSummary> RecentRuns { get; } = [];

    public int StageRuns { get; private set; }

    /// <summary>The latest progress of each shard of the run that is testing now, by (assembly, shard).</summary>
    public Dictionary<(string Assembly, int Shard), TestProgressReported> Live { get; } = [];

    public string? LiveRunId { get; private set; }

    public void Apply(TestProgressReported p)
    {
        if (LiveRunId != p.RunId)
        {
            Live.Clear();
            LiveRunId = p.RunId;
        }

        Live[(p.Assembly, p.Shard)] = p;
    }

    /// <summary>A run ended (its test result journaled, or the run failed or succeeded): its live progress is gone.</summary>
    public void EndRun(string runId)
    {
        if (LiveRunId == runId)
        {
            Live.Clear();
            LiveRunId = null;
        }
    }

    public void Apply(DateTimeOffset at, TestStageCompleted e)
    {
        StageRuns++;
        EndRun(e.RunId);

        var triage = e.Triage.ToDictionary(t => t.Test, StringComparer.Ordinal);
        foreach (var result in e.Tests)
        {
            if (result.Outcome is "not_run" or "skipped")
            {
                continue;
            }

            var record = Record(result.Test, result.Assembly);
            record.Runs++;
            record.LastOutcome = result.Outcome;
            record.LastRunId = e.RunId;
            record.LastSeenAt = at;
            record.LastKind = triage.TryGetValue(result.Test, out var t) ? t.Kind : null;
            if (result.Outcome == "passed")
            {
                record.Passed++;
            }
            else
            {
                record.Failed++;
                record.LastFailedInStageRun = StageRuns;
            }

            if (result.Outcome is "passed" or "failed")
            {
                record.AddDuration(result.Seconds);
            }

            if (t?.Kind == "flaky")
            {
                record.FlakyRuns++;
                record.AddFlakeRate(at, e.RunId, t.FlakeRate);
            }
        }

        foreach (var name in e.Quarantined)
        {
            var record = Record(name, e.Tests.FirstOrDefault(r => r.Test == name)?.Assembly ?? string.Empty);
            if (!record.Quarantined)
            {
                record.Quarantined = true;
                record.QuarantinedAt = at;
                record.QuarantinedInRun = e.RunId;
            }
        }

        RecentRuns.Add(new TestRunSummary(
            e.RunId, e.Commit, at, e.Seed, e.ShardCount, e.Outcome, e.Blocks, e.Total, e.Passed, e.Failed, e.Triage, e.Quarantined, e.FailFast));
        if (RecentRuns.Count > RunWindow)
        {
            RecentRuns.RemoveAt(0);
        }
    }

    public void Apply(TestReleasedFromQuarantine e)
    {
        if (Tests.TryGetValue(e.Test, out var record))
        {
            record.Quarantined = false;
            record.QuarantinedAt = null;
            record.QuarantinedInRun = null;
        }
    }

    /// <summary>The latest recorded duration of every test, for balancing shards (longest first).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Durations() =>
        Tests.Values.Where(r => r.Durations.Count > 0).ToDictionary(r => r.Name, r => TimeSpan.FromSeconds(r.LastSeconds), StringComparer.Ordinal);

    /// <summary>
    /// Tests that failed (or timed out) in one of the last <paramref name="runs"/> test runs, most recent first, at most
    /// <paramref name="max"/>: the fail-fast order runs them first. Quarantined tests are left out (they never block).
    /// </summary>
    public IReadOnlySet<string> RecentlyFailed(int runs = RecentFailureRuns, int max = MaxRecentFailures) =>
        Tests.Values
            .Where(r => r.LastFailedInStageRun is { } at && StageRuns - at < runs && !r.Quarantined)
            .OrderByDescending(r => r.LastFailedInStageRun)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(r => r.Name)
            .ToHashSet(StringComparer.Ordinal);

    public IReadOnlySet<string> QuarantinedTests() =>
        Tests.Values.Where(r => r.Quarantined).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

    private TestRecord Record(string name, string assembly)
    {
        if (!Tests.TryGetValue(name, out var record))
        {
            record = new TestRecord(name, assembly);
            Tests[name] = record;
        }
        else if (assembly.Length > 0)
        {
            record.Assembly = assembly;
        }

        return record;
    }
}
