using Npgsql;
using Slipway.Core.Config;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// <see cref="EfMigrationGateCompliance"/> on a real PostgreSQL server (SLIPWAY_TEST_POSTGRES; .ci/run sets it up), in a
/// new database per test, with Npgsql's own script. Skipped where no server is configured.
/// </summary>
public sealed class PostgresEfMigrationGateTests(EfTodoFixture fixture) : EfMigrationGateCompliance(fixture), IAsyncDisposable
{
    private const string Variable = "SLIPWAY_TEST_POSTGRES";
    private readonly string _name = "slipway_eftest_" + Guid.NewGuid().ToString("N");
    private string? _admin;

    protected override MigrationDatabase Kind => MigrationDatabase.Postgres;

    protected override async Task<string> CreateDatabaseAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            Assert.Skip($"PostgreSQL not available: set {Variable}");
        }

        await using (var db = new NpgsqlConnection(admin))
        {
            await db.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", db);
            await create.ExecuteNonQueryAsync(Ct);
        }

        _admin = admin;
        return new NpgsqlConnectionStringBuilder(admin) { Database = _name }.ConnectionString;
    }

    protected override Task<IReadOnlyList<string>> ColumnsAsync(string connection, string table) =>
        QueryAsync(connection, $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position");

    protected override Task<IReadOnlyList<string>> EfHistoryAsync(string connection) =>
        QueryAsync(connection, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"");

    private static async Task<IReadOnlyList<string>> QueryAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var db = new NpgsqlConnection(_admin);
        await db.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", db);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
