namespace Slipway.Cli.Init;

/// <summary>
/// An endpoint a self-test can call, found in the web project's code: <c>MapHealthChecks("/healthz")</c> or
/// <c>MapSlipwaySelfTest()</c>. <see cref="DevelopmentOnly"/>: it is mapped inside an <c>IsDevelopment()</c> block, so
/// production would answer 404.
/// </summary>
internal sealed record HealthEndpoint(string Path, string Kind, string File, int Line, bool DevelopmentOnly);
