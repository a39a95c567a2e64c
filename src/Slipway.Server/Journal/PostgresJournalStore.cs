using System.Runtime.CompilerServices;
using Npgsql;

namespace Slipway.Server.Journal;

/// <summary>The journal at scale: one PostgreSQL table; appends in one transaction, read in sequence order.</summary>
internal sealed class PostgresJournalStore(string connectionString) : IJournalStore
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS slipway_journal (
                sequence  BIGSERIAL PRIMARY KEY,
                stream    TEXT NOT NULL,
                type      TEXT NOT NULL,
                data      TEXT NOT NULL,
                timestamp TIMESTAMPTZ NOT NULL
            );
            CREATE INDEX IF NOT EXISTS slipway_journal_stream ON slipway_journal (stream, sequence);
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<NewJournalRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // One writer at a time keeps sequence order equal to commit order, so a reader never skips a record.
        await using (var gate = new NpgsqlCommand("LOCK TABLE slipway_journal IN EXCLUSIVE MODE;", connection, transaction))
        {
            await gate.ExecuteNonQueryAsync(cancellationToken);
        }

        var sequences = new List<long>(records.Count);
        foreach (var record in records)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO slipway_journal (stream, type, data, timestamp) VALUES ($1, $2, $3, $4) RETURNING sequence;",
                connection,
                transaction);
            command.Parameters.AddWithValue(record.Stream);
            command.Parameters.AddWithValue(record.Type);
            command.Parameters.AddWithValue(record.Data);
            command.Parameters.AddWithValue(record.Timestamp.ToUniversalTime());
            sequences.Add((long)(await command.ExecuteScalarAsync(cancellationToken))!);
        }

        await transaction.CommitAsync(cancellationToken);
        return sequences;
    }

    public async IAsyncEnumerable<StoredJournalRecord> ReadAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT sequence, stream, type, data, timestamp FROM slipway_journal WHERE sequence > $1 ORDER BY sequence;");
        command.Parameters.AddWithValue(afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredJournalRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero));
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
