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

            if (NextWait(duration, time.GetElapsedTime(started)) is not { } wait)
            {
                break;
            }

            await Task.Delay(wait, time, cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// The wait before the next look: at most 100 ms, never past the end, and null once the end has passed. Never
    /// negative: <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> truncates to whole milliseconds and
    /// reads -1 ms as "forever", so a look that ended 1–2 ms after the bake's end used to wait for ever (a first
    /// release's bake hung so in the speed bench, with nothing journaled after its wave was routed).
    /// </summary>
    internal static TimeSpan? NextWait(TimeSpan duration, TimeSpan elapsed)
    {
        var left = duration - elapsed;
        if (left <= TimeSpan.Zero)
        {
            return null;
        }

        return left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100);
    }
}
