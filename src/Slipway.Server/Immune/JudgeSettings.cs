using Slipway.Core.Config;
using Slipway.Core.Judge;

namespace Slipway.Server.Immune;

/// <summary>The judge's checks and options for one release, from its slipway.yml (defaults when it declares none).</summary>
internal sealed record JudgeSettings(IReadOnlyList<Check> Checks, JudgeOptions Options)
{
    public static JudgeSettings From(ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var definitions = config.Checks.Select(c => new CheckDefinition
        {
            Name = c.Name,
            Metric = c.Metric,
            Kind = c.Kind switch
            {
                Core.Config.CheckKind.ErrorRatio => "error_ratio",
                Core.Config.CheckKind.LatencyQuantile => "latency_quantile",
                _ => "counter_rate",
            },
            Quantile = c.Quantile,
            Bad = c.Bad.ToString().ToLowerInvariant(),
            MinEffect = c.MinEffect?.ToString(),
            Critical = c.Critical,
        }).ToList();
        var checks = CheckFactory.CreateAll(definitions.Count == 0 ? null : definitions);
        var options = CheckFactory.CreateOptions(new JudgeOptionsDefinition
        {
            MinRequests = config.Judge.MinRequests,
            MaxBakeExtension = config.Judge.MaxBakeExtension is { } m ? $"{m.TotalMilliseconds:0}ms" : null,
            NotEnoughData = config.Judge.NotEnoughData?.ToString().ToLowerInvariant(),
            Shadow = config.Judge.Shadow,
            WatchWindow = config.Judge.WatchWindow is { } w ? $"{w.TotalMilliseconds:0}ms" : null,
        });
        if (!checks.IsValid || !options.IsValid)
        {
            // The config step validated both already; reaching here means the two validators disagree.
            throw new InvalidOperationException("Invalid judge settings: " + string.Join("; ", checks.Errors.Concat(options.Errors).Select(e => e.ToString())));
        }

        return new JudgeSettings(checks.Value!, options.Value!);
    }
}
