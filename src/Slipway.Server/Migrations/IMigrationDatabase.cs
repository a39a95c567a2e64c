using Slipway.Core.Migrations;

namespace Slipway.Server.Migrations;

/// <summary>
/// The database a service's migrations run on (SQLite or PostgreSQL). Applying holds a lock so that two runs never
/// migrate at once, runs each file in a transaction and records it with its checksum in <c>slipway_migrations</c>.
/// </summary>
internal interface IMigrationDatabase
{
    /// <summary>The files that already ran, from the database's own <c>slipway_migrations</c> table (empty if it has none).</summary>
    Task<IReadOnlyList<AppliedMigration>> AppliedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The migration ids in EF Core's own <c>__EFMigrationsHistory</c> (empty if it has none), bounded: with
    /// <c>migrations.ef</c>, a migration EF already ran (the app migrated itself before Slipway did) is not run again.
    /// </summary>
    Task<IReadOnlyList<string>> EfHistoryAsync(CancellationToken cancellationToken);

    /// <summary>Holds the migration lock (advisory lock on PostgreSQL, the write lock on SQLite) until disposed.</summary>
    Task<IMigrationLock> LockAsync(CancellationToken cancellationToken);

    /// <summary>A throwaway database with this one's schema, for the gate; dropped when disposed.</summary>
    Task<IScratchDatabase> CreateScratchAsync(CancellationToken cancellationToken);
}

/// <summary>The migration lock, held: files are applied through it, each in its own transaction.</summary>
internal interface IMigrationLock : IAsyncDisposable
{
    /// <summary>
    /// Applies <paramref name="file"/> and records it, in one transaction; returns false when another run recorded it
    /// first (same checksum). Throws <see cref="MigrationException"/> naming the file and line of a failed statement.
    /// </summary>
    Task<bool> ApplyAsync(MigrationFile file, string runId, CancellationToken cancellationToken);
}

/// <summary>A scratch copy of the production schema: the gate runs the pending migrations on it and reads its catalog.</summary>
internal interface IScratchDatabase : IAsyncDisposable
{
    /// <summary>A connection string for the scratch database, handed to the running release for its self-test.</summary>
    string ConnectionString { get; }

    Task<SchemaCatalog> SnapshotAsync(CancellationToken cancellationToken);

    Task<StatementOutcome> ExecuteAsync(SqlStatement statement, CancellationToken cancellationToken);
}
