using Microsoft.Extensions.Time.Testing;
using Slipway.Core.Config;
using Slipway.Core.Migrations;
using Slipway.Server.Migrations;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// One compliance suite for the migration gate and the migrate step's database side, inherited once per database:
/// SQLite (always) and PostgreSQL (when SLIPWAY_TEST_POSTGRES is set). Every test starts from a real "production"
/// database with a users table, runs the real gate on a real scratch copy, or applies for real.
/// </summary>
public abstract class MigrationGateCompliance : IAsyncLifetime
{
    protected const string Production = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, total INTEGER);
        CREATE VIEW user_names AS SELECT id, name FROM users;
        """;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));

    protected abstract MigrationDatabase Kind { get; }

    /// <summary>A new, empty production database; returns its connection string (the service secret's value).</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract Task ExecuteAsync(string connection, string sql);

    protected abstract Task<long> CountAsync(string connection, string sql);

    /// <summary>A statement that changes users.name's type in this database's way.</summary>
    protected abstract string ChangeNameType { get; }

    protected string Connection { get; private set; } = "";

    public virtual async ValueTask InitializeAsync()
    {
        Connection = await CreateDatabaseAsync();
        await ExecuteAsync(Connection, Production);
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IMigrationDatabase Database() => MigrationDatabases.Open(Kind, Connection, Time);

    protected async Task<IReadOnlyList<MigrationFinding>> GateAsync(params (string Name, string Sql)[] files)
    {
        var all = files.Select(f => MigrationFile.Create(f.Name, f.Sql)).ToList();
        await using var scratch = await Database().CreateScratchAsync(Ct);
        return await MigrationGate.CheckAsync(scratch, all.Where(f => f.Phase == MigrationPhase.Expand).ToList(), all.Where(f => f.Phase == MigrationPhase.Contract).ToList(), Kind, Ct);
    }

    protected static MigrationFinding Single(IReadOnlyList<MigrationFinding> findings, string rule)
    {
        Assert.True(findings.Any(f => f.Rule == rule), $"expected {rule}, got: {string.Join("; ", findings)}");
        return findings.First(f => f.Rule == rule);
    }

    [Fact]
    public async Task An_expand_that_only_adds_passes_the_gate_with_no_finding()
    {
        var findings = await GateAsync(("001_expand.sql", """
            ALTER TABLE users ADD COLUMN nickname TEXT;
            ALTER TABLE users ADD COLUMN score INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT NOT NULL);
            CREATE INDEX audit_what ON audit (what);
            """));

        Assert.Empty(findings);
    }

    [Fact]
    public async Task Renaming_a_column_is_found_at_its_file_and_line_with_the_expand_rewrite()
    {
        var findings = await GateAsync(("002_rename.sql", "-- people prefer full names\n\nALTER TABLE users RENAME COLUMN name TO full_name;\n"));

        var finding = Single(findings, MigrationRules.RenamingColumn);
        Assert.Equal("002_rename.sql", finding.File);
        Assert.Equal(3, finding.Line);
        Assert.Contains("users.name", finding.Breaks, StringComparison.Ordinal);
        Assert.Contains("add the new column, write both, backfill", finding.Rewrite, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rename_spelled_as_add_copy_drop_is_still_a_rename()
    {
        var findings = await GateAsync(("002_rename.sql", """
            ALTER TABLE users ADD COLUMN full_name TEXT;
            UPDATE users SET full_name = name;
            ALTER TABLE users DROP COLUMN email;
            """));

        var finding = Single(findings, MigrationRules.RenamingColumn);
        Assert.Equal(3, finding.Line);
        Assert.Contains("users.email", finding.Breaks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dropping_a_column_in_an_expand_is_found()
    {
        var findings = await GateAsync(("003_drop.sql", "ALTER TABLE orders DROP COLUMN total;"));

        var finding = Single(findings, MigrationRules.DroppingColumn);
        Assert.Equal(1, finding.Line);
        Assert.Contains("orders.total", finding.Breaks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_and_dropping_tables_are_found()
    {
        var renamed = await GateAsync(("004.sql", "ALTER TABLE orders RENAME TO purchases;"));
        var dropped = await GateAsync(("005.sql", "DROP VIEW user_names;\nDROP TABLE users;"));

        Assert.Contains("purchases", Single(renamed, MigrationRules.RenamingTable).Breaks, StringComparison.Ordinal);
        Assert.Equal(2, Single(dropped, MigrationRules.DroppingTable).Line);
        Assert.Equal(1, Single(dropped, MigrationRules.ChangingView).Line);
    }

    [Fact]
    public async Task A_not_null_column_without_a_default_is_found()
    {
        var findings = await GateAsync(("006.sql", "ALTER TABLE users ADD COLUMN country TEXT NOT NULL;"));

        Assert.Equal(1, Single(findings, MigrationRules.AddingNotNullWithoutDefault).Line);
    }

    [Fact]
    public async Task Changing_a_column_type_is_found_by_the_catalog()
    {
        var findings = await GateAsync(("007.sql", ChangeNameType));

        Assert.Contains("users.name", Single(findings, MigrationRules.ChangingColumnType).Breaks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_view_is_found()
    {
        var findings = await GateAsync(("008.sql", "DROP VIEW user_names;\nCREATE VIEW user_names AS SELECT id FROM users;"));

        Assert.Contains("user_names", Single(findings, MigrationRules.ChangingView).Breaks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_syntax_error_stops_the_gate_with_file_line_and_the_database_message()
    {
        var findings = await GateAsync(("009.sql", "ALTER TABLE users ADD COLUMN ok TEXT;\n\nALTR TABLE users ADD COLUMN broken TEXT;"));

        var finding = Single(findings, MigrationRules.ApplyFailed);
        Assert.Equal(3, finding.Line);
        Assert.Contains("ALTR", finding.Breaks, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_contract_may_drop_what_it_contracts_when_no_expand_of_this_release_touched_it()
    {
        var findings = await GateAsync(
            ("010_expand.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT);"),
            ("contract/011_drop_total.sql", "ALTER TABLE orders DROP COLUMN total;"));

        Assert.Empty(findings);
    }

    [Fact]
    public async Task A_contract_marked_in_its_header_counts_as_a_contract()
    {
        var file = MigrationFile.Create("011_drop_total.sql", "-- slipway: contract\nALTER TABLE orders DROP COLUMN total;\n");

        Assert.Equal(MigrationPhase.Contract, file.Phase);
        Assert.Empty(await GateAsync(("011_drop_total.sql", file.Sql)));
    }

    [Fact]
    public async Task A_contract_in_the_same_release_as_the_expand_it_follows_is_found()
    {
        var findings = await GateAsync(
            ("012_expand.sql", "ALTER TABLE users ADD COLUMN full_name TEXT;"),
            ("contract/013_contract.sql", "-- the old column goes\nALTER TABLE users DROP COLUMN email;"));

        var finding = Single(findings, MigrationRules.ContractInSameRelease);
        Assert.Equal("contract/013_contract.sql", finding.File);
        Assert.Equal(2, finding.Line);
    }

    [Fact]
    public async Task An_acknowledged_finding_carries_its_reason_and_does_not_block()
    {
        var findings = await GateAsync(("014.sql", "ALTER TABLE orders DROP COLUMN total;"));

        var acknowledged = MigrationStep.Acknowledge(findings, [new MigrationAcknowledgement(MigrationRules.DroppingColumn, "014.sql", "total was never read by any release")]);

        var finding = Assert.Single(acknowledged);
        Assert.False(finding.Blocks);
        Assert.Equal("total was never read by any release", finding.AcknowledgedReason);
    }

    [Fact]
    public async Task The_gate_never_touches_the_production_database()
    {
        await GateAsync(("015.sql", "ALTER TABLE orders DROP COLUMN total;\nCREATE TABLE scratch_only (id INTEGER);"));

        Assert.Equal(0, await CountAsync(Connection, TableExists("scratch_only")));
        Assert.Empty(await Database().AppliedAsync(Ct));
    }

    [Fact]
    public async Task Applying_runs_a_file_once_and_records_its_checksum()
    {
        var file = MigrationFile.Create("016.sql", "ALTER TABLE users ADD COLUMN nickname TEXT;");
        await using (var held = await Database().LockAsync(Ct))
        {
            Assert.True(await held.ApplyAsync(file, "hello-1", Ct));
            Assert.False(await held.ApplyAsync(file, "hello-2", Ct));
        }

        var applied = Assert.Single(await Database().AppliedAsync(Ct));
        Assert.Equal(("016.sql", file.Checksum, "expand", "hello-1"), (applied.File, applied.Checksum, applied.Phase, applied.RunId));
    }

    [Fact]
    public async Task A_file_changed_after_it_ran_is_refused()
    {
        await using var held = await Database().LockAsync(Ct);
        await held.ApplyAsync(MigrationFile.Create("017.sql", "ALTER TABLE users ADD COLUMN a TEXT;"), "hello-1", Ct);

        var error = await Assert.ThrowsAsync<MigrationException>(() => held.ApplyAsync(MigrationFile.Create("017.sql", "ALTER TABLE users ADD COLUMN b TEXT;"), "hello-2", Ct));

        Assert.Contains("another checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_fails_half_way_leaves_nothing_applied()
    {
        var file = MigrationFile.Create("018.sql", "CREATE TABLE half (id INTEGER);\nALTER TABLE users ADD COLUMN x TEXT;\nALTER TABLE nowhere ADD COLUMN y TEXT;");
        await using var held = await Database().LockAsync(Ct);

        var error = await Assert.ThrowsAsync<MigrationException>(() => held.ApplyAsync(file, "hello-1", Ct));

        Assert.StartsWith("018.sql:3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing of it was applied", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(Connection, TableExists("half")));
        Assert.Empty(await Database().AppliedAsync(Ct));
    }

    [Fact]
    public async Task Two_runs_that_migrate_at_once_apply_each_file_exactly_once()
    {
        var file = MigrationFile.Create("019.sql", "CREATE TABLE once (id INTEGER);\nINSERT INTO once (id) VALUES (1);");

        async Task<bool> RunAsync(string runId)
        {
            await using var held = await Database().LockAsync(Ct);
            return await held.ApplyAsync(file, runId, Ct);
        }

        var results = await Task.WhenAll(Task.Run(() => RunAsync("hello-1")), Task.Run(() => RunAsync("hello-2")));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(1, await CountAsync(Connection, "SELECT count(*) FROM once"));
    }

    protected abstract string TableExists(string table);
}
