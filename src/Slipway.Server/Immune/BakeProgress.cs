using System.Globalization;
using Slipway.Core.Judge;
using Slipway.Server.Api;
using Slipway.Server.Rollouts;

namespace Slipway.Server.Immune;

/// <summary>Turns the judge's latest look at a bake into what <c>status</c> and the console show while it runs.</summary>
internal static class BakeProgress
{
    public static BakeProgressView Of(BakeContext context, JudgeOptions options, Verdict? verdict, string? sourceError, TimeSpan elapsed)
    {
        var limit = context.BakeTime + options.MaxBakeExtension;
        var left = Math.Max(0, (limit - elapsed).TotalSeconds);
        var policy = options.NotEnoughData.ToString().ToLowerInvariant();
        var waiting = verdict?.Checks
            .Where(e => e.Status == CheckStatus.NoData)
            .Select(e => e.Kind == CheckKind.CounterRate
                ? new BakeCheckProgress(e.Check, e.NewCount, e.OldCount, options.MinEvents, "events together", e.Rule)
                : new BakeCheckProgress(e.Check, e.NewCount, e.OldCount, options.MinRequests, "requests each", e.Rule))
            .ToList() ?? [];
        var wave = context.Wave + 1;
        var extended = elapsed > context.BakeTime;
        string state, line;
        var clock = $"{Seconds(elapsed.TotalSeconds)} of {Seconds(context.BakeTime.TotalSeconds)} bake (limit {Seconds(limit.TotalSeconds)})";
        var policyClock = $"{Seconds(left)} left before the not-enough-data policy ({policy}) applies";
        if (sourceError is not null || verdict is null)
        {
            state = "waiting_for_data";
            line = $"wave {wave}: waiting for metrics ({sourceError ?? "no look yet"}), {clock}; {policyClock}";
        }
        else if (waiting.Count > 0)
        {
            state = extended ? "extended_waiting_for_data" : "waiting_for_data";
            var counts = string.Join("; ", waiting.Select(w => $"{w.Check} {Count(w.New)} vs {Count(w.Old)} (need {Count(w.Minimum)} {w.Unit})"));
            line = $"wave {wave}: {(extended ? "bake extended, " : string.Empty)}waiting for data: {counts}, {clock}; {policyClock}";
        }
        else
        {
            state = extended ? "extended_undecided" : "judging";
            line = $"wave {wave}: {(extended ? $"bake extended (settled on point estimates in {Seconds(left)}), " : string.Empty)}{verdict.Summary}, {clock}";
        }

        return new BakeProgressView(context.RolloutId, wave, state, Round(elapsed.TotalSeconds), Round(context.BakeTime.TotalSeconds), Round(limit.TotalSeconds), Round(left), policy, waiting, line);
    }

    private static double Round(double seconds) => Math.Round(seconds, 1);

    private static string Seconds(double seconds) => seconds.ToString("0", CultureInfo.InvariantCulture) + " s";

    private static string Count(double count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
