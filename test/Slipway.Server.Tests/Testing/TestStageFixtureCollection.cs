namespace Slipway.Server.Tests.Testing;

[CollectionDefinition(Name)]
public sealed class TestStageFixtureCollection : ICollectionFixture<FixtureProjects>
{
    public const string Name = "Test stage fixture projects";
}
