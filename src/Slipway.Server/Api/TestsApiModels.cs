using Slipway.Server.State;

namespace Slipway.Server.Api;

// Payloads of GET /api/services/{name}/tests (v1). Add fields; never rename or remove one.

public sealed record TestHistoryResponse(
    string Service,
    int StageRuns,
    IReadOnlyList<string> Running,
    IReadOnlyList<SlowTestView> Slowest,
    IReadOnlyList<FlakyTestView> Flaky,
    IReadOnlyList<QuarantinedTestView> Quarantined,
    IReadOnlyList<TestRunSummary> RecentRuns);

public sealed record SlowTestView(string Test, string Assembly, double LastSeconds, double MeanSeconds, int Runs);

/// <summary>A flaky test: <c>FlakeRate</c> is the share of its runs in which it was flaky; the series is each such run's observed rate.</summary>
public sealed record FlakyTestView(string Test, string Assembly, double FlakeRate, int FlakyRuns, int Runs, bool Quarantined, IReadOnlyList<FlakePoint> FlakeRates);

public sealed record FlakePoint(DateTimeOffset At, string RunId, double Rate);

public sealed record QuarantinedTestView(string Test, string Assembly, DateTimeOffset? Since, string? RunId, double FlakeRate, int Runs, string? LastOutcome);

public sealed record QuarantineReleaseResponse(string Service, string Test, string Message);
