namespace Slipway.Core.Testing;

/// <summary>The 1-minimal failure-inducing subset that delta debugging found, and the test runs it cost.</summary>
internal sealed record DeltaDebugResult<T>(IReadOnlyList<T> Minimal, int Runs);
