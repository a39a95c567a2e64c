using Npgsql;

namespace Slipway.Server.Tests.Migrations;

/// <summary>
/// A database of a test's own on the test PostgreSQL server (SLIPWAY_TEST_POSTGRES; .ci/run sets it up), dropped on
/// dispose. Creating it skips the test, by name, where no server is configured.
/// </summary>
internal sealed class ScratchPostgres : IAsyncDisposable
{
    public const string Variable = "SLIPWAY_TEST_POSTGRES";

    private readonly string _admin;
    private readonly string _name;

    private ScratchPostgres(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    /// <summary>Creates the database <paramref name="prefix"/> plus a new guid.</summary>
    public static async Task<ScratchPostgres> CreateAsync(string prefix, CancellationToken ct)
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            Assert.Skip($"PostgreSQL not available: set {Variable}");
        }

        var name = prefix + Guid.NewGuid().ToString("N");
        await using var db = new NpgsqlConnection(admin);
        await db.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", db);
        await create.ExecuteNonQueryAsync(ct);
        return new ScratchPostgres(admin, name);
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns, as text.</summary>
    public static async Task<IReadOnlyList<string>> QueryAsync(string connection, string sql, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var db = new NpgsqlConnection(_admin);
        await db.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", db);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
