namespace Slipway.Server.FrontDoor;

/// <summary>
/// A copy of one <see cref="RequestRecorder"/>: requests per status class (index 0 = no answer, 1..5 = 1xx..5xx),
/// per-bucket (not cumulative) latency counts on <see cref="RequestRecorder.Bounds"/> plus +Inf, the latency sum in seconds, and requests in flight.
/// </summary>
internal sealed record RecorderSnapshot(IReadOnlyList<long> Classes, IReadOnlyList<long> Buckets, double SumSeconds, int InFlight)
{
    public long Requests => Classes.Sum();

    /// <summary>Server errors as the judge counts them: 5xx answers, and requests that got no answer at all (the proxy's 502/504 are 5xx).</summary>
    public long Errors => Classes[5] + Classes[0];
}
