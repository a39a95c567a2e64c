using Slipway.Core.Journal;

namespace Slipway.Server.Flags;

/// <summary>
/// What experiments count: per flag, the variant each distinct user was first served; per goal event, the distinct users
/// who reached it. Changed only under the journal's lock; read through <see cref="Observe"/> inside a journal read.
/// </summary>
internal sealed class ExperimentTally
{
    private readonly Dictionary<string, Dictionary<string, string>> _firstVariant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _goals = new(StringComparer.Ordinal);

    public long Dropped { get; private set; }

    public void Add(FlagEventsReceived batch)
    {
        foreach (var exposure in batch.Exposures)
        {
            if (!_firstVariant.TryGetValue(exposure.FlagKey, out var users))
            {
                _firstVariant[exposure.FlagKey] = users = new(StringComparer.Ordinal);
            }

            users.TryAdd(exposure.TargetingKey, exposure.Variant);
        }

        foreach (var goal in batch.Goals)
        {
            if (!_goals.TryGetValue(goal.Name, out var users))
            {
                _goals[goal.Name] = users = new(StringComparer.Ordinal);
            }

            users.Add(goal.TargetingKey);
        }

        Dropped += batch.Dropped;
    }

    /// <summary>Per variant: distinct users exposed, and how many of them reached the goal.</summary>
    public Dictionary<string, (long Exposures, long Conversions)> Observe(string flagKey, string goal)
    {
        var result = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        if (!_firstVariant.TryGetValue(flagKey, out var users))
        {
            return result;
        }

        _goals.TryGetValue(goal, out var converted);
        foreach (var (user, variant) in users)
        {
            var (exposures, conversions) = result.GetValueOrDefault(variant);
            result[variant] = (exposures + 1, conversions + (converted?.Contains(user) == true ? 1 : 0));
        }

        return result;
    }
}
