namespace Slipway.Server.Testing;

internal enum TestStageOutcome
{
    Passed,
    Failed,
    /// <summary>No test was found. Never a pass; the service's zero-tests policy decides whether it blocks.</summary>
    NoTests,
    /// <summary>A test project did not build; the compiler's message is in the result.</summary>
    BuildFailed,
}
