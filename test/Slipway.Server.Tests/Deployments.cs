namespace Slipway.Server.Tests;

/// <summary>
/// Integration tests that run real rollouts (many real processes) share this collection, so they run one after another
/// and a loaded two-core machine is not asked to start dozens of instances at once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class Deployments
{
    public const string Name = "Deployments";
}
