namespace Slipway.Server.Journal;

/// <summary>A record as the journal holds it, with its global sequence number.</summary>
public sealed record StoredJournalRecord(long Sequence, string Stream, string Type, string Data, DateTimeOffset Timestamp);
