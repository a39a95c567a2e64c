using System.Globalization;
using Microsoft.Data.Sqlite;
using Slipway.Core.Migrations;

namespace Slipway.Server.Migrations;

/// <summary>
/// Migrations on a SQLite file. The lock is SQLite's own write lock: each file runs inside <c>BEGIN IMMEDIATE</c>, which
/// no second writer can enter, and the applied table is read again inside it, so two runs never apply a file twice.
/// The scratch database is a temporary file with the same schema (every <c>sqlite_schema</c> entry, no rows).
/// </summary>
internal sealed class SqliteMigrationDatabase(string connection, TimeProvider time) : IMigrationDatabase
{
    public const string AppliedTable = "slipway_migrations";

    /// <summary>The secret is a file path or a full connection string (<c>Data Source=…</c>).</summary>
    private readonly string _connectionString = ConnectionString(connection);

    internal static string ConnectionString(string secret)
    {
        var builder = secret.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(secret)
            : new SqliteConnectionStringBuilder { DataSource = secret };
        builder.Pooling = false;
        builder.DefaultTimeout = 30;
        return builder.ConnectionString;
    }

    public async Task<IReadOnlyList<AppliedMigration>> AppliedAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(_connectionString, cancellationToken);
        return await ReadAppliedAsync(db, null, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> EfHistoryAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(_connectionString, cancellationToken);
        await using var exists = db.CreateCommand();
        exists.CommandText = $"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '{MigrationFile.EfHistoryTable}'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            return [];
        }

        await using var read = db.CreateCommand();
        read.CommandText = $"SELECT \"MigrationId\" FROM \"{MigrationFile.EfHistoryTable}\" ORDER BY \"MigrationId\" LIMIT {MigrationFolder.MaxFiles + 1}";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public Task<IMigrationLock> LockAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IMigrationLock>(new FileLock(this));

