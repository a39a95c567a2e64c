using Slipway.Core.Config;
using Slipway.Server.Migrations;

namespace Slipway.Server.Tests.Migrations;

/// <summary><see cref="EfMigrationGateCompliance"/> on a SQLite file in a temporary folder.</summary>
public sealed class SqliteEfMigrationGateTests(EfTodoFixture fixture) : EfMigrationGateCompliance(fixture), IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "slipway-ef-" + Guid.NewGuid().ToString("N"));

    protected override MigrationDatabase Kind => MigrationDatabase.Sqlite;

    protected override Task<string> CreateDatabaseAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.FromResult(Path.Combine(_folder, "production.db"));
    }

    protected override Task<IReadOnlyList<string>> ColumnsAsync(string connection, string table) =>
        QueryAsync(connection, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");

    protected override Task<IReadOnlyList<string>> EfHistoryAsync(string connection) =>
        QueryAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId");

    private static async Task<IReadOnlyList<string>> QueryAsync(string connection, string sql)
    {
        await using var db = await SqliteMigrationDatabase.OpenAsync(SqliteMigrationDatabase.ConnectionString(connection), Ct);
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
