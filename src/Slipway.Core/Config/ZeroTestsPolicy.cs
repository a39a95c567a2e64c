namespace Slipway.Core.Config;

/// <summary>What happens when the test step runs no test at all (<c>tests.zero_tests</c>).</summary>
public enum ZeroTestsPolicy
{
    Fail,
    Warn,
}
