using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Slipway.Agent.Protocol;
using Slipway.Core.Config;
using Slipway.Core.Migrations;
using Slipway.Core.Net;
using Slipway.Core.Sandbox;
using Slipway.Core.Services;
using Slipway.Server.Auth;
using Slipway.Server.Hosting;
using Slipway.Server.Pipelines;
using Slipway.Server.Processes;
using Slipway.Server.Secrets;

namespace Slipway.Server.Migrations;

/// <summary>
/// The gate's third check: old code on the new schema. The release that runs in production now is started from its own
/// artifact with its own run command and environment, the same as an instance, except that the service's connection
/// secret (<c>migrations.secret</c>) points at the scratch database with the pending expands applied. Its self-test must
/// answer 2xx, and its database tests (<c>migrations.tests</c> of the production release's slipway.yml, run in a checkout
/// of that commit, with the same secret and <c>SLIPWAY_OLD_URL</c>) must pass. A failure is an <c>old-code-fails</c>
/// finding whose evidence is the self-test's answer and the instance's output tail, or the tests' output tail.
/// Like every instance of the service, it gets the service's flag SDK key (<c>SLIPWAY_SDK_KEY</c>), so its SDK streams
/// flags instead of filling the evidence with 401s; the key is masked in that evidence.
/// </summary>
internal sealed class OldCodeCheck(ArtifactStore artifacts, ServerPaths paths, StepSandbox sandbox, SecretVault vault, TokenStore tokens, TimeProvider time)
{
    private const int MaxBody = 2048;

    /// <summary>The variable the database tests read the old instance's address from.</summary>
    public const string OldUrlVariable = "SLIPWAY_OLD_URL";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The release in production, as the check needs it.</summary>
    public sealed record Production(string Version, string ArtifactDigest, string ConfigYaml);

    /// <summary>The outcome: a finding when the old version fails, and the one line that says what was checked.</summary>
    public sealed record Outcome(MigrationFinding? Finding, string Summary);

    public async Task<Outcome> RunAsync(
        string service, string runId, Production production, MigrationsConfig migrations, IScratchDatabase scratch, string blameFile,
        CancellationToken cancellationToken)
    {
        var label = $"{service}@{Short(production.Version)}";
        if (SlipwayConfigParser.Parse(production.ConfigYaml).Config is not { } config)
        {
            return new Outcome(null, $"old code not checked: the slipway.yml of {label} no longer parses");
        }

        if (!artifacts.Exists(production.ArtifactDigest))
        {
            return new Outcome(null, $"old code not checked: the artifact of {label} is no longer kept");
        }

        var folder = Path.Combine(paths.Workspaces, $"{runId}-old-code");
        var sdkKey = tokens.InstanceSdkKey(service);
        var masker = new SecretMasker([.. vault.Values(service).Values, sdkKey]);
        try
        {
            Directory.CreateDirectory(folder);
            var app = Path.Combine(folder, "app");
            await UnpackAsync(production.ArtifactDigest, app, cancellationToken);
            var home = Path.Combine(folder, "home");
            Directory.CreateDirectory(home);
            var connection = ScratchValue(migrations, scratch);
            ShareScratch(migrations, connection);
            sandbox.User?.Own(folder);

            // The old release's own secret name, if it declared one; else the one this release uses.
            var secretName = config.Migrations?.Secret ?? migrations.Secret;
            var port = Ports.FindFree();
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in StepEnvironment.Base(home))
            {
                environment[key] = value;
            }

            foreach (var (key, value) in config.Env)
            {
                environment[key] = value;
            }

            foreach (var (key, value) in vault.Values(service))
            {
                environment[key] = value;
            }

            environment[Rollouts.RolloutDriver.SdkKeyVariable] = sdkKey;
            environment[secretName] = connection;
            environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
            environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            environment["SLIPWAY_SERVICE"] = service;
            environment["SLIPWAY_VERSION"] = production.Version;
            environment["SLIPWAY_INSTANCE_ID"] = $"{service}-old-code-check";
            environment["SLIPWAY_ADDRESS"] = "127.0.0.1";

            var output = new ConcurrentQueue<string>();
            void Line(string line)
            {
                output.Enqueue(masker.Apply(line));
                while (output.Count > OutputTail.MaxLines * 4 && output.TryDequeue(out _))
                {
                }
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var process = Task.Run(
                () => ExternalProcess.RunAsync("/bin/sh", ["-c", config.RunCommand(port)], app, environment, Line, Line, TimeSpan.FromHours(1), time, stop.Token, cleanEnvironment: true, sandbox.User),
                CancellationToken.None);
            MigrationFinding? finding;
            string summary;
            try
            {
                var selfTest = await SelfTestAsync(port, config.SelfTest, process, cancellationToken);
                if (!selfTest.Passed)
                {
                    var tail = OutputTail.Bound(string.Join('\n', output)) ?? "(no output)";
                    var evidence = $"{label}, the version in production, started on the migrated scratch database ({secretName} pointed at it) and failed its self-test: {selfTest.Reason}"
                        + (selfTest.Body.Length > 0 ? $"; self-test body: {Bound(selfTest.Body)}" : "")
                        + $"; its output ends: {tail}";
                    finding = MigrationRules.Finding(MigrationRules.OldCodeFails, blameFile, 1, masker.Apply(evidence), "old-code");
                    return new Outcome(finding, $"old code failed: {label} self-test {selfTest.Reason}");
                }

                summary = $"old code passed: {label} answered its self-test {config.SelfTest.Path} on the migrated schema";
                if (config.Migrations?.Tests is { } tests)
                {
                    var result = await DatabaseTestsAsync(service, runId, production, config, tests, secretName, connection, port, folder, masker, cancellationToken);
                    if (!result.Succeeded)
                    {
                        var evidence = $"{label}, the version in production, failed its database tests (migrations.tests: {tests}) on the migrated scratch database"
                            + $" with exit code {result.ExitCode}{(result.TimedOut ? " (timed out)" : "")}; their output ends: {result.LogTail}";
                        finding = MigrationRules.Finding(MigrationRules.OldCodeFails, blameFile, 1, masker.Apply(evidence), "old-code");
                        return new Outcome(finding, $"old code failed: {label} database tests exited {result.ExitCode}");
                    }

                    summary += " and passed its database tests";
                }
            }
            finally
            {
                await stop.CancelAsync();
                try
                {
                    await process;
                }
                catch (OperationCanceledException)
                {
                }
            }

            return new Outcome(null, summary);
        }
        finally
        {
            TryDelete(folder);
        }
    }

