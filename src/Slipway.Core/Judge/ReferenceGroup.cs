namespace Slipway.Core.Judge;

/// <summary>An old-version group the canary can be compared with, and the name the evidence uses for it.</summary>
internal sealed record ReferenceGroup(string Name, GroupSnapshot? Group);
