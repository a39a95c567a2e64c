namespace Slipway.Bench.ZeroDowntime;

/// <summary>
/// One request of the open-loop load: when it was due (seconds since the load started), its latency measured from
/// that due time (so a stall counts against every request it delays), its status (0 if it failed without one),
/// the version that answered, and the error, if any.
/// </summary>
internal sealed record LoadSample(double DueAt, double Latency, int Status, string? Version, string? Error)
{
    public bool Ok => Status is >= 200 and < 300;
}
