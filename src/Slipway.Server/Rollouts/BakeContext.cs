namespace Slipway.Server.Rollouts;

/// <summary>What a bake gate gets to judge: all new instances, this wave's, the wave's fresh baseline, the old ones still serving, and the bake time.</summary>
public sealed record BakeContext(
    string Service,
    string RolloutId,
    int Wave,
    string Version,
    string? PreviousVersion,
    IReadOnlyList<string> NewInstanceIds,
    IReadOnlyList<string> WaveInstanceIds,
    IReadOnlyList<string> BaselineInstanceIds,
    IReadOnlyList<string> OldInstanceIds,
    TimeSpan BakeTime,
    string ConfigYaml)
{
    /// <summary>Where the gate reports each look (the judge's running numbers, why the bake is extended); optional.</summary>
    public IProgress<BakeLook>? Progress { get; init; }
}
