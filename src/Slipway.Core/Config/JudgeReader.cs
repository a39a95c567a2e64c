using Slipway.Core.Judge;

namespace Slipway.Core.Config;

/// <summary>
/// Reads the <c>judge:</c> section into the judge's own <see cref="JudgeOptions"/>; an absent value keeps
/// <see cref="JudgeOptions.Default"/>. This is the only place the options are validated.
/// </summary>
internal static class JudgeReader
{
    private static readonly string[] Keys = ["min_requests", "max_bake_extension", "not_enough_data", "shadow", "watch_window"];

    private static readonly (string, NotEnoughDataPolicy)[] Policies =
    [
        ("promote", NotEnoughDataPolicy.Promote), ("rollback", NotEnoughDataPolicy.Rollback), ("fail", NotEnoughDataPolicy.Fail),
    ];

    public static JudgeOptions Read(ConfigSection top)
    {
        var defaults = JudgeOptions.Default;
        var section = top.Section("judge", Keys, "a mapping of judge settings");
        if (section is null)
        {
            return defaults;
        }

        return defaults with
        {
            // A check decides on at least one request a side; zero would let it compare nothing with nothing.
            MinRequests = section.Int("min_requests", 1, int.MaxValue) ?? defaults.MinRequests,
            MaxBakeExtension = section.Duration("max_bake_extension", TimeSpan.Zero) ?? defaults.MaxBakeExtension,
            NotEnoughData = section.Choice("not_enough_data", Policies) ?? defaults.NotEnoughData,
            Shadow = section.Bool("shadow") ?? defaults.Shadow,
            WatchWindow = section.Duration("watch_window", TimeSpan.Zero) ?? defaults.WatchWindow,
        };
    }
}
