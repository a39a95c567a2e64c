using Npgsql;
using Slipway.Core.Config;
using Slipway.Core.Migrations;
using Slipway.Server.Migrations;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// The gate's compliance suite on a real PostgreSQL server (SLIPWAY_TEST_POSTGRES; .ci/run sets it up), in a new
/// database per test, with the scratch copy made by pg_dump --schema-only. Skipped where no server is configured.
/// Also the rules that only PostgreSQL can answer: how an index was built, NOT VALID, table rewrites, functions.
/// </summary>
public sealed class PostgresMigrationGateTests : MigrationGateCompliance
{
    private ScratchPostgres? _database;

    protected override MigrationDatabase Kind => MigrationDatabase.Postgres;

    protected override string ChangeNameType => """
        DROP VIEW user_names;
        ALTER TABLE users ALTER COLUMN name TYPE varchar(20);
        CREATE VIEW user_names AS SELECT id, name FROM users;
        """;

    protected override async Task<string> CreateDatabaseAsync()
    {
        _database = await ScratchPostgres.CreateAsync("slipway_migtest_", Ct);
        return _database.ConnectionString;
    }

    protected override async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync(Ct);
    }

    protected override async Task<long> CountAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override string TableExists(string table) => $"SELECT count(*) FROM pg_tables WHERE tablename = '{table}'";

    [Fact]
    public async Task An_index_without_concurrently_on_an_existing_table_is_found_and_with_it_is_not()
    {
        var plain = await GateAsync(("020.sql", "CREATE INDEX users_email ON users (email);"));
        var concurrent = await GateAsync(("021.sql", "CREATE INDEX CONCURRENTLY users_email ON users (email);"));

        Assert.Contains("users_email", Single(plain, MigrationRules.IndexWithoutConcurrently).Breaks, StringComparison.Ordinal);
        Assert.Empty(concurrent);
    }

    [Fact]
    public async Task A_foreign_key_without_not_valid_is_found_and_with_it_is_not()
    {
        var validated = await GateAsync(("022.sql", "ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id);"));
        var notValid = await GateAsync(("023.sql", "ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"));

        Assert.Contains("orders_user", Single(validated, MigrationRules.ConstraintWithoutNotValid).Breaks, StringComparison.Ordinal);
        Assert.Empty(notValid);
    }

    [Fact]
    public async Task A_check_constraint_and_set_not_null_are_found()
    {
        var findings = await GateAsync(("024.sql", "ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;"));

        Assert.Equal(1, Single(findings, MigrationRules.ConstraintWithoutNotValid).Line);
        Assert.Equal(2, Single(findings, MigrationRules.SettingNotNull).Line);
    }

    [Fact]
    public async Task A_unique_constraint_on_an_existing_table_is_found()
    {
        var findings = await GateAsync(("025.sql", "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"));

        Single(findings, MigrationRules.AddingUniqueConstraint);
        Assert.DoesNotContain(findings, f => f.Rule == MigrationRules.IndexWithoutConcurrently);
    }

    [Fact]
    public async Task An_alter_that_rewrites_the_table_is_long_locking_and_the_lock_is_the_evidence()
    {
        var findings = await GateAsync(("026.sql", "ALTER TABLE orders ADD COLUMN jitter double precision DEFAULT random();"));

        var finding = Single(findings, MigrationRules.LongLockingAlter);
        Assert.Contains("AccessExclusiveLock", finding.Breaks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_constant_default_is_no_rewrite_and_passes()
    {
        Assert.Empty(await GateAsync(("027.sql", "ALTER TABLE orders ADD COLUMN currency text NOT NULL DEFAULT 'EUR';")));
    }

    [Fact]
    public async Task Changing_a_function_the_running_version_calls_is_found()
    {
        await ExecuteAsync(Connection, "CREATE FUNCTION order_total(o integer) RETURNS integer LANGUAGE sql AS 'SELECT total FROM orders WHERE id = o';");

        var findings = await GateAsync(("028.sql", "CREATE OR REPLACE FUNCTION order_total(o integer) RETURNS integer LANGUAGE sql AS 'SELECT total * 100 FROM orders WHERE id = o';"));

        Assert.Contains("order_total", Single(findings, MigrationRules.ChangingFunction).Breaks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_with_concurrently_runs_outside_a_transaction_and_is_recorded()
    {
        var file = MigrationFile.Create("029.sql", "CREATE INDEX CONCURRENTLY users_email ON users (email);");
        await using (var held = await MigrationDatabases.Open(Kind, Connection, Time).LockAsync(Ct))
        {
            Assert.True(await held.ApplyAsync(file, "hello-1", Ct));
        }

        Assert.Equal(1, await CountAsync(Connection, "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_email'"));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_error_naming_host_and_database()
    {
        var database = MigrationDatabases.Open(MigrationDatabase.Postgres, "Host=127.0.0.1;Port=1;Database=app;Username=u;Password=secret-pw;Timeout=3", Time);

        var error = await Assert.ThrowsAsync<MigrationException>(() => database.AppliedAsync(Ct));

        Assert.StartsWith("cannot reach the PostgreSQL database 'app' at 127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", error.Message, StringComparison.Ordinal);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
