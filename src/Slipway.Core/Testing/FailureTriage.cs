namespace Slipway.Core.Testing;

/// <summary>
/// Classifies one test that failed in a shuffled run:
/// <list type="number">
/// <item>run it alone <c>reruns</c> times; failing every time is a real failure;</item>
/// <item>passing some times and failing others alone is flaky;</item>
/// <item>passing every time alone: replay the order it failed in (the tests before it, then it);
/// failing again is order-dependent, and delta debugging names the polluters; passing is flaky.</item>
/// </list>
/// </summary>
internal static class FailureTriage
{
    public static async Task<TriageResult> ClassifyAsync(
        TestName victim,
        IReadOnlyList<TestName> ranBefore,
        int reruns,
        ITestOrderRunner runner,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(victim);
        ArgumentNullException.ThrowIfNull(ranBefore);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentOutOfRangeException.ThrowIfLessThan(reruns, 1);

        // The failure in the shuffled run is the first observation.
        var observations = 1;
        var failures = 1;
        var aloneFailures = 0;
        for (var i = 0; i < reruns; i++)
        {
            var outcome = await runner.RunLastAsync([victim], cancellationToken).ConfigureAwait(false);
            observations++;
            if (IsFailure(outcome))
            {
                aloneFailures++;
                failures++;
            }
        }

        double Rate() => (double)failures / observations;

        if (aloneFailures == reruns)
        {
            return new TriageResult
            {
                Test = victim,
                Kind = FailureKind.Real,
                TriageRuns = reruns,
                FlakeRate = Rate(),
                Explanation = $"{victim} fails every time it runs alone ({reruns} of {reruns} runs).",
            };
        }

        if (aloneFailures > 0)
        {
            return Flaky(victim, reruns, Rate(), $"{victim} passed and failed alone on the same code ({aloneFailures} of {reruns} runs failed).");
        }

        var replay = ranBefore.Append(victim).ToList();
        var replayOutcome = await runner.RunLastAsync(replay, cancellationToken).ConfigureAwait(false);
        observations++;
        if (!IsFailure(replayOutcome))
        {
            return Flaky(victim, reruns + 1, Rate(), $"{victim} failed in the shuffled run but passed alone {reruns} times and on a replay of the same order.");
        }

        failures++;
        var bisection = await DeltaDebugger.MinimizeAsync(
            ranBefore,
            async (subset, ct) => IsFailure(await runner.RunLastAsync(subset.Append(victim).ToList(), ct).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);

        var polluters = bisection.Minimal;
        var after = polluters.Count == 0 ? "the tests before it" : string.Join(" and ", polluters.Select(p => p.FullName));
        return new TriageResult
        {
            Test = victim,
            Kind = FailureKind.OrderDependent,
            Polluters = polluters,
            TriageRuns = reruns + 1,
            BisectionRuns = bisection.Runs,
            FlakeRate = Rate(),
            Explanation = $"{victim} fails when run after {after} (passes alone; found in {bisection.Runs} bisection runs).",
        };
    }

    public static bool IsFailure(TestOutcome outcome) =>
        outcome is TestOutcome.Failed or TestOutcome.TimedOut;

    private static TriageResult Flaky(TestName victim, int runs, double rate, string explanation) => new()
    {
        Test = victim,
        Kind = FailureKind.Flaky,
        TriageRuns = runs,
        FlakeRate = rate,
        Explanation = explanation,
    };
}
