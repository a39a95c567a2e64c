using System.Globalization;
using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>
/// <c>slipway test [--seed N] [--shards K] [--reruns R] [--timeout SECONDS] [--flaky fail|quarantine]
/// [--order "A.B.C;A.B.D"] [--out DIR] &lt;project-or-test-executable&gt;...</c>
/// Runs the test stage locally: the same shuffle, shards and triage as the pipeline, so a recorded seed
/// replays the pipeline's order. Exit codes: 0 passed, 1 failed (or no tests), 2 bad usage.
/// </summary>
internal static class TestCommand
{
    public const string Usage =
        "usage: slipway test [--seed N] [--shards K] [--reruns R] [--timeout SECONDS] [--flaky fail|quarantine] [--zero-tests fail|warn] [--order \"A.B.C;A.B.D\"] [--out DIR] <project>...";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var projects = new List<string>();
        var request = new TestStageRequest { WorkspaceDirectory = Directory.GetCurrentDirectory(), Projects = projects, Seed = 0 };
        int? seed = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                projects.Add(Path.GetFullPath(arg));
                continue;
            }

            if (i + 1 >= args.Length)
            {
                await stderr.WriteLineAsync($"slipway test: {arg} needs a value.\n{Usage}").ConfigureAwait(false);
                return 2;
            }

            var value = args[++i];
            string? error = null;
            switch (arg)
            {
                case "--seed":
                    if (TestSeed.TryParse(value, out var parsed, out var seedError))
                    {
                        seed = parsed;
                    }
                    else
                    {
                        error = seedError;
                    }

                    break;
                case "--shards":
                    error = Positive(value, "--shards", n => request = request with { Shards = n });
                    break;
                case "--reruns":
                    error = Positive(value, "--reruns", n => request = request with { Reruns = n });
                    break;
                case "--timeout":
                    error = Positive(value, "--timeout", n => request = request with { ShardTimeout = TimeSpan.FromSeconds(n) });
                    break;
                case "--flaky":
                    if (Enum.TryParse<FlakyPolicy>(value, ignoreCase: true, out var flaky))
                    {
                        request = request with { Flaky = flaky };
                    }
                    else
                    {
                        error = $"--flaky must be 'fail' or 'quarantine', not '{value}'.";
                    }

                    break;
                case "--zero-tests":
                    if (Enum.TryParse<ZeroTestsPolicy>(value, ignoreCase: true, out var zero))
                    {
                        request = request with { ZeroTests = zero };
                    }
                    else
                    {
                        error = $"--zero-tests must be 'fail' or 'warn', not '{value}'.";
                    }

                    break;
                case "--order":
                    request = request with { ExplicitOrder = value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                case "--out":
                    request = request with { OutputDirectory = Path.GetFullPath(value) };
                    break;
                default:
                    error = $"unknown option {arg}.";
                    break;
            }

            if (error is not null)
            {
                await stderr.WriteLineAsync($"slipway test: {error}\n{Usage}").ConfigureAwait(false);
                return 2;
            }
        }

        if (projects.Count == 0)
        {
            await stderr.WriteLineAsync($"slipway test: name a test project or test executable.\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        // Without --seed a local run picks a fresh one, and prints it so the run can be replayed.
        request = request with { Seed = seed ?? Random.Shared.Next(0, TestSeed.MaxValue) };
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

        await stdout.WriteLineAsync($"{result.Summary}; replay with: slipway test --seed {result.Seed} --shards {request.Shards} {string.Join(' ', args.Where(a => projects.Contains(Path.GetFullPath(a))))}").ConfigureAwait(false);
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

    private static string? Positive(string value, string option, Action<int> apply)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            apply(n);
            return null;
        }

        return $"{option} must be a whole number above 0, not '{value}'.";
    }
}
