using Slipway.Server.Agents;

namespace Slipway.Server.Rollouts;

/// <summary>
/// The default bake: wait the bake time, and roll back early if a new instance crashes or stops listening meanwhile.
/// </summary>
internal sealed class TimedBakeGate(AgentHub agents, TimeProvider time) : IBakeGate
{
    public async Task<BakeVerdict> BakeAsync(BakeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await WatchForCrashesAsync(context, context.BakeTime, cancellationToken)
            ?? BakeVerdict.Promote($"baked {context.BakeTime.TotalSeconds:0.#} s; {context.NewInstanceIds.Count} new instance(s) stayed up");
    }

    /// <summary>Returns a rollback verdict as soon as a new instance restarts or disappears, or null once <paramref name="duration"/> passed.</summary>
    public async Task<BakeVerdict?> WatchForCrashesAsync(BakeContext context, TimeSpan duration, CancellationToken cancellationToken)
    {
        var restartsAtStart = context.NewInstanceIds.ToDictionary(id => id, id => agents.Status(id)?.Restarts ?? 0, StringComparer.Ordinal);
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < duration)
        {
            foreach (var id in context.NewInstanceIds)
            {
                var status = agents.Status(id);
                if (status is null || status.Restarts > restartsAtStart[id])
                {
                    var what = status is null ? "disappeared" : $"restarted ({status.Message})";
                    return BakeVerdict.Rollback("crash", $"instance {id} {what} during the bake after {time.GetElapsedTime(started).TotalSeconds:0.0} s");
                }
            }

            var left = duration - time.GetElapsedTime(started);
            await Task.Delay(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        return null;
    }
}
