using Slipway.Core.Journal;

namespace Slipway.Server.State;

/// <summary>
/// One test-stage run as the history lists it (the per-test detail is folded into <see cref="TestRecord"/>).
/// Also served as is in <c>recentRuns</c> of GET /api/services/{name}/tests (v1): add fields; never rename or remove one.
/// </summary>
public sealed record TestRunSummary(
    string RunId,
    string Commit,
    DateTimeOffset At,
    int Seed,
    int ShardCount,
    string Outcome,
    bool Blocks,
    int Total,
    int Passed,
    int Failed,
    IReadOnlyList<TestTriageRecord> Triage,
    IReadOnlyList<string> Quarantined,
    TestFailFastRecord? FailFast = null);
