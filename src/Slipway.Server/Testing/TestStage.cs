using System.Threading.Channels;
using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>
/// The pipeline's test stage: discovers the tests of each test executable, shuffles them with the
/// seed, splits them into shards run as parallel processes, triages every failure (real,
/// order-dependent with its polluters, flaky, hang), and writes merged JUnit XML and TRX. It returns
/// data and journals nothing; the pipeline runner does that.
/// </summary>
internal sealed class TestStage(TimeProvider timeProvider)
{
    private static readonly TimeSpan ListTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public async Task<TestStageResult> RunAsync(
        TestStageRequest request,
        IProgress<TestProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Shards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Reruns, 1);

        var outputDirectory = Path.GetFullPath(request.OutputDirectory
            ?? Path.Combine(request.WorkspaceDirectory, ".slipway", "test-results"));
        var workDirectory = Path.Combine(outputDirectory, "work");
        var outermostCreated = OutermostMissing(outputDirectory);
        Directory.CreateDirectory(workDirectory);

        // Test processes run as the step user: they build into the output folder and leave their order acks in it. Every
        // folder made here is handed over, from the outermost one down (.slipway/ in the workspace), or the next checkout,
        // which cleans the workspace as that user, could not remove it and would fall back to a fresh clone.
        request.RunAs?.Own(outermostCreated ?? outputDirectory);

        var warnings = new List<string>();
        var executables = new List<TestExecutable>();
        var plainPositions = new List<string>();
        foreach (var project in FailFastOrder.OrderProjects(request.Projects, request.TouchedProjects))
        {
            var path = Path.IsPathRooted(project) ? project : Path.Combine(request.WorkspaceDirectory, project);
            if (request.Built.TryGetValue(project, out var built))
            {
                // Built by this run's build step (build: dotnet): run that build, no second MSBuild start.
                var exe = Path.ChangeExtension(built, null);
                path = File.Exists(exe) ? exe : built;
            }
            else if (path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                // In place: an up-to-date build (the build step's, in the warm workspace) is reused, not redone into the output folder.
                var build = await TestProjectBuilder.BuildInPlaceAsync(
                    path,
                    BuildTimeout,
                    timeProvider,
                    cancellationToken,
                    environment: request.Environment,
                    runAs: request.RunAs).ConfigureAwait(false);
                if (!build.Succeeded)
                {
                    return Empty(request, TestStageOutcome.BuildFailed, blocks: true, warnings) with { BuildOutput = build.Output };
                }

                path = build.ExecutablePath!;
            }

            executables.Add(new TestExecutable(path, timeProvider, request.RunAs) { Project = project });
        }

        var order = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var seedOrder = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var shards = new List<ShardResult>();
        var tests = new List<TestCaseResult>();
        var triage = new List<TriageResult>();
        var shardCount = 0;
        var watch = new FailFastWatch(timeProvider);

