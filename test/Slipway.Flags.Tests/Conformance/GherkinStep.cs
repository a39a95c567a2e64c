namespace Slipway.Flags.Tests.Conformance;

/// <summary>One step of a scenario, with its data table (header row first) if it has one.</summary>
internal sealed record GherkinStep(string Keyword, string Text, IReadOnlyList<IReadOnlyList<string>> Table);
