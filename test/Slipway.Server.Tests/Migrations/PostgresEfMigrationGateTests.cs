using Npgsql;
using Slipway.Core.Config;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// <see cref="EfMigrationGateCompliance"/> on a real PostgreSQL server (SLIPWAY_TEST_POSTGRES; .ci/run sets it up), in a
/// new database per test, with Npgsql's own script. Skipped where no server is configured.
/// </summary>
public sealed class PostgresEfMigrationGateTests(EfTodoFixture fixture) : EfMigrationGateCompliance(fixture), IAsyncDisposable
{
    private ScratchPostgres? _database;

    protected override MigrationDatabase Kind => MigrationDatabase.Postgres;

    protected override async Task<string> CreateDatabaseAsync()
    {
        _database = await ScratchPostgres.CreateAsync("slipway_eftest_", Ct);
        return _database.ConnectionString;
    }

    protected override Task<IReadOnlyList<string>> ColumnsAsync(string connection, string table) =>
        ScratchPostgres.QueryAsync(connection, $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position", Ct);

    protected override Task<IReadOnlyList<string>> EfHistoryAsync(string connection) =>
        ScratchPostgres.QueryAsync(connection, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"", Ct);

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
