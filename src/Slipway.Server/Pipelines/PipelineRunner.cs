using System.Globalization;
using Microsoft.Extensions.Logging;
using System.Threading.Channels;
using Slipway.Core.Config;
using Slipway.Core.Journal;
using Slipway.Core.Testing;
using Slipway.Server.Hosting;
using Slipway.Server.Journal;
using Slipway.Server.Migrations;
using Slipway.Server.Secrets;
using Slipway.Server.State;
using Slipway.Server.Testing;

namespace Slipway.Server.Pipelines;

/// <summary>
/// Runs one pipeline: checkout of the exact commit into the service's warm workspace (<see cref="WarmWorkspace"/>), config,
/// build, test, package, migrate.
/// Every step is journaled with its exit code, time and log tail; the first failure stops the run and nothing is deployed.
/// </summary>
internal sealed partial class PipelineRunner(
    EventJournal journal,
    ArtifactStore artifacts,
    ServerPaths paths,
    StepSandbox sandbox,
    SecretVault vault,
    Auth.TokenStore tokens,
    SlipwayServerOptions options,
    TimeProvider time,
    ILogger<PipelineRunner> logger)
{
    private readonly MigrationStep _migrations = new(journal, vault, time, new OldCodeCheck(artifacts, paths, sandbox, vault, tokens, time));

    public async Task<bool> RunAsync(string service, string runId, string commit, CancellationToken cancellationToken)
    {
        await journal.AppendAsync(new PipelineStarted(service, runId, commit), CancellationToken.None);
        LogStarted(logger, runId, service, commit);
        var warm = new WarmWorkspace(paths.WarmWorkspace(service), paths.Mirror(service), sandbox.User, paths.Home(service));
        var workspace = warm.Path;
        var logs = Path.Combine(paths.Logs, runId);
        // checkout
        var started = time.GetTimestamp();
        try
        {
            Directory.CreateDirectory(paths.WarmWorkspaces);
            if (!options.WarmWorkspaces)
            {
                warm.Delete();
            }

            await warm.CheckoutAsync(commit, cancellationToken);
        }
        catch (GitException ex)
        {
            return await FailAsync(service, runId, commit, "checkout", 1, ex.Message, ex.Message, started);
        }

        // The build state is kept only if slipway.yml allows it (an invalid file fails the run at config anyway).
        var configPath = Path.Combine(workspace, SlipwayConfigParser.FileName);
        var yaml = File.Exists(configPath) ? await ReadConfigAsync(configPath, cancellationToken) : null;
        var parsed = yaml is null ? null : SlipwayConfigParser.Parse(yaml, SlipwayConfigParser.FileName);
        string from;
        try
        {
            from = await warm.SettleAsync(commit, parsed?.Config?.Workspace ?? WorkspaceMode.Clean, cancellationToken);
        }
        catch (GitException ex)
        {
            return await FailAsync(service, runId, commit, "checkout", 1, ex.Message, ex.Message, started);
        }

        sandbox.PrepareWorkspace(workspace);
        await StepAsync(service, runId, "checkout", new StepResult(0, time.GetElapsedTime(started), false, $"checked out {commit}; {from}"));

        // config
        started = time.GetTimestamp();
        if (yaml is null || parsed is null)
        {
            return await FailAsync(service, runId, commit, "config", 1, $"{SlipwayConfigParser.FileName} is missing at the root of the repository.", string.Empty, started);
        }

        if (parsed.Config is not { } config)
        {
            var message = string.Join('\n', parsed.Errors.Select(e => e.ToString()));
            return await FailAsync(service, runId, commit, "config", 1, message, message, started);
        }

        if (config.Flags is { } flagsFile)
        {
            var (flagsDocument, flagsError) = await Flags.ReleaseFlagsFile.ReadAsync(workspace, flagsFile, cancellationToken);
            if (flagsDocument is null)
            {
                return await FailAsync(service, runId, commit, "config", 1, flagsError!, flagsError!, started);
            }

            await journal.AppendAsync(new ReleaseFlagsDeclared(service, runId, commit, flagsFile, flagsDocument), CancellationToken.None);
        }

        await StepAsync(service, runId, "config", new StepResult(0, time.GetElapsedTime(started), false, $"{config.Instances} instance(s), waves {string.Join(',', config.Waves.Plan(config.Instances))}, bake {config.Bake.TotalSeconds:0.#} s"));

        // The steps' environment: the clean base, SLIPWAY_*, and only the secrets that slipway.yml asks for (build_secrets).
        var buildSecrets = vault.Values(service, config.BuildSecrets);
        var missing = config.BuildSecrets.Where(n => !buildSecrets.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            var message = $"build_secrets names {string.Join(", ", missing)}, which service '{service}' does not have (or that no longer decrypts): slipway secrets set {service} {missing[0]}";
            return await FailAsync(service, runId, commit, "config", 1, message, message, started);
        }

        var variables = new Dictionary<string, string>(buildSecrets, StringComparer.Ordinal)
        {
            ["SLIPWAY_COMMIT"] = commit,
            ["SLIPWAY_SERVICE"] = service,
        };
        var env = sandbox.Environment(service, variables);
        var masker = vault.Masker(service);

        // build: the shell commands, or Slipway's own .NET build, which also builds the test projects for the test stage
        IReadOnlyDictionary<string, string> testAssemblies = new Dictionary<string, string>();
        if (config.Dotnet is { } dotnet)
        {
            var testProjects = DotnetBuildStep.TestProjects(config);
            var key = DotnetBuildStep.RestoreKey(dotnet, testProjects, config.Artifact, env);
            var (skipRestore, why) = await warm.RestoreDecisionAsync(commit, key, cancellationToken);
            var built = await DotnetBuildStep.RunAsync(
                dotnet, testProjects, config.Artifact, workspace, !skipRestore, why, Path.Combine(logs, "build.log"), config.Timeouts.Build, env, time, cancellationToken, masker, sandbox.User);
            if (!built.Step.Succeeded)
            {
                return await FailAsync(service, runId, commit, "build", built.Step.ExitCode, Describe("build", $"build: dotnet {dotnet.Project}", built.Step, config.Timeouts.Build), built.Step.LogTail, built.Step);
            }

            await StepAsync(service, runId, "build", built.Step);
            warm.MarkRestored(commit, key);
            testAssemblies = built.TestAssemblies;
        }

        for (var i = 0; i < config.Build.Count; i++)
        {
            var result = await ShellStep.RunAsync(config.Build[i], workspace, Path.Combine(logs, "build.log"), config.Timeouts.Build, env, null, time, cancellationToken, masker, sandbox.User);
            if (!result.Succeeded)
            {
                return await FailAsync(service, runId, commit, "build", result.ExitCode, Describe("build", config.Build[i], result, config.Timeouts.Build), result.LogTail, result);
            }

            await StepAsync(service, runId, config.Build.Count == 1 ? "build" : $"build[{i}]", result);
        }

        warm.MarkBuilt(commit);

        // test: the plain command, then (with tests.projects) the shuffled, sharded test stage
        if (config.Test is { } test)
        {
            var step = config.Tests.Projects.Count > 0 ? "test:command" : "test";
            var result = await ShellStep.RunAsync(test, workspace, Path.Combine(logs, "test.log"), config.Timeouts.Test, env, null, time, cancellationToken, masker, sandbox.User);
            if (!result.Succeeded)
            {
                var failedTests = FailedTests.FromLog(Path.Combine(logs, "test.log"));
                var message = Describe("test", test, result, config.Timeouts.Test) + Names(failedTests);
                return await FailAsync(service, runId, commit, step, result.ExitCode, message, result.LogTail, result, failedTests);
            }

            await StepAsync(service, runId, step, result);
        }

        if (config.Tests.Projects.Count > 0 && !await TestStageAsync(service, runId, commit, config, workspace, logs, env, testAssemblies, cancellationToken))
        {
            return false;
        }

        // package
        started = time.GetTimestamp();
        string digest;
        long bytes;
        try
        {
            (digest, bytes) = await artifacts.PackAsync(Path.Combine(workspace, config.Artifact), cancellationToken);
        }
        catch (DirectoryNotFoundException ex)
        {
            return await FailAsync(service, runId, commit, "package", 1, ex.Message, ex.Message, started);
        }

        await StepAsync(service, runId, "package", new StepResult(0, time.GetElapsedTime(started), false, $"sha256:{digest} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)"));

        // migrate: the gate, then the pending expand migrations, before the release exists (so before wave 1)
        if (config.Migrations is { } migrations)
        {
            started = time.GetTimestamp();
            var tooling = new EfMigrations.Tooling(env, Path.Combine(logs, "migrate.log"), config.Timeouts.Build, masker, sandbox.User);
            var migrated = await _migrations.RunAsync(service, runId, commit, migrations, workspace, cancellationToken, tooling);
            if (!migrated.Succeeded)
            {
                return await FailAsync(service, runId, commit, "migrate", 1, migrated.Summary, migrated.Summary, started);
            }

            await StepAsync(service, runId, "migrate", new StepResult(0, time.GetElapsedTime(started), false, migrated.Summary));
        }

        await journal.AppendAsync(new PipelineSucceeded(service, runId, commit, digest, bytes, yaml), CancellationToken.None);
        LogSucceeded(logger, runId, digest);
        return true;
    }

    /// <summary>The commit of the service's latest other run whose build step succeeded: what this commit's diff is taken against.</summary>
    private static string? PreviousBuilt(SlipwayState state, string service, string runId) =>
        state.Services.TryGetValue(service, out var view)
            ? view.RunIds.Reverse()
                .Where(id => id != runId)
                .Select(id => state.Runs.GetValueOrDefault(id))
                .FirstOrDefault(r => r is not null && r.Steps.Any(step => step.Succeeded && (step.Step == "build" || step.Step.StartsWith("build[", StringComparison.Ordinal))))
                ?.Commit
            : null;

    /// <summary>
    /// The test projects that the commit touched since <paramref name="previous"/>: <c>git diff --name-only</c> between
    /// the two commits, and each project's folder and the folders of the projects it references (read from the run's
    /// checkout). The diff runs in the service's mirror, which holds both commits and is the server's own: the workspace
    /// belongs to the step user, whose <c>.git/config</c> git must not obey as the server.
    /// </summary>
    private static async Task<(IReadOnlySet<string> Touched, string Note)> TouchedTestProjectsAsync(
        string mirror, string workspace, string? previous, string commit, IReadOnlyList<string> projects, CancellationToken cancellationToken)
    {
        var none = new HashSet<string>(StringComparer.Ordinal);
        if (previous is null)
        {
            return (none, "no earlier built commit to diff against");
        }

        string names;
        try
        {
            names = await Git.RunAsync(mirror, cancellationToken, "diff", "--name-only", "--no-renames", previous, commit, "--");
        }
        catch (GitException)
        {
            return (none, $"the diff against {previous[..Math.Min(8, previous.Length)]} is not available");
        }

        var changed = names.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(10_000).ToList();
        var touched = FailFastOrder.TouchedProjects(projects, changed, project => ProjectReferences(workspace, project));
        return (touched, $"{changed.Count} file(s) changed since {previous[..Math.Min(8, previous.Length)]}, touching {touched.Count} of {projects.Count} test project(s)");
    }

    /// <summary>The ProjectReference paths of a .csproj, relative to the repository (none for an executable or an unreadable file).</summary>
    private static IEnumerable<string> ProjectReferences(string workspace, string project)
    {
        var path = Path.Combine(workspace, project);
        if (!project.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || !File.Exists(path) || new FileInfo(path).Length > 1_000_000)
        {
            return [];
        }

        try
        {
            var folder = Path.GetDirectoryName(project) ?? string.Empty;
            // The project file comes from the commit: no DTD, no external entities.
            using var reader = System.Xml.XmlReader.Create(path, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
            return System.Xml.Linq.XDocument.Load(reader).Descendants()
                .Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => (string?)e.Attribute("Include"))
                .OfType<string>()
                .Select(include => Path.Combine(folder, include.Replace('\\', '/')))
                .ToList();
        }
        catch (System.Xml.XmlException)
        {
            return [];
        }
    }

    /// <summary>
    /// The test stage: seed from the commit (or <c>tests.seed</c>), shards balanced by recorded durations, triage of every
    /// failure, quarantined tests from the history. Journals throttled progress and the result; a blocking result fails
    /// the run at the "test" step with the verdicts and their repro commands.
    /// </summary>
    private async Task<bool> TestStageAsync(
        string service, string runId, string commit, ServiceConfig config, string workspace, string logs,
        IReadOnlyDictionary<string, string> env, IReadOnlyDictionary<string, string> builtTestAssemblies, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var tests = config.Tests;
        var seed = tests.Seed is { } fixedSeed ? (int)fixedSeed : TestSeed.FromCommitSha(commit);
        var (durations, quarantined, recentlyFailed) = journal.Read(s => s.TestHistories.TryGetValue(service, out var h)
            ? (h.Durations(), h.QuarantinedTests(), h.RecentlyFailed())
            : (new Dictionary<string, TimeSpan>(), (IReadOnlySet<string>)new HashSet<string>(), (IReadOnlySet<string>)new HashSet<string>()));
        var previous = journal.Read(s => PreviousBuilt(s, service, runId));
        var (touched, touchedNote) = await TouchedTestProjectsAsync(paths.Mirror(service), workspace, previous, commit, tests.Projects, cancellationToken);
        var request = new TestStageRequest
        {
            WorkspaceDirectory = workspace,
            Projects = tests.Projects,
            Built = builtTestAssemblies,
            Seed = seed,
            Shards = tests.Shards ?? Environment.ProcessorCount,
            ShardTimeout = tests.Timeout ?? config.Timeouts.Test,
            Reruns = Math.Max(1, tests.Reruns ?? 3),
            Triage = tests.Reruns is not 0,
            Flaky = tests.Flaky ?? FlakyPolicy.Fail,
            ZeroTests = tests.ZeroTests ?? ZeroTestsPolicy.Fail,
            Durations = durations,
            Quarantined = quarantined,
            FailFirst = recentlyFailed,
            TouchedProjects = touched,
            RunAllOnFailure = tests.RunAllOnFailure ?? false,
            OutputDirectory = Path.Combine(workspace, ".slipway", "test-results"),
            Environment = env,
            RunAs = sandbox.User,
        };

        Directory.CreateDirectory(logs);
        var logPath = Path.Combine(logs, "test.log");
        await using var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var logGate = new Lock();
        var masker = vault.Masker(service);
        void Log(string line)
        {
            line = masker.Apply(line);
            lock (logGate)
            {
                log.WriteLine(line);
            }
        }

        Log($"$ slipway test stage: seed {seed}{(tests.Seed is null ? $" (from commit {commit[..Math.Min(8, commit.Length)]})" : " (tests.seed)")}, {request.Shards} shard(s), {string.Join(' ', tests.Projects)}");
        foreach (var (project, assembly) in builtTestAssemblies)
        {
            Log($"{project}: built by the build step (build: dotnet), runs {Path.GetRelativePath(workspace, assembly)} with no build of its own");
        }

        Log($"fail fast: {recentlyFailed.Count} test(s) failed in the last {TestHistory.RecentFailureRuns} test runs and run first; {touchedNote}; "
            + (request.RunAllOnFailure ? "every shard runs to the end (tests.run_all_on_failure)" : "a real failure stops the other shards"));

        // Progress goes to the journal at a low rate (start, every few seconds, end) through one writer, in order.
        var progressEvents = Channel.CreateUnbounded<SlipwayEvent>(new UnboundedChannelOptions { SingleReader = true });
        var pump = Task.Run(async () =>
        {
            await foreach (var e in progressEvents.Reader.ReadAllAsync(CancellationToken.None))
            {
                await journal.AppendAsync(e, CancellationToken.None);
            }
        }, CancellationToken.None);
        var throttle = new ProgressThrottle(service, runId, time, ProgressInterval);
        var progress = new SynchronousProgress<TestProgress>(p =>
        {
            if (throttle.Offer(p, out var line) is { } e)
            {
                progressEvents.Writer.TryWrite(e);
            }

            if (line is not null)
            {
                Log(line);
            }
        });

        using var timeout = new CancellationTokenSource(config.Timeouts.Test, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        TestStageResult result;
        try
        {
            result = await new TestStage(time).RunAsync(request, progress, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            progressEvents.Writer.TryComplete();
            await pump;
            var message = $"test timed out after {config.Timeouts.Test.TotalSeconds:0} s (timeouts.test): the test stage with seed {seed} did not finish";
            Log(message);
            return await FailAsync(service, runId, commit, "test", -1, message, message, started);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            progressEvents.Writer.TryComplete();
            await pump;
            var message = $"test stage could not run: {ex.Message}";
            Log(message);
            return await FailAsync(service, runId, commit, "test", 1, message, message, started);
        }
        finally
        {
            foreach (var e in throttle.Unreported())
            {
                progressEvents.Writer.TryWrite(e);
            }

            progressEvents.Writer.TryComplete();
        }

        await pump;
        var repro = new Func<string, string?>(test => SlipwayRepro(result, test, request.Projects, commit));
        var completed = Masked(TestStageRecords.ToEvent(service, runId, commit, result, repro), masker);
        var lines = TestStageRecords.Report(result, completed);
        foreach (var line in lines)
        {
            Log(line);
        }

        CopyReports(result, logs);
        await journal.AppendAsync(completed, CancellationToken.None);
        var tail = string.Join('\n', lines.TakeLast(40));
        if (result.Blocks)
        {
            var message = TestStageRecords.FailureMessage(result, completed);
            var failedTests = FailedTests.FromStage(result, completed.Quarantined);
            return await FailAsync(service, runId, commit, "test", 1, message, tail, new StepResult(1, time.GetElapsedTime(started), false, tail), failedTests);
        }

        await StepAsync(service, runId, "test", new StepResult(0, time.GetElapsedTime(started), false, tail));
        return true;
    }

    /// <summary>An event with every secret masked in its strings (test names, messages, output), as it will be journaled.</summary>
    private static T Masked<T>(T e, SecretMasker masker) where T : SlipwayEvent
    {
        if (masker.IsEmpty)
        {
            return e;
        }

        var record = EventSerializer.ToRecord(e, DateTimeOffset.UnixEpoch);
        var data = masker.Apply(record.Data);
        return data == record.Data ? e : (T)EventSerializer.FromRecord(new StoredJournalRecord(0, record.Stream, record.Type, data, record.Timestamp));
    }

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A repro a person can run in a checkout of the commit: <c>slipway test --order 'P;V' project</c>, the polluters then
    /// the victim in one process, or the test alone for a real failure.
    /// </summary>
    private static string? SlipwayRepro(TestStageResult result, string test, IReadOnlyList<string> projects, string commit)
    {
        var triage = result.Triage.FirstOrDefault(t => t.Test.FullName == test);
        if (triage is null || triage.Kind is FailureKind.Flaky)
        {
            return triage?.ReproCommand;
        }

        var assembly = result.Tests.FirstOrDefault(t => t.Name.FullName == test)?.Assembly;
        var project = projects.FirstOrDefault(p => string.Equals(Path.GetFileNameWithoutExtension(p), assembly, StringComparison.Ordinal))
            ?? projects.FirstOrDefault(p => Path.GetFileName(p) == assembly)
            ?? string.Join(' ', projects);
        var order = triage.Polluters.Select(p => p.FullName).Append(test);
        return $"git checkout {commit[..Math.Min(12, commit.Length)]} && slipway test --order '{string.Join(';', order)}' {project}";
    }

    /// <summary>Keeps junit.xml and results.trx beside the run's logs; the workspace is deleted after the run.</summary>
    private static void CopyReports(TestStageResult result, string logs)
    {
        foreach (var path in new[] { result.JUnitPath, result.TrxPath })
        {
            if (path is not null && File.Exists(path))
            {
                File.Copy(path, Path.Combine(logs, Path.GetFileName(path)), overwrite: true);
            }
        }
    }

    private static string Describe(string step, string command, StepResult result, TimeSpan timeout) => result.TimedOut
        ? $"{step} timed out after {timeout.TotalSeconds:0.#} s (timeouts.{step}) and was killed with its child processes: {command}"
        : $"{step} failed with exit code {result.ExitCode}: {command}";

    /// <summary>"; failed: A, B and 3 more" for the one-line message, or nothing when no failure was recognised.</summary>
    private static string Names(IReadOnlyList<FailedTestRecord> tests) => tests.Count == 0
        ? string.Empty
        : $"; failed: {string.Join(", ", tests.Take(3).Select(t => t.Test))}" + (tests.Count > 3 ? $" and {tests.Count - 3} more" : string.Empty);

    private Task StepAsync(string service, string runId, string step, StepResult result)
    {
        LogStep(logger, runId, step, result.Duration.TotalSeconds);
        return journal.AppendAsync(new PipelineStepCompleted(service, runId, step, result.ExitCode, result.Duration.TotalSeconds, true, vault.Masker(service).Apply(result.LogTail)), CancellationToken.None);
    }

    private Task<bool> FailAsync(string service, string runId, string commit, string step, int exitCode, string message, string tail, long started) =>
        FailAsync(service, runId, commit, step, exitCode, message, tail, new StepResult(exitCode, time.GetElapsedTime(started), false, tail));

    private async Task<bool> FailAsync(
        string service, string runId, string commit, string step, int exitCode, string message, string tail, StepResult result,
        IReadOnlyList<FailedTestRecord>? failedTests = null)
    {
        // Whatever a step printed reaches the journal masked, like its log file.
        var masker = vault.Masker(service);
        message = masker.Apply(message);
        tail = masker.Apply(tail);
        var tests = failedTests is { Count: > 0 } ? failedTests.Select(t => new FailedTestRecord(masker.Apply(t.Test), masker.Apply(t.Message))).ToList() : null;
        await journal.AppendAsync(
            [
                new PipelineStepCompleted(service, runId, step, exitCode, result.Duration.TotalSeconds, false, tail),
                new PipelineFailed(service, runId, commit, step, exitCode, message, tail, tests),
            ],
            CancellationToken.None);
        LogFailed(logger, runId, step, message);
        return false;
    }

    /// <summary>
    /// Reads slipway.yml, but never more than a little past <see cref="ConfigLimits.MaxFileBytes"/>: the parser then
    /// reports the size limit, and a huge file in a commit never fills the server's memory.
    /// </summary>
    private static async Task<string> ReadConfigAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var buffer = new byte[ConfigLimits.MaxFileBytes + 4];
        var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(buffer, 0, read).TrimStart('\uFEFF');
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Pipeline {RunId} for {Service}@{Commit} started")]
    private static partial void LogStarted(ILogger logger, string runId, string service, string commit);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Pipeline {RunId} packaged sha256:{Digest}")]
    private static partial void LogSucceeded(ILogger logger, string runId, string digest);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Pipeline {RunId}: {Step} ok in {Seconds:0.0} s")]
    private static partial void LogStep(ILogger logger, string runId, string step, double seconds);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Pipeline {RunId} failed at {Step}: {Message}")]
    private static partial void LogFailed(ILogger logger, string runId, string step, string message);
}
