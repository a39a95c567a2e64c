namespace Slipway.Core.Services;

/// <summary>Where a contract migration is: waiting for its release, applied, failed, or no longer this release's to run.</summary>
public enum ContractState
{
    /// <summary>Waits until its release is promoted and its watch window has passed (or a person acknowledged it).</summary>
    Waiting,

    Applied,

    /// <summary>It did not apply; it stays pending until a person acknowledges it again or a newer release carries it.</summary>
    Failed,

    /// <summary>A newer release carries it (or started before it could run): that release's entry waits instead.</summary>
    Superseded,

    /// <summary>Its release was rolled back: the code that no longer uses the old shape is not running, so it never runs for it.</summary>
    Dropped,
}

/// <summary>
/// A contract migration of one release, projected from the journal: <c>ContractMigrationsWaiting</c> makes it, the
/// release's rollout and watch window move it, <c>MigrationApplied</c> or <c>ContractMigrationFailed</c> end it. It runs
/// only when <see cref="Ready"/>: its release was promoted (no older instance is left) and the watch window, which could
/// bring an older version back, has passed; or a person acknowledged it after the promotion.
/// </summary>
public sealed record ContractMigration(string RunId, string Version, string File, string Checksum, string Sql)
{
    public ContractState State { get; init; } = ContractState.Waiting;

    /// <summary>The release was promoted.</summary>
    public bool Promoted { get; init; }

    /// <summary>Its rollout has a watch window to wait for (a previous version it could go back to, and a window above zero).</summary>
    public bool WatchRequired { get; init; } = true;

    public bool Watched { get; init; }

    public string? AcknowledgedBy { get; init; }

    public string? AcknowledgedReason { get; init; }

    /// <summary>Why it failed, or what superseded or dropped it.</summary>
    public string? Note { get; init; }

    public bool Ready => State == ContractState.Waiting && Promoted && (Watched || !WatchRequired || AcknowledgedBy is not null);

    /// <summary>What it waits for, in words, while it waits.</summary>
    public string WaitingFor(string service) => State != ContractState.Waiting
        ? Note ?? State.ToString().ToLowerInvariant()
        : Ready ? "ready to run"
        : !Promoted ? $"waits until {service}@{Short(Version)} is promoted"
        : $"waits for the watch window of {service}@{Short(Version)}";

    private static string Short(string version) => version[..Math.Min(7, version.Length)];
}
