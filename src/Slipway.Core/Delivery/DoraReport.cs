namespace Slipway.Core.Delivery;

/// <summary>The four DORA figures over a window, for one service or all of them. Times are in seconds; null when nothing was measured.</summary>
public sealed record DoraFigures(
    int Deployments,
    double DeploymentsPerDay,
    double? LeadTimeMedianSeconds,
    double? LeadTimeP90Seconds,
    int Changes,
    int FailedChanges,
    double? ChangeFailureRate,
    int Restores,
    double? TimeToRestoreMedianSeconds);

/// <summary>One day of the window: what was deployed and what failed, for the chart over time.</summary>
public sealed record DoraDay(DateOnly Day, int Deployments, int FailedChanges, double? LeadTimeMedianSeconds, double? TimeToRestoreMedianSeconds);

public sealed record DoraReport(
    DateTimeOffset From,
    DateTimeOffset To,
    DoraFigures Overall,
    IReadOnlyDictionary<string, DoraFigures> Services,
    IReadOnlyList<DoraDay> Days,
    string Definitions);
