namespace Slipway.Core.Testing;

/// <summary>What a run that finds no tests does: fail, or only warn (<c>tests.zero_tests</c>). Never a pass either way.</summary>
public enum ZeroTestsPolicy
{
    Fail,
    Warn,
}
