namespace Slipway.Core.Config;

/// <summary>What happens to a test that fails and then passes on a rerun (<c>tests.flaky</c>).</summary>
public enum FlakyTestPolicy
{
    Fail,
    Quarantine,
}
