using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>
/// Runs the test stage locally, as <c>slipway test</c> does: the same shuffle, shards and triage as the pipeline, so a
/// recorded seed replays the pipeline's order. The CLI parses the command line into the <see cref="TestStageRequest"/>;
/// this prints the progress, the verdicts and a replay line. Returns 0 when the run passed, 1 when it failed (or ran no tests).
/// </summary>
internal static class LocalTestRun
{
    /// <param name="request">What to run; its seed is printed so the run can be replayed.</param>
    /// <param name="projectsAsGiven">The projects as the user typed them, for the replay line.</param>
    public static async Task<int> RunAsync(TestStageRequest request, IReadOnlyList<string> projectsAsGiven, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(projectsAsGiven);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        await stdout.WriteLineAsync($"seed {request.Seed}, {request.Shards} shard(s)").ConfigureAwait(false);

        var last = new Dictionary<(string, int), string>();
        var progress = new SynchronousProgress<TestProgress>(p =>
        {
            var line = p.ToString();
            lock (last)
            {
                if (last.TryGetValue((p.Assembly, p.Shard), out var previous) && previous == line)
                {
                    return;
                }

                last[(p.Assembly, p.Shard)] = line;
                stdout.WriteLine(line);
            }
        });

        var result = await new TestStage(TimeProvider.System).RunAsync(request, progress, ct).ConfigureAwait(false);
        foreach (var warning in result.Warnings)
        {
            await stderr.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        if (result.Outcome == TestStageOutcome.BuildFailed)
        {
            await stderr.WriteLineAsync(result.BuildOutput).ConfigureAwait(false);
        }

        foreach (var triage in result.Triage)
        {
            await stdout.WriteLineAsync($"{KindLabel(triage.Kind)}: {triage.Explanation}").ConfigureAwait(false);
            if (triage.ReproCommand is not null)
            {
                await stdout.WriteLineAsync($"  repro: {triage.ReproCommand}").ConfigureAwait(false);
            }
        }

        foreach (var name in result.Quarantined)
        {
            await stdout.WriteLineAsync($"quarantined: {name}").ConfigureAwait(false);
        }

        if (result.FailFast.Describe() is { } fast)
        {
            await stdout.WriteLineAsync($"fail fast: {fast}").ConfigureAwait(false);
        }

        var first = result.FailFast.FailFirst.Count > 0 ? $" --fail-first '{string.Join(';', result.FailFast.FailFirst)}'" : string.Empty;
        await stdout.WriteLineAsync($"{result.Summary}; replay with: slipway test --seed {result.Seed} --shards {request.Shards}{first} {string.Join(' ', projectsAsGiven)}").ConfigureAwait(false);
        if (result.JUnitPath is not null)
        {
            await stdout.WriteLineAsync($"reports: {result.JUnitPath} {result.TrxPath}").ConfigureAwait(false);
        }

        return result.Blocks ? 1 : 0;
    }

    private static string KindLabel(FailureKind kind) => kind switch
    {
        FailureKind.Real => "real failure",
        FailureKind.OrderDependent => "order-dependent",
        FailureKind.Flaky => "flaky",
        FailureKind.Hang => "hang",
        _ => kind.ToString(),
    };
}
