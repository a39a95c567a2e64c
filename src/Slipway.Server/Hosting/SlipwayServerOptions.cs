using Microsoft.Extensions.Logging;

namespace Slipway.Server.Hosting;

public sealed record SlipwayServerOptions
{
    /// <summary>Where the journal (SQLite), artifacts, logs and repository mirrors live (and, in <c>agent/</c>, the files of an agent composed next to the server).</summary>
    public string DataDirectory { get; init; } = ".slipway";

    /// <summary>The API's address. Port 0 picks a free port.</summary>
    public string Url { get; init; } = "http://127.0.0.1:7400";

    /// <summary>Use PostgreSQL for the journal instead of the embedded SQLite file.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>
    /// The base URL of a Prometheus server (for example <c>http://127.0.0.1:9090/</c>) to read the judge's metrics from,
    /// instead of the agents' own scrapes. Prometheus finds the instances at <c>GET /api/prometheus/v1/targets</c>.
    /// </summary>
    public string? PrometheusUrl { get; init; }

    /// <summary>
    /// Crash tests: kill the server right after the n-th event of a type is journaled (<c>PipelineSucceeded#2</c>).
    /// Read from <c>SLIPWAY_FAULT_CRASH_AFTER</c>; never set it in production.
    /// </summary>
    public string? CrashAfterEvent { get; init; } = Environment.GetEnvironmentVariable("SLIPWAY_FAULT_CRASH_AFTER");

    /// <summary>
    /// How many of each service's newest releases keep their artifacts (at least 1). Artifacts that may still run —
    /// production, a rollout under way, the release a rollback returns to — are always kept.
    /// </summary>
    public int KeepReleases { get; init; } = 10;

    /// <summary>
    /// When the server runs as root: the unprivileged user (name or uid) that build and test steps and instances run as,
    /// through setpriv. Read from <c>SLIPWAY_RUN_AS</c>; empty means <c>nobody</c>, and only <c>root</c> keeps them root
    /// (see docs/security.md).
    /// </summary>
    public string? RunAs { get; init; } = Environment.GetEnvironmentVariable("SLIPWAY_RUN_AS");

    /// <summary>
    /// Where caches shared by the runs of every service live when steps run as another user: its NuGet packages go to
    /// <c>&lt;this&gt;/&lt;user&gt;/nuget-packages</c> (unless the server's environment names NUGET_PACKAGES). Read from
    /// <c>SLIPWAY_CACHE_DIR</c>; <c>/var/cache/slipway</c> by default. It outlives data folders, so a new server's first
    /// build does not restore every package again.
    /// </summary>
    public string CacheDirectory { get; init; } = Environment.GetEnvironmentVariable("SLIPWAY_CACHE_DIR") is { Length: > 0 } cache ? cache : "/var/cache/slipway";

    /// <summary>
    /// Whether a rollout starts the next wave's instances, and self-tests them without traffic, while the current wave
    /// bakes (see <c>RolloutPlanner</c>). On by default. An instance started ahead has the bake's length on top of its
    /// self-test timeout, so a machine slowed by starting a wave more never fails a self-test that the same instance
    /// started at the bake's end would have passed. Off, one wave starts after the other (the speed bench's cold pass).
    /// </summary>
    public bool StartWavesAhead { get; init; } = true;

    /// <summary>
    /// Whether each service builds in its warm workspace (incremental builds). Off, every run starts from a fresh clone
    /// and a clean build, as a plain CI job does: the speed bench's cold pass.
    /// </summary>
    public bool WarmWorkspaces { get; init; } = true;

    /// <summary>
    /// Whether every API call needs a token (<c>Authorization: Bearer</c>). Always on; the auth bench turns it off for its
    /// baseline pass in the same run. Never turn it off in production.
    /// </summary>
    public bool RequireTokens { get; init; } = true;

    /// <summary>
    /// Whether the front door measures every request (the judge's default source). Always on; the front-door bench
    /// turns it off for its baseline pass. With it off, the front-door checks have no data.
    /// </summary>
    public bool FrontDoorRecording { get; init; } = true;

    /// <summary>
    /// Warnings and errors, and at this default level also one line per stage (pipeline steps, waves, bake verdicts,
    /// promotion, rollback) from <see cref="StageLogCategories"/>. Information logs everything else too.
    /// </summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Also receives the server's log (tests read the stage lines from it); the console logger stays.</summary>
    public ILoggerProvider? LogSink { get; init; }

    /// <summary>The loggers whose Information lines are the stage lines, logged at the default level too.</summary>
    public static readonly IReadOnlyList<string> StageLogCategories =
    [
        "Slipway.Server.Pipelines.PipelineRunner",
        "Slipway.Server.Rollouts.RolloutDriver",
    ];

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How often the cohort judge looks at each guarded flag rollout under way.</summary>
    public TimeSpan GuardedLookInterval { get; init; } = TimeSpan.FromSeconds(1);
}
