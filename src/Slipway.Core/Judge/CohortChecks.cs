namespace Slipway.Core.Judge;

/// <summary>
/// The series a cohort snapshot carries and the checks the cohort judge runs on them: the error ratio (+1 pp, 5xx out
/// of requests) and p99 latency (+20%) of the requests each cohort was served, and each declared goal (goals reached
/// per request must not drop by more than the goal's share, e.g. 2%).
/// </summary>
public static class CohortChecks
{
    /// <summary>Requests and 5xx answers of a cohort (in <see cref="GroupSnapshot.Requests"/>).</summary>
    public const string RequestsMetric = "slipway_cohort_requests";

    /// <summary>How long a cohort's requests took, as the SDK's outcomes middleware timed them (in <see cref="GroupSnapshot.Histograms"/>).</summary>
    public const string LatencyMetric = "slipway_cohort_request_duration_seconds";

    /// <summary>The series of one goal: requests and the goals reached in them (in <see cref="GroupSnapshot.Requests"/>).</summary>
    public static string GoalMetric(string goal) => GoalPrefix + goal;

    private const string GoalPrefix = "slipway_cohort_goal:";

    public static Check ErrorRatio { get; } = new()
    {
        Name = "error ratio",
        Metric = RequestsMetric,
        Kind = CheckKind.ErrorRatio,
        Bad = BadDirection.Increase,
        MinimumEffect = 0.01,
        Critical = true,
    };

    public static Check Latency { get; } = new()
    {
        Name = "p99 latency",
        Metric = LatencyMetric,
        Kind = CheckKind.LatencyQuantile,
        Quantile = 0.99,
        Bad = BadDirection.Increase,
        MinimumEffect = 0.20,
        Critical = true,
    };

    /// <summary>A declared goal: critical, and a drop of more than <paramref name="maxDrop"/> (relative, 0.02 = 2%) is a regression.</summary>
    public static Check Goal(string goal, double maxDrop)
    {
        ArgumentException.ThrowIfNullOrEmpty(goal);
        if (!double.IsFinite(maxDrop) || maxDrop <= 0 || maxDrop >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDrop), maxDrop, "a goal's allowed drop is a fraction in (0, 1)");
        }

        return new Check
        {
            Name = $"goal {goal}",
            Metric = GoalMetric(goal),
            Kind = CheckKind.GoalRatio,
            Bad = BadDirection.Decrease,
            MinimumEffect = maxDrop,
            Critical = true,
        };
    }

    /// <summary>The goal names the checks read (so that a goal no request reached is a real zero, not a missing series).</summary>
    public static IReadOnlyList<string> GoalNames(IEnumerable<Check> checks) =>
        [.. checks.Where(c => c.Kind == CheckKind.GoalRatio && c.Metric.StartsWith(GoalPrefix, StringComparison.Ordinal)).Select(c => c.Metric[GoalPrefix.Length..])];

    /// <summary>The error ratio, p99 latency and one check per declared goal (name, allowed relative drop).</summary>
    public static IReadOnlyList<Check> For(IEnumerable<KeyValuePair<string, double>>? goals = null) =>
        [ErrorRatio, Latency, .. (goals ?? []).Select(g => Goal(g.Key, g.Value))];
}
