using Slipway.Core.Journal;
using Slipway.Core.Testing;
using Slipway.Server.Testing;

namespace Slipway.Server.Pipelines;

/// <summary>
/// Turns a <see cref="TestStageResult"/> into its journal event (with bounded payloads), the lines of the test log, and
/// the message a failed run shows.
/// </summary>
internal static class TestStageRecords
{
    /// <summary>At most this many per-test results are journaled per run (failures first).</summary>
    public const int MaxTests = 5000;

    /// <summary>At most this many test names of shard orders are journaled per run, split across the shards.</summary>
    public const int MaxOrderNames = 5000;

    public const int MaxTriage = 50;

    public const int MaxWarnings = 20;

    /// <summary>At most this many fail-first names (and touched projects) are journaled per run.</summary>
    public const int MaxFailFirst = 100;

    public static TestStageCompleted ToEvent(string service, string runId, string commit, TestStageResult result, Func<string, string?> repro)
    {
        var perShard = result.Shards.Count == 0 ? MaxOrderNames : Math.Max(1, MaxOrderNames / result.Shards.Count);
        var shards = result.Shards.Select(s =>
        {
            var order = s.ExecutedOrder.Count > 0 ? s.ExecutedOrder : s.PlannedOrder;
            return new TestShardRecord(s.Assembly, s.Number, order.Take(perShard).ToList(), order.Count, s.TimedOut, s.RunningAtTimeout, Math.Round(s.Duration.TotalSeconds, 3));
        }).ToList();
        var tests = result.Tests
            .OrderBy(t => t.Outcome == TestOutcome.Passed ? 1 : 0)
            .Take(MaxTests)
            .Select(t => new TestResultRecord(t.Assembly, t.Name.FullName, Outcome(t.Outcome), Math.Round(t.Duration.TotalSeconds, 4), t.Shard))
            .ToList();
        var triage = result.Triage
            .OrderBy(t => Rank(t.Kind))
            .Take(MaxTriage)
            .Select(t => new TestTriageRecord(
                t.Test.FullName, Kind(t.Kind), t.Polluters.Select(p => p.FullName).ToList(), t.TriageRuns, t.BisectionRuns,
                Math.Round(t.FlakeRate, 4), t.Explanation, repro(t.Test.FullName)))
            .ToList();
        return new TestStageCompleted(
            service,
            runId,
            commit,
            result.Seed,
            result.ShardCount,
            Outcome(result.Outcome),
            result.Blocks,
            result.Tests.Count,
            result.Passed,
            result.Failed,
            shards,
            tests,
            triage,
            result.Quarantined,
            result.Warnings.Take(MaxWarnings).Select(w => w.Length > 500 ? w[..500] + "…" : w).ToList(),
            FailFast(result.FailFast));
    }

    /// <summary>The fail-fast summary as journaled; null when nothing was moved first and nothing failed.</summary>
    public static TestFailFastRecord? FailFast(FailFastSummary f) =>
        f.FailFirst.Count == 0 && f.TouchedProjects.Count == 0 && f.FirstFailure is null
            ? null
            : new TestFailFastRecord(
                [.. f.FailFirst.Take(MaxFailFirst)],
                [.. f.TouchedProjects.Take(MaxFailFirst)],
                f.TotalTests,
                f.FirstFailure,
                f.RunPosition,
                f.SeedPosition,
                f.FinishedAtFirstFailure,
                f.FirstFailureAfter is { } after ? Math.Round(after.TotalSeconds, 3) : null,
                f.StoppedBy,
                f.StoppedShards,
                f.Describe());

