using Slipway.Core.Testing;

namespace Slipway.Server.Testing;

/// <summary>One test method's result in the shuffled run (theory rows are folded into their method).</summary>
internal sealed record TestCaseResult(
    string Assembly,
    TestName Name,
    TestOutcome Outcome,
    TimeSpan Duration,
    int Shard,
    string? Message = null,
    string? StackTrace = null);
