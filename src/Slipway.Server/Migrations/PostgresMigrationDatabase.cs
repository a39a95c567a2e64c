using System.Globalization;
using CliWrap;
using CliWrap.Buffered;
using Npgsql;
using Slipway.Core.Migrations;

namespace Slipway.Server.Migrations;

/// <summary>
/// Migrations on PostgreSQL. Applying holds a session advisory lock, so two runs never migrate at once; each file runs
/// in one transaction (DDL is transactional here) with a lock_timeout, and is recorded with its checksum in the same
/// transaction. A file with <c>CONCURRENTLY</c> cannot run in a transaction: its statements run one by one and a failure
/// names which of them ran. The scratch database is a new database filled from <c>pg_dump --schema-only</c> of the real one.
/// </summary>
internal sealed class PostgresMigrationDatabase(string connectionString, TimeProvider time) : IMigrationDatabase
{
    public const string AppliedTable = "slipway_migrations";

    /// <summary>The advisory lock's key: one per database, shared by every Slipway server that migrates it.</summary>
    private const long LockKey = 0x534C_5057_4D49_4752; // "SLPWMIGR"

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    private readonly NpgsqlConnectionStringBuilder _builder = Builder(connectionString);

    private static NpgsqlConnectionStringBuilder Builder(string connection)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connection) { Pooling = false, Timeout = 10, CommandTimeout = 300 };
        }
        catch (ArgumentException ex)
        {
            throw new MigrationException($"the connection string is not a PostgreSQL connection string (Host=…;Database=…;Username=…): {ex.Message}");
        }
    }

    public async Task<IReadOnlyList<AppliedMigration>> AppliedAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(_builder.ConnectionString, cancellationToken);
        return await ReadAppliedAsync(db, null, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> EfHistoryAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(_builder.ConnectionString, cancellationToken);
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('\"{MigrationFile.EfHistoryTable}\"') IS NOT NULL", db))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return [];
            }
        }

        await using var read = new NpgsqlCommand($"SELECT \"MigrationId\" FROM \"{MigrationFile.EfHistoryTable}\" ORDER BY \"MigrationId\" LIMIT {MigrationFolder.MaxFiles + 1}", db);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<IMigrationLock> LockAsync(CancellationToken cancellationToken)
    {
        var db = await OpenAsync(_builder.ConnectionString, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", db);
            command.Parameters.AddWithValue("key", LockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new AdvisoryLock(db, time);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async Task<IScratchDatabase> CreateScratchAsync(CancellationToken cancellationToken)
    {
        var name = $"slipway_scratch_{Guid.NewGuid():N}";
        await using (var admin = await OpenAsync(_builder.ConnectionString, cancellationToken))
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin))
        {
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex)
            {
                throw new MigrationException($"cannot create the scratch database for the gate (the user needs CREATEDB): {ex.MessageText}", ex);
            }
        }

        var scratchBuilder = new NpgsqlConnectionStringBuilder(_builder.ConnectionString) { Database = name };
        var scratch = new Scratch(scratchBuilder.ConnectionString, _builder.ConnectionString, name);
        try
        {
            var dump = await Cli.Wrap("pg_dump")
                .WithArguments(["--schema-only", "--no-owner", "--no-privileges", "--exclude-table=" + AppliedTable])
                .WithEnvironmentVariables(LibpqEnvironment(_builder))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken);
            if (dump.ExitCode != 0)
            {
                throw new MigrationException($"pg_dump --schema-only failed (exit {dump.ExitCode}): {Tail(dump.StandardError)}");
            }

            var restore = await Cli.Wrap("psql")
                .WithArguments(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"])
                .WithStandardInputPipe(PipeSource.FromString(dump.StandardOutput))
                .WithEnvironmentVariables(LibpqEnvironment(scratchBuilder))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken);
            if (restore.ExitCode != 0)
            {
                throw new MigrationException($"restoring the schema into the scratch database failed (exit {restore.ExitCode}): {Tail(restore.StandardError)}");
            }

            return scratch;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            await scratch.DisposeAsync();
            throw new MigrationException($"the gate needs pg_dump and psql on the server's PATH (Debian: apt-get install postgresql-client): {ex.Message}", ex);
        }
        catch
        {
            await scratch.DisposeAsync();
            throw;
        }
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text.Trim();

    /// <summary>libpq's variables for pg_dump and psql: the password goes in PGPASSWORD, never on a command line.</summary>
    private static Dictionary<string, string?> LibpqEnvironment(NpgsqlConnectionStringBuilder b) => new()
    {
        ["PGHOST"] = b.Host,
        ["PGPORT"] = b.Port.ToString(CultureInfo.InvariantCulture),
        ["PGUSER"] = b.Username,
        ["PGPASSWORD"] = b.Password,
        ["PGDATABASE"] = b.Database,
        ["PGCONNECT_TIMEOUT"] = "10",
    };

    internal static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var db = new NpgsqlConnection(connectionString);
        try
        {
            await db.OpenAsync(cancellationToken);
            return db;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await db.DisposeAsync();
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            var reason = ex is PostgresException pg ? pg.MessageText : ex.InnerException?.Message ?? ex.Message;
            throw new MigrationException($"cannot reach the PostgreSQL database '{b.Database}' at {b.Host}:{b.Port}: {reason}", ex);
        }
    }

    private static async Task<IReadOnlyList<AppliedMigration>> ReadAppliedAsync(NpgsqlConnection db, NpgsqlTransaction? tx, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{AppliedTable}') IS NOT NULL", db, tx))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return [];
            }
        }

        await using var read = new NpgsqlCommand($"SELECT file, checksum, phase, run_id, applied_at FROM {AppliedTable} ORDER BY file", db, tx);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var applied = new List<AppliedMigration>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(new AppliedMigration(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return applied;
    }

    private sealed class AdvisoryLock(NpgsqlConnection db, TimeProvider time) : IMigrationLock
    {
        public async Task<bool> ApplyAsync(MigrationFile file, string runId, CancellationToken cancellationToken)
        {
            await using (var create = new NpgsqlCommand($"CREATE TABLE IF NOT EXISTS {AppliedTable} (file text PRIMARY KEY, checksum text NOT NULL, phase text NOT NULL, run_id text NOT NULL, applied_at text NOT NULL)", db))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var done = (await ReadAppliedAsync(db, null, cancellationToken)).FirstOrDefault(a => a.File == file.Name);
            if (done is not null)
            {
                return done.Checksum == file.Checksum
                    ? false
                    : throw new MigrationException($"{file.Name} was applied by run {done.RunId} with another checksum: a migration that ran is never changed; add a new file instead");
            }

            var statements = file.Statements();
            foreach (var s in statements)
            {
                MigrationText.RefuseTransactionControl(file, s);
            }

            var transactional = !statements.Any(s => s.HasKeyword("CONCURRENTLY"));
            await using var tx = transactional ? await db.BeginTransactionAsync(cancellationToken) : null;
            if (tx is not null)
            {
                await using var timeout = new NpgsqlCommand($"SET LOCAL lock_timeout = '{(int)LockTimeout.TotalMilliseconds}ms'", db, tx);
                await timeout.ExecuteNonQueryAsync(cancellationToken);
            }

            for (var i = 0; i < statements.Count; i++)
            {
                await using var command = new NpgsqlCommand(statements[i].Text, db, tx);
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException ex)
                {
                    var what = tx is not null
                        ? "the file's transaction was rolled back: nothing of it was applied"
                        : $"this file uses CONCURRENTLY and cannot run in a transaction: statements 1 to {i} of {statements.Count} ran, statement {i + 1} did not (a failed CREATE INDEX CONCURRENTLY leaves an INVALID index to drop)";
                    throw new MigrationException($"{file.Name}:{statements[i].Line}: {ex.MessageText} ({what})", ex);
                }
            }

            await using (var record = new NpgsqlCommand($"INSERT INTO {AppliedTable} (file, checksum, phase, run_id, applied_at) VALUES (@file, @checksum, @phase, @run, @at)", db, tx))
            {
                record.Parameters.AddWithValue("file", file.Name);
                record.Parameters.AddWithValue("checksum", file.Checksum);
                record.Parameters.AddWithValue("phase", MigrationText.Phase(file.Phase));
                record.Parameters.AddWithValue("run", runId);
                record.Parameters.AddWithValue("at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            if (tx is not null)
            {
                await tx.CommitAsync(cancellationToken);
            }

            return true;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", db);
                unlock.Parameters.AddWithValue("key", LockKey);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // Closing the session releases the lock as well.
            }

            await db.DisposeAsync();
        }
    }

    private sealed class Scratch(string connectionString, string adminConnectionString, string name) : IScratchDatabase
    {
        private const string UserSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

        private NpgsqlConnection? _db;

        public string ConnectionString => connectionString;

        public async Task<SchemaCatalog> SnapshotAsync(CancellationToken cancellationToken)
        {
            var db = await ConnectionAsync(cancellationToken);
            var columns = new Dictionary<string, List<CatalogColumn>>(StringComparer.Ordinal);
            var storage = new Dictionary<string, string>(StringComparer.Ordinal);
            await ReadAsync(db, $"""
                SELECT {Qualified("c")}, c.relkind::text, c.relfilenode::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm') AND {UserSchemas} AND c.relname <> '{AppliedTable}'
                """, r =>
            {
                columns[r.GetString(0)] = [];
                storage[r.GetString(0)] = r.GetString(1) is "v" ? "" : r.GetString(2);
            }, cancellationToken);
            await ReadAsync(db, $"""
                SELECT {Qualified("c")}, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm') AND {UserSchemas} AND c.relname <> '{AppliedTable}'
                ORDER BY c.oid, a.attnum
                """, r =>
            {
                if (columns.TryGetValue(r.GetString(0), out var list))
                {
                    list.Add(new CatalogColumn(r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetBoolean(4)));
                }
            }, cancellationToken);
            var views = new Dictionary<string, string>(StringComparer.Ordinal);
            await ReadAsync(db, $"""
                SELECT {Qualified("c")}, pg_get_viewdef(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('v', 'm') AND {UserSchemas}
                """, r => views[r.GetString(0)] = r.GetString(1), cancellationToken);
            var tables = columns.Where(c => !views.ContainsKey(c.Key))
                .ToDictionary(c => c.Key, c => new CatalogTable(c.Key, c.Value, storage[c.Key]), StringComparer.Ordinal);
            var constraints = new Dictionary<string, CatalogConstraint>(StringComparer.Ordinal);
            await ReadAsync(db, $"""
                SELECT {Qualified("c")}, con.conname, con.contype::text, con.convalidated, pg_get_constraintdef(con.oid)
                FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE {UserSchemas} AND c.relname <> '{AppliedTable}'
                """, r => constraints[$"{r.GetString(0)}.{r.GetString(1)}"] = new CatalogConstraint(r.GetString(0), r.GetString(1), r.GetString(2)[0], r.GetBoolean(3), r.GetString(4)), cancellationToken);
            var indexes = new Dictionary<string, CatalogIndex>(StringComparer.Ordinal);
            await ReadAsync(db, $"""
                SELECT {Qualified("i")}, {Qualified("t")}, pg_get_indexdef(i.oid)
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = i.relnamespace
                WHERE {UserSchemas} AND t.relname <> '{AppliedTable}'
                """, r => indexes[r.GetString(0)] = new CatalogIndex(r.GetString(1), r.GetString(0), r.GetString(2)), cancellationToken);
            var functions = new Dictionary<string, string>(StringComparer.Ordinal);
            await ReadAsync(db, $"""
                SELECT {Qualified("p", "proname")} || '(' || pg_get_function_identity_arguments(p.oid) || ')', md5(coalesce(p.prosrc, '') || ' returns ' || coalesce(pg_get_function_result(p.oid), ''))
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE {UserSchemas} AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
                """, r => functions[r.GetString(0)] = r.GetString(1), cancellationToken);
            return new SchemaCatalog(tables, constraints, indexes, views, functions);
        }

        /// <summary>public.users reads as users; other schemas keep their name.</summary>
        private static string Qualified(string alias, string column = "relname") =>
            $"CASE WHEN n.nspname = 'public' THEN {alias}.{column}::text ELSE n.nspname || '.' || {alias}.{column} END";

        public async Task<StatementOutcome> ExecuteAsync(SqlStatement statement, CancellationToken cancellationToken)
        {
            var db = await ConnectionAsync(cancellationToken);
            if (statement.HasKeyword("CONCURRENTLY"))
            {
                await using var plain = new NpgsqlCommand(statement.Text, db);
                try
                {
                    await plain.ExecuteNonQueryAsync(cancellationToken);
                    return StatementOutcome.Ok;
                }
                catch (PostgresException ex)
                {
                    return new StatementOutcome(ex.MessageText, []);
                }
            }

            // In its own transaction, so that the locks it took can be read before they are released.
            await using var tx = await db.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(statement.Text, db, tx);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex)
            {
                await tx.RollbackAsync(cancellationToken);
                return new StatementOutcome(ex.MessageText, []);
            }

            var locks = new List<string>();
            await using (var read = new NpgsqlCommand($"""
                SELECT {Qualified("c")} || ' ' || l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted AND {UserSchemas} AND c.relkind IN ('r', 'p')
                ORDER BY 1
                """, db, tx))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    locks.Add(reader.GetString(0));
                }
            }

            await tx.CommitAsync(cancellationToken);
            return new StatementOutcome(null, locks);
        }

        public async ValueTask DisposeAsync()
        {
            if (_db is not null)
            {
                await _db.DisposeAsync();
            }

            try
            {
                await using var admin = await OpenAsync(adminConnectionString, CancellationToken.None);
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or MigrationException)
            {
                // A scratch database left behind is named slipway_scratch_* and holds no data.
            }
        }

        private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken) =>
            _db ??= await OpenAsync(connectionString, cancellationToken);

        private static async Task ReadAsync(NpgsqlConnection db, string sql, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(sql, db);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                row(reader);
            }
        }
    }
}
