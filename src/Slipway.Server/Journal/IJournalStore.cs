namespace Slipway.Server.Journal;

/// <summary>
/// Durable, append-only storage for journal records. Implementations: SQLite (embedded default) and PostgreSQL.
/// Both pass the same compliance suite (JournalStoreCompliance in the tests).
/// </summary>
public interface IJournalStore : IAsyncDisposable
{
    /// <summary>Creates the schema if it is missing. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Appends the records atomically, in order: all of them or none. Returns their sequence numbers.</summary>
    Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<NewJournalRecord> records, CancellationToken cancellationToken);

    /// <summary>Reads records with a sequence number greater than <paramref name="afterSequence"/>, in order.</summary>
    IAsyncEnumerable<StoredJournalRecord> ReadAsync(long afterSequence, CancellationToken cancellationToken);
}