    /// <summary>The human-readable report: summary, each verdict with its repro, quarantined tests, warnings, how to replay.</summary>
    public static IReadOnlyList<string> Report(TestStageResult result, TestStageCompleted e)
    {
        var lines = new List<string> { $"tests: {result.Summary}" };
        if (result.Outcome == TestStageOutcome.BuildFailed && result.BuildOutput is { } build)
        {
            lines.AddRange(build.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(20));
        }

        foreach (var t in e.Triage)
        {
            lines.Add($"{Label(t.Kind)}: {t.Explanation}");
            if (t.Repro is not null)
            {
                lines.Add($"  repro: {t.Repro}");
            }
        }

        if (e.FailFast is { } fast)
        {
            if (fast.FailFirst.Count > 0 || fast.TouchedProjects.Count > 0)
            {
                lines.Add($"fail fast: ran first {fast.FailFirst.Count} recently failed test(s){(fast.TouchedProjects.Count > 0 ? $" and the touched project(s) {string.Join(", ", fast.TouchedProjects)}" : string.Empty)}");
            }

            if (fast.Summary is not null)
            {
                lines.Add($"fail fast: {fast.Summary}");
            }
        }

        lines.AddRange(e.Quarantined.Select(q => $"quarantined: {q} (runs, never blocks; 'slipway tests <service>' lists it)"));
        lines.AddRange(e.Warnings.Select(w => $"warning: {w}"));
        if (result.JUnitPath is not null)
        {
            lines.Add("reports: junit.xml, results.trx (beside this log)");
        }

        var first = result.FailFast.FailFirst.Count > 0 ? $" --fail-first '{string.Join(';', result.FailFast.FailFirst)}'" : string.Empty;
        lines.Add($"replay: set 'tests: {{ seed: {result.Seed} }}' in slipway.yml and push, or locally: slipway test --seed {result.Seed} --shards {Math.Max(1, result.ShardCount)}{first} <project>");
        return lines;
    }

    /// <summary>
    /// Why the run stops at the test step: the blocking verdicts, order-dependent first, each with its repro command,
    /// e.g. "order-dependent: V fails when run after P (…); repro: git checkout … &amp;&amp; slipway test --order 'P;V' …".
    /// </summary>
    public static string FailureMessage(TestStageResult result, TestStageCompleted e)
    {
        switch (result.Outcome)
        {
            case TestStageOutcome.BuildFailed:
                var first = result.BuildOutput?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
                return $"test project did not build: {first}";
            case TestStageOutcome.NoTests:
                return $"no tests found (seed {result.Seed}); zero tests is not a pass (tests.zero_tests: fail)";
        }

        var quarantined = e.Quarantined.ToHashSet(StringComparer.Ordinal);
        var blocking = e.Triage.Where(t => !quarantined.Contains(t.Test)).ToList();
        var verdicts = blocking.Take(3).Select(t => $"{Label(t.Kind)}: {t.Explanation}" + (t.Repro is null ? string.Empty : $" repro: {t.Repro}")).ToList();
        if (blocking.Count > 3)
        {
            verdicts.Add($"and {blocking.Count - 3} more failure(s)");
        }

        var untriaged = result.Tests.Count(t => t.Outcome == TestOutcome.NotRun);
        if (untriaged > 0)
        {
            verdicts.Add($"{untriaged} test(s) did not run");
        }

        return $"{result.Failed} test(s) failed (seed {result.Seed}, {result.ShardCount} shard(s)); " + string.Join("; ", verdicts);
    }

    public static string Outcome(TestStageOutcome outcome) => outcome switch
    {
        TestStageOutcome.Passed => "passed",
        TestStageOutcome.Failed => "failed",
        TestStageOutcome.NoTests => "no_tests",
        TestStageOutcome.BuildFailed => "build_failed",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    public static string Outcome(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed => "failed",
        TestOutcome.Skipped => "skipped",
        TestOutcome.TimedOut => "timed_out",
        TestOutcome.NotRun => "not_run",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    public static string Kind(FailureKind kind) => kind switch
    {
        FailureKind.Real => "real",
        FailureKind.OrderDependent => "order_dependent",
        FailureKind.Flaky => "flaky",
        FailureKind.Hang => "hang",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>How a verdict kind reads in a sentence: "order-dependent", "real failure", "flaky", "hang".</summary>
    public static string Label(string kind) => kind switch
    {
        "real" => "real failure",
        "order_dependent" => "order-dependent",
        _ => kind,
    };

    private static int Rank(FailureKind kind) => kind switch
    {
        FailureKind.OrderDependent => 0,
        FailureKind.Real => 1,
        FailureKind.Hang => 2,
        _ => 3,
    };
}
