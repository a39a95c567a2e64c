namespace Slipway.Core.Journal;

/// <summary>One finding of the migration gate as journaled; an acknowledged one carries the reason from slipway.yml.</summary>
public sealed record MigrationFindingRecord(string Rule, string File, int Line, string Breaks, string Rewrite, string Check, string? AcknowledgedReason = null);

/// <summary>
/// The migrate step's gate ran on a scratch copy of the production schema: the pending files (expand and contract),
/// what it found, and whether that blocks the run. Acknowledged findings are listed with their reason and do not block.
/// </summary>
public sealed record MigrationGateChecked(
    string Service,
    string RunId,
    string Commit,
    IReadOnlyList<string> Pending,
    IReadOnlyList<MigrationFindingRecord> Findings,
    bool Blocked,
    double Seconds) : SlipwayEvent(Service);

/// <summary>A migration file ran on the service's database in one transaction, recorded there with its checksum.</summary>
public sealed record MigrationApplied(string Service, string RunId, string File, string Phase, string Checksum, double Seconds) : SlipwayEvent(Service);

/// <summary>A contract migration as it waits: its file, checksum and text (bounded), so it can run after the workspace is gone.</summary>
public sealed record PendingContractRecord(string File, string Checksum, string Sql);

/// <summary>
/// The run's release carries contract migrations. They run only after this release (<paramref name="Commit"/>) is
/// promoted and its watch window has passed, when no instance of an older version that used the old shape is left.
/// </summary>
public sealed record ContractMigrationsWaiting(string Service, string RunId, string Commit, IReadOnlyList<PendingContractRecord> Contracts) : SlipwayEvent(Service);

/// <summary>A waiting contract migration could not run after the watch window; it stays pending, with the reason.</summary>
public sealed record ContractMigrationFailed(string Service, string RunId, string File, string Message) : SlipwayEvent(Service);

/// <summary>
/// A person let a waiting contract migration run before its release's watch window passed (or run again after it
/// failed), with the reason; only once that release is promoted, so no instance of an older version is left.
/// </summary>
public sealed record ContractMigrationAcknowledged(string Service, string RunId, string File, string Reason, string By) : SlipwayEvent(Service);
