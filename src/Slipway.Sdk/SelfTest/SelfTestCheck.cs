namespace Slipway.Sdk.SelfTest;

/// <summary>A named check registered with <see cref="SlipwayBuilder.AddSelfTestCheck(string, Func{IServiceProvider, CancellationToken, Task{SelfTestCheckResult}})"/>.</summary>
internal sealed record SelfTestCheck(string Name, Func<IServiceProvider, CancellationToken, Task<SelfTestCheckResult>> RunAsync);
