namespace Slipway.Core.Journal;

/// <summary>
/// Something that happened, appended to the journal. Every event belongs to one service,
/// which is also the journal stream it is written to.
/// </summary>
public abstract record SlipwayEvent(string Service);
