namespace Slipway.Sdk.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Project_builds_and_tests_run() => Assert.True(true);
}
