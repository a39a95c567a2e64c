namespace Slipway.Cli.Tests.Commands;

/// <summary>The test classes that share one server with the sample promoted twice (publishing it takes a while).</summary>
[CollectionDefinition(Name)]
public sealed class PromotedServerCollection : ICollectionFixture<LifecycleVerbTests.PromotedServer>
{
    public const string Name = "promoted server";
}
