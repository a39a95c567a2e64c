namespace Slipway.Core.Testing;

/// <summary>What a run that finds no tests does: fail, or only warn. Never a pass either way.</summary>
internal enum ZeroTestsPolicy
{
    Fail,
    Warn,
}
