namespace Slipway.Server.Rollouts;

/// <summary>What a bake gate gets to judge: the wave, its new instances, the old ones still serving, and the bake time.</summary>
public sealed record BakeContext(
    string Service,
    string RolloutId,
    int Wave,
    string Version,
    string? PreviousVersion,
    IReadOnlyList<string> NewInstanceIds,
    IReadOnlyList<string> OldInstanceIds,
    TimeSpan BakeTime,
    string ConfigYaml);
