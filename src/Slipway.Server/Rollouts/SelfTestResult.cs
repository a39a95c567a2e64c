namespace Slipway.Server.Rollouts;

internal sealed record SelfTestResult(bool Passed, int? StatusCode, TimeSpan Elapsed, string Reason, string Body);
