namespace Slipway.Core.Testing;

/// <summary>What a flaky test (fails, then passes on a rerun) does to the run: fail it, or quarantine the test and report it (<c>tests.flaky</c>).</summary>
public enum FlakyPolicy
{
    Fail,
    Quarantine,
}
