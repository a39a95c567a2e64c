namespace Slipway.Server.Agents;

/// <summary>One agent as the console's fleet shows it: its host, when it was last heard from (a long-poll, a report or
/// metrics), whether that was within the last 30 s, and the instances of its last report.</summary>
public sealed record AgentSummary(string Host, DateTimeOffset LastSeen, bool Live, int Instances, int Listening);
