using Npgsql;
using Slipway.Server.Journal;

namespace Slipway.Server.Tests.Journal;

/// <summary>
/// The compliance suite on a real PostgreSQL server (connection string in SLIPWAY_TEST_POSTGRES; .ci/run sets it up),
/// in a fresh schema per test. Skipped where no server is configured.
/// </summary>
public sealed class PostgresJournalStoreTests : JournalStoreCompliance
{
    private const string Variable = "SLIPWAY_TEST_POSTGRES";
    private readonly string _schema = "journal_" + Guid.NewGuid().ToString("N");
    private string? _admin;

    protected override async Task<IJournalStore> OpenStoreAsync()
    {
        if (_admin is null)
        {
            var connection = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(connection))
            {
                Assert.Skip($"PostgreSQL not available: set {Variable}");
            }

            await using var source = NpgsqlDataSource.Create(connection);
            await using var create = source.CreateCommand($"CREATE SCHEMA \"{_schema}\";");
            await create.ExecuteNonQueryAsync(Ct);
            _admin = connection;
        }

        var scoped = new NpgsqlConnectionStringBuilder(_admin) { SearchPath = _schema }.ConnectionString;
        var store = new PostgresJournalStore(scoped);
        await store.InitializeAsync(Ct);
        return store;
    }

    protected override async ValueTask DropAsync()
    {
        if (_admin is null)
        {
            return;
        }

        await using var source = NpgsqlDataSource.Create(_admin);
        await using var drop = source.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE;");
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
