namespace Slipway.Core.Migrations;

/// <summary>
/// The gate's rules: each name, what it breaks for the version that is still running, and the expand/contract rewrite.
/// docs/migrations.md explains each; the gate decides most of them from the database's own catalog, not from the text.
/// </summary>
public static class MigrationRules
{
    public const string RenamingColumn = "renaming-column";
    public const string RenamingTable = "renaming-table";
    public const string DroppingColumn = "dropping-column";
    public const string DroppingTable = "dropping-table";
    public const string AddingNotNullWithoutDefault = "adding-not-null-without-default";
    public const string SettingNotNull = "setting-not-null";
    public const string ChangingColumnType = "changing-column-type";
    public const string ConstraintWithoutNotValid = "constraint-without-not-valid";
    public const string AddingUniqueConstraint = "adding-unique-constraint";
    public const string IndexWithoutConcurrently = "index-without-concurrently";
    public const string LongLockingAlter = "long-locking-alter";
    public const string ChangingView = "changing-view";
    public const string ChangingFunction = "changing-function";
    public const string ContractInSameRelease = "contract-in-same-release";
    public const string ApplyFailed = "apply-failed";
    public const string OldCodeFails = "old-code-fails";

    public sealed record Rule(string Name, string Breaks, string Rewrite);

    public static readonly IReadOnlyList<Rule> All =
    [
        new(RenamingColumn,
            "the running version still reads and writes the old column name; its queries fail the moment this runs, and a rollback of the code cannot read the new name.",
            "expand: add the new column, write both, backfill in batches; contract (a later release): drop the old column."),
        new(RenamingTable,
            "the running version still queries the old table name and fails at once; a rollback of the code cannot find it either.",
            "expand: create the new table (or a view with the old name over it), write both, backfill; contract later: drop the old one."),
        new(DroppingColumn,
            "the running version may still select or insert the column; its queries fail, and a rollback needs the column back.",
            "stop using the column in one release, then drop it in a contract migration (contract/ folder or -- slipway: contract)."),
        new(DroppingTable,
            "the running version may still use the table; its queries fail, and a rollback needs the table back.",
            "stop using the table in one release, then drop it in a contract migration."),
        new(AddingNotNullWithoutDefault,
            "inserts of the running version do not name the new column and fail with a NOT NULL violation (and existing rows have no value).",
            "add the column nullable or with a DEFAULT; backfill; add the NOT NULL in a contract migration once every writer sets it."),
        new(SettingNotNull,
            "inserts of the running version that leave the column out fail, and the check scans the whole table under an exclusive lock.",
            "ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT, then SET NOT NULL in a contract migration."),
        new(ChangingColumnType,
            "the running version reads and writes the old type (a narrowed type rejects its values), and the table is rewritten under an exclusive lock.",
            "expand: add a column of the new type, write both, backfill; contract later: drop the old column."),
        new(ConstraintWithoutNotValid,
            "the constraint is checked against every existing row under a lock that blocks writes of the running version for the whole scan.",
            "ADD CONSTRAINT ... NOT VALID (new rows only, brief lock), then VALIDATE CONSTRAINT in a later migration (no write lock)."),
        new(AddingUniqueConstraint,
            "building the unique index behind the constraint blocks every write of the running version until it is done.",
            "CREATE UNIQUE INDEX CONCURRENTLY, then ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX."),
        new(IndexWithoutConcurrently,
            "CREATE INDEX without CONCURRENTLY blocks every write to the table of the running version until the index is built.",
            "CREATE INDEX CONCURRENTLY (in its own file: it cannot run inside a transaction)."),
        new(LongLockingAlter,
            "the ALTER rewrites the whole table under an ACCESS EXCLUSIVE lock: reads and writes of the running version wait until it is done.",
            "add a new column or table instead and backfill it in batches; keep each statement to a catalog-only change."),
        new(ChangingView,
            "the running version queries the view and expects its old columns and meaning.",
            "create a new view under a new name; drop the old one in a contract migration."),
        new(ChangingFunction,
            "the running version calls the function with its old signature and behaviour.",
            "create a new function under a new name or signature; drop the old one in a contract migration."),
        new(ContractInSameRelease,
            "the contract removes a shape that this same release's expand just replaced: instances of the running version still use it during the rollout.",
            "ship the expand and the code first; put the contract in a later commit, where it waits until that release is promoted and watched."),
        new(ApplyFailed,
            "the migration does not apply on a copy of the production schema; nothing was applied to the real database.",
            "fix the statement and commit again."),
        new(OldCodeFails,
            "the version running in production fails its self-test or its database tests on the migrated schema: it would break the moment this migration runs.",
            "keep the old shape: make the change an expand (add, write both, backfill) and contract later."),
    ];

    public static Rule Get(string name) => All.First(r => r.Name == name);

    public static MigrationFinding Finding(string rule, string file, int line, string detail, string check)
    {
        var r = Get(rule);
        return new MigrationFinding(rule, file, line, $"{detail}: {r.Breaks}", r.Rewrite, check);
    }
}