    public async Task<IScratchDatabase> CreateScratchAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"slipway-scratch-{Guid.NewGuid():N}.db");
        var scratch = new Scratch(path, new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        try
        {
            await using var source = await OpenAsync(_connectionString, cancellationToken);
            var schema = new List<(string Type, string Sql)>();
            await using (var read = source.CreateCommand())
            {
                read.CommandText = "SELECT type, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid";
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    schema.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            await using var target = await OpenAsync(scratch.ConnectionString, cancellationToken);
            foreach (var (_, sql) in schema)
            {
                await using var create = target.CreateCommand();
                create.CommandText = sql;
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            return scratch;
        }
        catch
        {
            await scratch.DisposeAsync();
            throw;
        }
    }

    internal static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var db = new SqliteConnection(connectionString);
        try
        {
            await db.OpenAsync(cancellationToken);
            await using var pragma = db.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return db;
        }
        catch (SqliteException ex)
        {
            await db.DisposeAsync();
            throw new MigrationException($"cannot open the SQLite database: {ex.Message}", ex);
        }
    }

    private static async Task<IReadOnlyList<AppliedMigration>> ReadAppliedAsync(SqliteConnection db, SqliteTransaction? tx, CancellationToken cancellationToken)
    {
        await using var exists = db.CreateCommand();
        exists.Transaction = tx;
        exists.CommandText = $"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '{AppliedTable}'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            return [];
        }

        await using var read = db.CreateCommand();
        read.Transaction = tx;
        read.CommandText = $"SELECT file, checksum, phase, run_id, applied_at FROM {AppliedTable} ORDER BY file";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var applied = new List<AppliedMigration>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(new AppliedMigration(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return applied;
    }

    private sealed class FileLock(SqliteMigrationDatabase owner) : IMigrationLock
    {
        public async Task<bool> ApplyAsync(MigrationFile file, string runId, CancellationToken cancellationToken)
        {
            await using var db = await OpenAsync(owner._connectionString, cancellationToken);
            await using var tx = db.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock, held until commit
            await using (var create = db.CreateCommand())
            {
                create.Transaction = tx;
                create.CommandText = $"CREATE TABLE IF NOT EXISTS {AppliedTable} (file TEXT PRIMARY KEY, checksum TEXT NOT NULL, phase TEXT NOT NULL, run_id TEXT NOT NULL, applied_at TEXT NOT NULL)";
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var done = (await ReadAppliedAsync(db, tx, cancellationToken)).FirstOrDefault(a => a.File == file.Name);
            if (done is not null)
            {
                if (done.Checksum != file.Checksum)
                {
                    throw new MigrationException($"{file.Name} was applied by run {done.RunId} with another checksum: a migration that ran is never changed; add a new file instead");
                }

                return false;
            }

            foreach (var statement in file.Statements())
            {
                MigrationText.RefuseTransactionControl(file, statement);
                await using var command = db.CreateCommand();
                command.Transaction = tx;
                command.CommandText = statement.Text;
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (SqliteException ex)
                {
                    throw new MigrationException($"{file.Name}:{statement.Line}: {ex.Message} (the file's transaction was rolled back: nothing of it was applied)", ex);
                }
            }

            await using (var record = db.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = $"INSERT INTO {AppliedTable} (file, checksum, phase, run_id, applied_at) VALUES ($file, $checksum, $phase, $run, $at)";
                record.Parameters.AddWithValue("$file", file.Name);
                record.Parameters.AddWithValue("$checksum", file.Checksum);
                record.Parameters.AddWithValue("$phase", MigrationText.Phase(file.Phase));
                record.Parameters.AddWithValue("$run", runId);
                record.Parameters.AddWithValue("$at", owner.Now());
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            return true;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private string Now() => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private sealed class Scratch(string path, string connectionString) : IScratchDatabase
    {
        private SqliteConnection? _db;

        public string ConnectionString => connectionString;

        public async Task<SchemaCatalog> SnapshotAsync(CancellationToken cancellationToken)
        {
            var db = await ConnectionAsync(cancellationToken);
            var objects = new List<(string Type, string Name, string Table, string? Sql)>();
            await using (var read = db.CreateCommand())
            {
                read.CommandText = $"SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND tbl_name <> '{AppliedTable}'";
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    objects.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
                }
            }

            var tables = new Dictionary<string, CatalogTable>(StringComparer.Ordinal);
            var constraints = new Dictionary<string, CatalogConstraint>(StringComparer.Ordinal);
            var indexes = new Dictionary<string, CatalogIndex>(StringComparer.Ordinal);
            var views = new Dictionary<string, string>(StringComparer.Ordinal);
            var functions = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (type, name, table, sql) in objects)
            {
                switch (type)
                {
                    case "table":
                        tables[name] = new CatalogTable(name, await ColumnsAsync(db, name, cancellationToken), null);
                        foreach (var fk in await ForeignKeysAsync(db, name, cancellationToken))
                        {
                            constraints[$"{name}.{fk.Name}"] = fk;
                        }

                        break;
                    case "index":
                        indexes[name] = new CatalogIndex(table, name, sql ?? "(automatic)");
                        break;
                    case "view":
                        views[name] = sql ?? "";
                        break;
                    case "trigger":
                        functions["trigger " + name] = sql ?? "";
                        break;
                }
            }

            return new SchemaCatalog(tables, constraints, indexes, views, functions);
        }

        public async Task<StatementOutcome> ExecuteAsync(SqlStatement statement, CancellationToken cancellationToken)
        {
            var db = await ConnectionAsync(cancellationToken);
            await using var command = db.CreateCommand();
            command.CommandText = statement.Text;
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
                return StatementOutcome.Ok;
            }
            catch (SqliteException ex)
            {
                // SQLite itself refuses a NOT NULL column without a default: that is the rule, answered by the database.
                var rule = ex.Message.Contains("NOT NULL column with default value NULL", StringComparison.OrdinalIgnoreCase)
                    ? MigrationRules.AddingNotNullWithoutDefault
                    : null;
                return new StatementOutcome(ex.Message, [], rule);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_db is not null)
            {
                await _db.DisposeAsync();
            }

            foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                }
            }
        }

        private async Task<SqliteConnection> ConnectionAsync(CancellationToken cancellationToken) =>
            _db ??= await OpenAsync(connectionString, cancellationToken);

        private static async Task<IReadOnlyList<CatalogColumn>> ColumnsAsync(SqliteConnection db, string table, CancellationToken cancellationToken)
        {
            await using var read = db.CreateCommand();
            read.CommandText = "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($t) ORDER BY cid";
            read.Parameters.AddWithValue("$t", table);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            var columns = new List<CatalogColumn>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var primary = reader.GetInt64(4) > 0;
                columns.Add(new CatalogColumn(reader.GetString(0), reader.GetString(1).ToLowerInvariant(), reader.GetInt64(2) != 0, !reader.IsDBNull(3) || primary));
            }

            return columns;
        }

        private static async Task<IReadOnlyList<CatalogConstraint>> ForeignKeysAsync(SqliteConnection db, string table, CancellationToken cancellationToken)
        {
            await using var read = db.CreateCommand();
            read.CommandText = "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list($t) ORDER BY id, seq";
            read.Parameters.AddWithValue("$t", table);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            var keys = new List<CatalogConstraint>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = $"fk{reader.GetInt64(0)}_{reader.GetString(2)}";
                keys.Add(new CatalogConstraint(table, name, 'f', true, $"FOREIGN KEY ({reader.GetString(2)}) REFERENCES {reader.GetString(1)}({(reader.IsDBNull(3) ? "" : reader.GetString(3))})"));
            }

            return keys;
        }
    }
}
