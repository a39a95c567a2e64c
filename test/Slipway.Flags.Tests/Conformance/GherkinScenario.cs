namespace Slipway.Flags.Tests.Conformance;

/// <summary>A runnable scenario: a plain scenario, or one Examples row of an outline, with the Background prepended.</summary>
internal sealed record GherkinScenario(string Id, string DisplayName, IReadOnlyList<string> Tags, IReadOnlyList<GherkinStep> Steps);
