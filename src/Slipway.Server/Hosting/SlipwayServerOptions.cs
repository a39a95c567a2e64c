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
    /// When the server runs as root: the unprivileged user (name or uid) that build and test steps run as, through
    /// setpriv. Read from <c>SLIPWAY_RUN_AS</c>; empty runs them as the server's own user (see docs/security.md).
    /// </summary>
    public string? RunAs { get; init; } = Environment.GetEnvironmentVariable("SLIPWAY_RUN_AS");

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

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
