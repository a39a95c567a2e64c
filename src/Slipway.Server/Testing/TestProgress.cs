namespace Slipway.Server.Testing;

/// <summary>Live progress of one shard, e.g. <c>shard 2/2: 41/87 passed (seed 1234)</c>.</summary>
internal sealed record TestProgress(
    string Assembly,
    int Shard,
    int ShardCount,
    int Completed,
    int Total,
    int Passed,
    int Failed,
    int Seed,
    string? CurrentTest)
{
    public override string ToString() =>
        $"shard {Shard}/{ShardCount}: {Passed}/{Total} passed{(Failed > 0 ? $", {Failed} failed" : string.Empty)} (seed {Seed})";
}
