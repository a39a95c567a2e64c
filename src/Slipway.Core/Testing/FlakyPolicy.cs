namespace Slipway.Core.Testing;

/// <summary>What a flaky test does to the run: fail it, or quarantine the test and report it.</summary>
internal enum FlakyPolicy
{
    Fail,
    Quarantine,
}
