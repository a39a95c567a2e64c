namespace Slipway.Server.Journal;

/// <summary>A record on its way into the journal: the stream (a service), the event type and its JSON.</summary>
public sealed record NewJournalRecord(string Stream, string Type, string Data, DateTimeOffset Timestamp);