        foreach (var executable in executables)
        {
            if (!executable.IsXunitV3)
            {
                warnings.Add($"{executable.AssemblyName} is not an xUnit v3 test executable (no xunit.v3.core.dll beside it), so Slipway cannot list, shuffle or shard it: it ran once as a whole, in its own order, without triage.");
                tests.Add(await RunOpaqueAsync(executable, request, cancellationToken).ConfigureAwait(false));
                shardCount = Math.Max(shardCount, 1);
                continue;
            }

            var listed = await executable.ListAsync(request.Environment, ListTimeout, cancellationToken).ConfigureAwait(false);
            if (!executable.ReferencesSlipwayTesting)
            {
                warnings.Add($"{executable.AssemblyName} does not reference Slipway.Testing, so xUnit chose its order and seed {request.Seed} did not shuffle it. To shuffle it, reference Slipway.Testing and add [assembly: Slipway.Testing.SlipwayOrder].");
            }

            var seeded = request.ExplicitOrder is { } explicitOrder
                ? explicitOrder.Select(TestName.Parse).Where(listed.Contains).ToList()
                : TestOrder.Shuffle(listed, request.Seed);
            seedOrder[executable.Project] = seeded.Select(t => t.FullName).ToList();
            var ordered = request.ExplicitOrder is null ? FailFastOrder.Prioritize(seeded, request.FailFirst) : seeded;
            order[executable.AssemblyName] = ordered.Select(t => t.FullName).ToList();
            if (watch.StoppedBy is { } cause && !request.RunAllOnFailure)
            {
                // A real failure in an earlier project stopped the run: this project's tests are reported, not run.
                tests.AddRange(ordered.Select(t => new TestCaseResult(
                    executable.AssemblyName, t, TestOutcome.NotRun, TimeSpan.Zero, 0, $"the run was stopped after the real failure of {cause} (tests.run_all_on_failure: false)")));
                continue;
            }

            if (ordered.Count == 0)
            {
                continue;
            }

            var plans = request.ExplicitOrder is null
                ? ShardPlanner.Plan(ordered, request.Shards, request.Durations)
                : [new ShardPlan(1, ordered, TimeSpan.Zero)];
            shardCount = Math.Max(shardCount, plans.Count);

            var (runs, triaged) = await RunShardsAsync(executable, plans, request, workDirectory, progress, watch, cancellationToken).ConfigureAwait(false);

            foreach (var (plan, run) in plans.Zip(runs))
            {
                var shard = Summarize(executable, plan, run, workDirectory, warnings);
                shards.Add(shard);
                tests.AddRange(Outcomes(executable, plan, run, watch.StoppedBy));
                if (run.RunningAtTimeout is { } hung)
                {
                    triage.Add(new TriageResult
                    {
                        Test = hung,
                        Kind = FailureKind.Hang,
                        TriageRuns = 0,
                        FlakeRate = 1,
                        Explanation = $"{hung} was running when shard {plan.Number} hit its timeout of {request.ShardTimeout} and was killed.",
                        ReproCommand = executable.ReproCommand([hung]),
                    });
                }
            }

            triage.AddRange(triaged);
        }

