namespace Slipway.Core.Config;

/// <summary>Reads the <c>judge:</c> section.</summary>
internal static class JudgeReader
{
    private static readonly string[] Keys = ["min_requests", "max_bake_extension", "not_enough_data", "shadow", "watch_window"];

    private static readonly (string, NotEnoughDataAction)[] Actions =
    [
        ("promote", NotEnoughDataAction.Promote), ("rollback", NotEnoughDataAction.Rollback), ("fail", NotEnoughDataAction.Fail),
    ];

    public static JudgeConfig Read(ConfigSection top)
    {
        var section = top.Section("judge", Keys, "a mapping of judge settings");
        if (section is null)
        {
            return new JudgeConfig();
        }

        return new JudgeConfig
        {
            MinRequests = section.Int("min_requests", 0, int.MaxValue),
            MaxBakeExtension = section.Duration("max_bake_extension", TimeSpan.Zero),
            NotEnoughData = section.Choice("not_enough_data", Actions),
            Shadow = section.Bool("shadow"),
            WatchWindow = section.Duration("watch_window", TimeSpan.Zero),
        };
    }
}