    private sealed record SelfTest(bool Passed, string Reason, string Body);

    /// <summary>Waits for the port, then GETs the self-test path until it answers 2xx, a definite failure, the process exits, or the timeout.</summary>
    private async Task<SelfTest> SelfTestAsync(int port, SelfTestConfig selfTest, Task<ExternalProcessResult> process, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var reason = "it never started listening";
        var body = string.Empty;
        while (time.GetElapsedTime(started) < selfTest.Timeout)
        {
            if (process.IsCompleted)
            {
                var exit = process.IsCompletedSuccessfully ? process.Result.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown";
                return new SelfTest(false, $"it exited with code {exit} before its self-test passed ({reason})", body);
            }

            if (await Ports.IsListeningAsync(System.Net.IPAddress.Loopback, port, cancellationToken))
            {
                try
                {
                    using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{port}{selfTest.Path}"), cancellationToken);
                    body = await response.Content.ReadAsStringAsync(cancellationToken);
                    var status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        return new SelfTest(true, "pass", body);
                    }

                    reason = $"{selfTest.Path} answered {status}";
                    if (status is >= 400 and not 404 and not 429)
                    {
                        return new SelfTest(false, reason, body);
                    }
                }
                catch (HttpRequestException ex)
                {
                    reason = $"{selfTest.Path} unreachable: {ex.Message}";
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    reason = $"{selfTest.Path} did not answer in time";
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        return new SelfTest(false, $"no passing self-test after {selfTest.Timeout.TotalSeconds:0.#} s: {reason}", body);
    }

    /// <summary>The old release's database tests, in a checkout of its commit, against the scratch database and the old instance.</summary>
    private async Task<StepResult> DatabaseTestsAsync(
        string service, string runId, Production production, ServiceConfig config, string tests, string secretName, string connection, int port,
        string folder, SecretMasker masker, CancellationToken cancellationToken)
    {
        var checkout = Path.Combine(folder, "checkout");
        try
        {
            await Git.CheckoutAsync(paths.Mirror(service), production.Version, checkout, cancellationToken);
        }
        catch (GitException ex)
        {
            return new StepResult(1, TimeSpan.Zero, false, $"the checkout of {Short(production.Version)} failed: {ex.Message}");
        }

        sandbox.PrepareWorkspace(checkout);
        var variables = new Dictionary<string, string>(vault.Values(service, config.BuildSecrets), StringComparer.Ordinal)
        {
            [secretName] = connection,
            [OldUrlVariable] = $"http://127.0.0.1:{port}/",
            ["SLIPWAY_COMMIT"] = production.Version,
            ["SLIPWAY_SERVICE"] = service,
        };
        var env = sandbox.Environment(service, variables);
        return await ShellStep.RunAsync(tests, checkout, Path.Combine(paths.Logs, runId, "old-code-tests.log"), config.Timeouts.Test, env, null, time, cancellationToken, masker, sandbox.User);
    }

    /// <summary>The scratch database in the shape the secret has: a plain file path for SQLite when the secret is one.</summary>
    private static string ScratchValue(MigrationsConfig migrations, IScratchDatabase scratch) =>
        migrations.Database == MigrationDatabase.Sqlite
            ? new SqliteConnectionStringBuilder(scratch.ConnectionString).DataSource
            : scratch.ConnectionString;

    /// <summary>A run-as user must be able to open and write the scratch SQLite file (a throwaway copy of the schema only).</summary>
    private void ShareScratch(MigrationsConfig migrations, string path)
    {
        if (migrations.Database == MigrationDatabase.Sqlite && sandbox.User is not null && File.Exists(path) && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        }
    }

    private async Task UnpackAsync(string digest, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        await using var file = File.OpenRead(artifacts.PathOf(digest));
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await TarFile.ExtractToDirectoryAsync(gzip, target, overwriteFiles: false, cancellationToken);
    }

    private static string Bound(string text)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length > MaxBody ? text[..MaxBody] + "…" : text;
    }

    private static string Short(string version) => version[..Math.Min(7, version.Length)];

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
