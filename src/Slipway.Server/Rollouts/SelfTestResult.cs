namespace Slipway.Server.Rollouts;

/// <summary>A self-test's result. <see cref="Output"/>: the last lines of the instance's output when it crashed, masked.</summary>
internal sealed record SelfTestResult(bool Passed, int? StatusCode, TimeSpan Elapsed, string Reason, string Body, string? Output = null);