        var failFast = FailFastResult(request, executables, order, seedOrder, tests, shards, watch);
        return Finish(request, outputDirectory, warnings, order, shards, tests, triage, shardCount) with { FailFast = failFast };
    }

    /// <summary>
    /// Runs the shards of one executable in parallel and triages each failure as soon as it is reported, one after
    /// another, while the shards go on. A failure triaged as real (or any failure, when triage is off) stops the other
    /// shards unless <see cref="TestStageRequest.RunAllOnFailure"/>; triage then goes on with the failures found.
    /// </summary>
    private async Task<(XunitRun[] Runs, List<TriageResult> Triage)> RunShardsAsync(
        TestExecutable executable,
        IReadOnlyList<ShardPlan> plans,
        TestStageRequest request,
        string workDirectory,
        IProgress<TestProgress>? progress,
        FailFastWatch watch,
        CancellationToken cancellationToken)
    {
        var stops = plans.Select(_ => new CancellationTokenSource()).ToArray();
        var failures = Channel.CreateUnbounded<(TestName Test, int Shard, IReadOnlyList<TestName> Before)>(new UnboundedChannelOptions { SingleReader = true });
        var stopGate = new Lock();
        var stopped = false;
        void Stop(TestName cause, int shard)
        {
            lock (stopGate)
            {
                if (request.RunAllOnFailure || stopped)
                {
                    return;
                }

                stopped = true;
                watch.StoppedBy ??= cause.FullName;
                for (var i = 0; i < plans.Count; i++)
                {
                    if (plans[i].Number != shard)
                    {
                        stops[i].Cancel();
                    }
                }
            }
        }

        var triage = TriageAsync(executable, failures.Reader, request, workDirectory, Stop, cancellationToken);
        try
        {
            var runs = await Task.WhenAll(plans.Select((plan, i) => RunShardAsync(
                executable, plan, plans.Count, request, workDirectory, progress, watch,
                (test, before) =>
                {
                    failures.Writer.TryWrite((test, plan.Number, before));
                    if (!request.Triage)
                    {
                        Stop(test, plan.Number);
                    }
                },
                stops[i].Token,
                cancellationToken))).ConfigureAwait(false);
            failures.Writer.TryComplete();
            return (runs, await triage.ConfigureAwait(false));
        }
        finally
        {
            failures.Writer.TryComplete();
            foreach (var stop in stops)
            {
                stop.Dispose();
            }
        }
    }

    private async Task<XunitRun> RunShardAsync(
        TestExecutable executable,
        ShardPlan plan,
        int shardCount,
        TestStageRequest request,
        string workDirectory,
        IProgress<TestProgress>? progress,
        FailFastWatch watch,
        Action<TestName, IReadOnlyList<TestName>> onFailure,
        CancellationToken stop,
        CancellationToken cancellationToken)
    {
        var orderFile = Path.Combine(workDirectory, $"{executable.AssemblyName}.shard{plan.Number}.order");
        progress?.Report(new TestProgress(executable.AssemblyName, plan.Number, shardCount, 0, plan.Tests.Count, 0, 0, request.Seed, null));
        watch.Start();
        var finished = 0;
        var failed = 0;
        return await executable.RunAsync(
            plan.Tests,
            orderFile,
            request.Environment,
            request.ShardTimeout,
            events =>
            {
                watch.Finished(events.Finished - finished);
                finished = events.Finished;
                if (events.Failed > failed)
                {
                    failed = events.Failed;
                    var started = events.StartedOrder();
                    foreach (var test in events.FailedOrder().Skip(watch.Reported(executable, plan.Number)))
                    {
                        watch.Failed(executable, plan.Number, test);
                        onFailure(test, started.TakeWhile(t => t != test).ToList());
                    }
                }

                progress?.Report(new TestProgress(
                    executable.AssemblyName, plan.Number, shardCount, events.Finished, plan.Tests.Count,
                    events.Passed, events.Failed, request.Seed, events.Running?.FullName));
            },
            cancellationToken,
            stop).ConfigureAwait(false);
    }

    private static ShardResult Summarize(TestExecutable executable, ShardPlan plan, XunitRun run, string workDirectory, List<string> warnings)
    {
        var planned = plan.Tests.Select(t => t.FullName).ToList();
        var executed = run.Events.StartedOrder().Select(t => t.FullName).ToList();
        var ack = Path.Combine(workDirectory, $"{executable.AssemblyName}.shard{plan.Number}.order.ack");
        if (executable.ReferencesSlipwayTesting && !File.Exists(ack))
        {
            warnings.Add($"{executable.AssemblyName} references Slipway.Testing but its orderer did not run in shard {plan.Number}: add [assembly: Slipway.Testing.SlipwayOrder] to the test project. It ran in xUnit's order.");
        }
        else if (File.Exists(ack) && !executed.SequenceEqual(planned.Take(executed.Count)))
        {
            var at = executed.Zip(planned).TakeWhile(p => p.First == p.Second).Count();
            warnings.Add($"{executable.AssemblyName} shard {plan.Number} ran {executed[at]} where the plan had {planned[at]} (classes that share a test collection run together); triage replays the order that really ran.");
        }

        return new ShardResult(
            executable.AssemblyName, plan.Number, planned, executed, run.Process.ExitCode,
            run.Process.TimedOut, run.RunningAtTimeout?.FullName, run.Process.Duration, run.Stopped);
    }

    private static IEnumerable<TestCaseResult> Outcomes(TestExecutable executable, ShardPlan plan, XunitRun run, string? stoppedBy)
    {
        var results = run.Events.Results();
        foreach (var test in plan.Tests)
        {
            if (results.TryGetValue(test, out var r) && r.Outcome != TestOutcome.NotRun)
            {
                yield return new TestCaseResult(executable.AssemblyName, test, r.Outcome, r.Duration, plan.Number, r.Message, r.StackTrace);
            }
            else if (test == run.RunningAtTimeout)
            {
                yield return new TestCaseResult(executable.AssemblyName, test, TestOutcome.TimedOut, r.Duration, plan.Number, "Killed at the shard timeout while running.");
            }
            else
            {
                var why = run.Stopped
                    ? $"its shard was stopped after the real failure of {stoppedBy} (tests.run_all_on_failure: false)"
                    : run.Process.TimedOut ? "its shard was killed at the timeout before it ran" : $"its shard's process ended (exit {run.Process.ExitCode}) before it ran";
                yield return new TestCaseResult(executable.AssemblyName, test, TestOutcome.NotRun, TimeSpan.Zero, plan.Number, why);
            }
        }
    }

    private async Task<List<TriageResult>> TriageAsync(
        TestExecutable executable,
        ChannelReader<(TestName Test, int Shard, IReadOnlyList<TestName> Before)> failures,
        TestStageRequest request,
        string workDirectory,
        Action<TestName, int> stop,
        CancellationToken cancellationToken)
    {
        var results = new List<TriageResult>();
        var runner = new TestExecutableOrderRunner(executable, workDirectory, request.Environment, request.ShardTimeout);
        await foreach (var (test, shard, before) in failures.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!request.Triage)
            {
                continue;
            }

            if (results.Count >= request.MaxTriaged)
            {
                results.Add(new TriageResult
                {
                    Test = test,
                    Kind = FailureKind.Real,
                    TriageRuns = 0,
                    FlakeRate = 1,
                    Explanation = $"{test} failed; not triaged (more than {request.MaxTriaged} failures), counted as a real failure.",
                    ReproCommand = executable.ReproCommand([test]),
                });
                continue;
            }

            var result = await FailureTriage.ClassifyAsync(test, before, request.Reruns, runner, cancellationToken).ConfigureAwait(false);
            if (result.Kind == FailureKind.Real)
            {
                stop(test, shard);
            }

            var repro = result.Kind switch
            {
                FailureKind.OrderDependent => executable.ReproCommand(result.Polluters.Append(test)),
                FailureKind.Flaky => executable.ReproCommand(before.Append(test)),
                _ => executable.ReproCommand([test]),
            };
            results.Add(result with { ReproCommand = repro });
        }

        return results;
    }

    /// <summary>Where the first failure came in the run's order and in the plain seeded order (projects as configured).</summary>
    private static FailFastSummary FailFastResult(
        TestStageRequest request,
        IReadOnlyList<TestExecutable> executables,
        Dictionary<string, IReadOnlyList<string>> order,
        Dictionary<string, IReadOnlyList<string>> seedOrder,
        IReadOnlyList<TestCaseResult> tests,
        IReadOnlyList<ShardResult> shards,
        FailFastWatch watch)
    {
        var failed = tests.Where(t => FailureTriage.IsFailure(t.Outcome)).Select(t => t.Name.FullName).ToHashSet(StringComparer.Ordinal);
        var runOrder = executables.SelectMany(e => order.GetValueOrDefault(e.AssemblyName) ?? []).ToList();
        var plainOrder = request.Projects.SelectMany(p => seedOrder.GetValueOrDefault(p) ?? []).ToList();
        return new FailFastSummary
        {
            FailFirst = request.ExplicitOrder is null ? runOrder.Where(request.FailFirst.Contains).ToList() : [],
            TouchedProjects = request.Projects.Where(request.TouchedProjects.Contains).ToList(),
            TotalTests = runOrder.Count,
            FirstFailure = watch.FirstFailure,
            RunPosition = FailFastOrder.FirstPosition(runOrder, failed),
            SeedPosition = FailFastOrder.FirstPosition(plainOrder, failed),
            FinishedAtFirstFailure = watch.FirstFailure is null ? null : watch.FinishedAtFirstFailure,
            FirstFailureAfter = watch.FirstFailureAfter,
            StoppedBy = shards.Any(s => s.Stopped) || tests.Any(t => t.Shard == 0) ? watch.StoppedBy : null,
            StoppedShards = shards.Count(s => s.Stopped),
        };
    }

    private async Task<TestCaseResult> RunOpaqueAsync(TestExecutable executable, TestStageRequest request, CancellationToken cancellationToken)
    {
        var launcher = executable.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet" : executable.Path;
        string[] arguments = launcher == "dotnet" ? [executable.Path] : [];
        var result = await ChildProcess.RunAsync(
            launcher, arguments, executable.Directory, request.Environment, _ => { }, request.ShardTimeout, timeProvider, cancellationToken, request.RunAs).ConfigureAwait(false);
        var outcome = result.TimedOut ? TestOutcome.TimedOut : result.ExitCode == 0 ? TestOutcome.Passed : TestOutcome.Failed;
        return new TestCaseResult(executable.AssemblyName, new TestName(executable.AssemblyName, "(whole assembly)"), outcome, result.Duration, 1,
            outcome == TestOutcome.Passed ? null : $"exit code {result.ExitCode}", result.StandardError);
    }

    private TestStageResult Finish(
        TestStageRequest request,
        string outputDirectory,
        List<string> warnings,
        Dictionary<string, IReadOnlyList<string>> order,
        List<ShardResult> shards,
        List<TestCaseResult> tests,
        List<TriageResult> triage,
        int shardCount)
    {
        if (tests.Count == 0)
        {
            warnings.Add($"No tests were found in {string.Join(", ", request.Projects)}; that is not a pass (zero-tests policy: {request.ZeroTests.ToString().ToLowerInvariant()}).");
            return Empty(request, TestStageOutcome.NoTests, request.ZeroTests == ZeroTestsPolicy.Fail, warnings) with { Order = order };
        }

        var quarantined = new List<string>();
        var blocking = 0;
        foreach (var test in tests.Where(t => FailureTriage.IsFailure(t.Outcome) || t.Outcome == TestOutcome.NotRun))
        {
            var kind = triage.FirstOrDefault(t => t.Test == test.Name)?.Kind;
            if (request.Quarantined.Contains(test.Name.FullName)
                || (kind == FailureKind.Flaky && request.Flaky == FlakyPolicy.Quarantine))
            {
                quarantined.Add(test.Name.FullName);
            }
            else
            {
                blocking++;
            }
        }

        var result = new TestStageResult
        {
            Outcome = blocking > 0 ? TestStageOutcome.Failed : TestStageOutcome.Passed,
            Blocks = blocking > 0,
            Seed = request.Seed,
            ShardCount = shardCount,
            Order = order,
            Shards = shards,
            Tests = tests,
            Triage = triage,
            Quarantined = quarantined,
            Warnings = warnings,
            JUnitPath = Path.Combine(outputDirectory, "junit.xml"),
            TrxPath = Path.Combine(outputDirectory, "results.trx"),
        };
        var now = timeProvider.GetUtcNow();
        TestReportWriter.WriteJUnit(result.JUnitPath, result, now);
        TestReportWriter.WriteTrx(result.TrxPath, result, now);
        return result;
    }

    private static TestStageResult Empty(TestStageRequest request, TestStageOutcome outcome, bool blocks, List<string> warnings) => new()
    {
        Outcome = outcome,
        Blocks = blocks,
        Seed = request.Seed,
        ShardCount = 0,
        Order = new Dictionary<string, IReadOnlyList<string>>(),
        Shards = [],
        Tests = [],
        Warnings = warnings,
    };

    /// <summary>The outermost folder of <paramref name="path"/> that does not exist yet, or null when it exists.</summary>
    private static string? OutermostMissing(string path)
    {
        string? missing = null;
        for (var current = Path.GetFullPath(path); !string.IsNullOrEmpty(current) && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing = current;
        }

        return missing;
    }
}
