namespace Slipway.Core.Testing;

internal enum FailureKind
{
    /// <summary>Fails every time it runs alone: a real failure, the run fails.</summary>
    Real,
    /// <summary>Passes alone, fails again on a replay of the same order: another test pollutes it.</summary>
    OrderDependent,
    /// <summary>Passes and fails on the same code and the same order.</summary>
    Flaky,
    /// <summary>Was running when its shard timed out; not re-run.</summary>
    Hang,
}
