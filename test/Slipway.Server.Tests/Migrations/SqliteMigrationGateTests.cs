using Microsoft.Data.Sqlite;
using Slipway.Core.Config;
using Slipway.Server.Migrations;

namespace Slipway.Server.Tests.Migrations;

/// <summary>The gate's compliance suite on SQLite files in a temporary folder.</summary>
public sealed class SqliteMigrationGateTests : MigrationGateCompliance
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "slipway-migrations-" + Guid.NewGuid().ToString("N"));

    protected override MigrationDatabase Kind => MigrationDatabase.Sqlite;

    /// <summary>SQLite changes a type by rebuilding the table; the catalog still sees the column's type change.</summary>
    protected override string ChangeNameType => """
        CREATE TABLE users_new (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, email TEXT);
        INSERT INTO users_new SELECT id, name, email FROM users;
        DROP VIEW user_names;
        DROP TABLE users;
        ALTER TABLE users_new RENAME TO users;
        CREATE VIEW user_names AS SELECT id, name FROM users;
        """;

    protected override Task<string> CreateDatabaseAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.FromResult(Path.Combine(_folder, "production.db"));
    }

    protected override async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = await SqliteMigrationDatabase.OpenAsync(SqliteMigrationDatabase.ConnectionString(connection), Ct);
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    protected override async Task<long> CountAsync(string connection, string sql)
    {
        await using var db = await SqliteMigrationDatabase.OpenAsync(SqliteMigrationDatabase.ConnectionString(connection), Ct);
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    protected override string TableExists(string table) => $"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '{table}'";

    [Fact]
    public async Task A_database_that_cannot_be_opened_is_a_clear_error()
    {
        var database = MigrationDatabases.Open(MigrationDatabase.Sqlite, "Data Source=/nonexistent-folder/x.db;Mode=ReadWrite", Time);

        var error = await Assert.ThrowsAsync<MigrationException>(() => database.AppliedAsync(Ct));

        Assert.StartsWith("cannot open the SQLite database", error.Message, StringComparison.Ordinal);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
